import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIM_PROFILES } from '../../src/llm/sim/profiles.ts';
import { runRecipe } from '../../src/pipeline/runner.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { statementsProject } from '../trust/project.ts';
import { proxyTo } from '../trust/proxy.ts';
import { testSim } from './helpers.ts';

/** The labels of a stage's records: each member's mode of runs and the panel's outcome (not the runs themselves). */
function labels(dir: string, file: string): unknown[] {
  return readFileSync(join(dir, 'data/interim', file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const {
        votes,
        failed_samples: _f,
        ...record
      } = JSON.parse(line) as {
        votes: Array<{ model: string; language: string; vote: unknown }>;
        failed_samples: number;
      };
      return { ...record, votes: votes.map(({ model, language, vote }) => ({ model, language, vote })) };
    });
}

async function judge(seed: number, earlyStop: boolean) {
  const sim = await testSim({ seed });
  const proxy = await proxyTo(sim.url);
  // The paper's design: its 4 models (the simulator declares each one's consistency), 2 languages, 5 runs, one request per run.
  const members = Object.keys(SIM_PROFILES).map((id) => ({
    id,
    baseURL: proxy.url,
    runs: 5,
    supportsN: false,
    languages: ['en', 'zh'],
    earlyStop,
  }));
  const project = statementsProject(6, members);
  await runRecipe(project.open(), recipe, { from: 'translate', to: 'translate' });
  const before = proxy.forwarded();
  const report = await runRecipe(project.open(), recipe, { from: 'judge-relevance', to: 'judge-polarity' });
  const llm = (stage: string) => report.stages.find((s) => s.stage === stage)!.summary!.llm as Record<string, number>;
  return {
    dir: project.dir,
    requests: proxy.forwarded() - before,
    relevance: llm('judge-relevance'),
    polarity: llm('judge-polarity'),
  };
}

describe('exact early stopping for mode-of-runs (earlyStop: true)', () => {
  it('gives labels identical to asking every run, with fewer requests, and records how many runs were asked', async () => {
    const full = await judge(41, false);
    const early = await judge(41, true);
    expect(labels(early.dir, 'relevance.jsonl')).toEqual(labels(full.dir, 'relevance.jsonl'));
    expect(labels(early.dir, 'polarity.jsonl')).toEqual(labels(full.dir, 'polarity.jsonl'));
    expect(early.requests).toBeLessThan(full.requests);
    expect(early.relevance.runs_asked).toBeLessThan(early.relevance.runs_configured);
    expect(early.relevance.runs_configured).toBe(6 * 6 * 4 * 2 * 5);
    expect(early.relevance).toMatchObject({ failed: 0 });
    // Each record's runs are the runs asked: at least a majority (3 of 5), never more than 5.
    const runsPerVote = readFileSync(join(early.dir, 'data/interim/relevance.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .flatMap((line) =>
        (JSON.parse(line) as { votes: Array<{ answers: unknown[] }> }).votes.map((v) => v.answers.length),
      );
    expect(Math.min(...runsPerVote)).toBe(3);
    expect(Math.max(...runsPerVote)).toBeLessThanOrEqual(5);
  }, 120_000);
});
