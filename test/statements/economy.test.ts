import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runRecipe, type RunReport } from '../../src/pipeline/runner.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { DEFAULT_PANEL, resolvePanel } from '../../src/llm/default-panel.ts';
import { createPanel } from '../../src/llm/panel.ts';
import { createLogger } from '../../src/log/logger.ts';
import { builtInFramework } from '../../src/statements/framework.ts';
import type { EconomyAnswer } from '../../src/statements/answers.ts';
import { panelVotes, polarityOutcome } from '../../src/statements/aggregate.ts';
import { TRANSLATED_FILE } from '../../src/stages/shared/statements-judging.ts';
import { economyRequests } from '../../src/statements/requests.ts';
import { testSim } from '../llm/helpers.ts';
import { startSimServer } from '../../src/llm/sim/server.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { projectWith, statementFixture } from './fixtures.ts';

it('economy mode labels from one six-dimension answer per statement; polarity reuses it without a request', async () => {
  const sim = await startSimServer({ port: 0 });
  const panel = DEFAULT_PANEL.map((m) => ({ ...m, baseURL: `${sim.url}/v1`, rpm: 600_000, tpm: 1e9 }));
  const dir = projectWith(statementFixture(6), { panel, stages: { 'judge-relevance': { mode: 'economy' } } });
  const ws = Workspace.open({ cwd: dir });
  try {
    await runRecipe(ws, recipe, { from: 'translate', to: 'judge-relevance' });
    const afterRelevance = sim.stats().requests;
    await runRecipe(ws, recipe, { from: 'judge-polarity' });
    expect(sim.stats().requests).toBe(afterRelevance);
    const labels = readFileSync(join(dir, 'data/final/sociocultural-statements.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) {
      expect(l.relevant_votes).toBeGreaterThanOrEqual(4);
      expect(l.polarity_votes.length).toBeGreaterThan(0);
      expect(l.prompt_version).not.toContain(';');
    }
  } finally {
    ws.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('economy polarity is derived from the answers judge-relevance cached', () => {
  const llmOf = (report: RunReport, stage: string) => report.stages.find((s) => s.stage === stage)?.summary?.llm;

  async function economyProject() {
    const sim = await testSim({ seed: 3 });
    const panel = DEFAULT_PANEL.map((m) => ({ ...m, baseURL: `${sim.url}/v1`, rpm: 600_000, tpm: 1e9 }));
    const dir = projectWith(statementFixture(5), { panel, stages: { 'judge-relevance': { mode: 'economy' } } });
    const ws = Workspace.open({ cwd: dir });
    onTestFinished(() => (ws.close(), rmSync(dir, { recursive: true, force: true })));
    await runRecipe(ws, recipe, { from: 'translate', to: 'judge-relevance' });
    return { sim, dir, ws };
  }

  /** Today's labels: the panel asked for the relevant statements' economy answers (served by the cache). */
  async function askedLabels(ws: Workspace, dir: string) {
    const records = readJsonl(join(dir, 'data/interim/relevance.jsonl')).filter((r) => r.relevant);
    const texts = new Map(readJsonl(join(dir, TRANSLATED_FILE)).map((s) => [s.statement_id, s.texts]));
    const ids = [...new Set(records.map((r) => String(r.statement_id)))];
    const statements = ids.map((id) => ({ statement_id: id, texts: texts.get(id) as Record<string, string> }));
    const panel = createPanel({ store: ws.store, log: createLogger({ sink: () => undefined }), stage: 'check' });
    const { answers, stats } = await panel.ask(
      economyRequests(statements, resolvePanel(ws.config), builtInFramework()),
    );
    expect(stats.new).toBe(0);
    return records.map((r) => {
      const votes = panelVotes(
        answers.filter((a) => a.request.itemId === r.statement_id),
        (v: EconomyAnswer) => v[String(r.dimension)].score,
      );
      return { statement_id: r.statement_id, dimension: r.dimension, votes, ...polarityOutcome(votes) };
    });
  }

  it('asks nothing when every answer is cached, and labels as asking the panel again would', async () => {
    const { sim, dir, ws } = await economyProject();
    const requestsBefore = sim.stats().requests;
    const report = await runRecipe(ws, recipe, { from: 'judge-polarity', to: 'judge-polarity' });
    expect(llmOf(report, 'judge-polarity')).toBeUndefined();
    expect(sim.stats().requests).toBe(requestsBefore);
    const polarity = readJsonl(join(dir, 'data/interim/polarity.jsonl'));
    expect(polarity.length).toBeGreaterThan(0);
    expect(
      polarity.map(({ statement_id, dimension, votes, polarity_votes, score, contested }) => ({
        statement_id,
        dimension,
        votes,
        polarity_votes,
        score,
        contested,
      })),
    ).toEqual(await askedLabels(ws, dir));
  });

  it('asks only the request whose sample the cache lacks', async () => {
    const { sim, dir, ws } = await economyProject();
    const relevant = readJsonl(join(dir, 'data/interim/relevance.jsonl')).find((r) => r.relevant);
    const removed = ws.store
      .prepare(
        "DELETE FROM llm_cache WHERE task = 'hofstede-economy' AND item_id = ? AND model = ? AND language = 'en'" +
          ' AND sample_index = 0',
      )
      .run(String(relevant?.statement_id), DEFAULT_PANEL[0].model);
    expect(removed.changes).toBe(1);
    const report = await runRecipe(ws, recipe, { from: 'judge-polarity', to: 'judge-polarity' });
    expect(llmOf(report, 'judge-polarity')).toMatchObject({ new: 1, cached: DEFAULT_PANEL[0].runs - 1, failed: 0 });
    expect(sim.stats().answered).toBeGreaterThan(0);
    expect(readJsonl(join(dir, 'data/interim/polarity.jsonl'))).toHaveLength(
      readJsonl(join(dir, 'data/interim/relevance.jsonl')).filter((r) => r.relevant).length,
    );
  });
});

function readJsonl(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}
