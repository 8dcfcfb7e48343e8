import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { PROMPTS_DIR } from '../../src/llm/prompts.ts';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { recipeStatus } from '../../src/pipeline/status.ts';
import { RunLog } from '../../src/pipeline/runs.ts';
import { sha256 } from '../../src/pipeline/fingerprint.ts';
import { loadEvalRecipe } from '../../src/recipes/evaluation.ts';
import type { Recipe } from '../../src/pipeline/recipe.ts';
import { PolarityRecordSchema, RelevanceRecordSchema } from '../../src/statements/judgment-records.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { projectWith, statementFixture } from './fixtures.ts';

/**
 * A project's own `prompts/<lang>/<task>.md` beside its config takes precedence over the built-in
 * template: the stages that ask with that template (and only those) become stale, `status` names
 * the project's file as the reason, and the rerun asks with it and records it.
 */
describe('a project prompt override', () => {
  let sim: SimServer;
  let dir: string;
  let ws: Workspace;
  /** The statements recipe with its evaluation appended, so the evaluation's template is covered too. */
  let withEval: Recipe;

  beforeAll(async () => {
    sim = await startSimServer({ port: 0 });
    const panel = DEFAULT_PANEL.slice(0, 2).map((m) => ({ ...m, baseURL: `${sim.url}/v1`, runs: 1, rpm: 600_000 }));
    const stages = { 'eval-statements': { runs: 1, resamples: 200 } };
    dir = projectWith(statementFixture(6), { panel, stages });
    ws = Workspace.open({ cwd: dir });
    withEval = (await loadEvalRecipe('sociocultural-statements')).recipe;
    await runRecipe(ws, withEval, { from: 'translate' });
  });

  afterAll(async () => {
    ws?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const override = (rel: string) => {
    const file = join(dir, 'prompts', rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${readFileSync(join(PROMPTS_DIR, rel), 'utf8')}\nTake your time before answering.\n`);
    return file;
  };

  /**
   * Each stage's own reasons to rerun: not "never run" (the fixture starts at translate) and not an
   * upstream stage's rerun, which `status` passes down to everything after it.
   */
  async function ownReasons(): Promise<Record<string, string[]>> {
    const status = await recipeStatus(ws, withEval);
    return Object.fromEntries(
      status.map((s) => [s.stage, s.reasons.filter((r) => r !== 'never run' && !r.startsWith('upstream stage'))]),
    );
  }

  const stalePart = (reasons: Record<string, string[]>) =>
    Object.fromEntries(Object.entries(reasons).filter(([, r]) => r.length));

  it.each([
    ['en/polarity.md', ['judge-polarity']],
    ['zh/hofstede-economy.md', ['judge-relevance', 'judge-polarity']],
    ['zh/translate.md', ['translate']],
    ['en/eval-agree.md', ['eval-statements']],
    ['en/pact-usable.md', []],
  ])('%s makes exactly %j stale, each naming the override', async (rel, stages) => {
    expect(stalePart(await ownReasons())).toEqual({});
    const file = override(rel);
    try {
      const reason = `prompt ${rel}: the project's prompts/${rel} is used instead of the built-in (project)`;
      expect(stalePart(await ownReasons())).toEqual(Object.fromEntries(stages.map((s) => [s, [reason]])));
    } finally {
      rmSync(file);
    }
    expect(stalePart(await ownReasons())).toEqual({});
  });

  it('reruns only the stage that uses it, asks with it and records it as the project’s', async () => {
    const [first] = await readJsonlAll(ws.path('data/interim/polarity.jsonl'), PolarityRecordSchema);
    override('en/polarity.md');
    const report = await runRecipe(ws, withEval, { from: 'translate' });
    expect(report.stages.map((s) => `${s.stage}:${s.action}`)).toEqual([
      'translate:skipped',
      'judge-relevance:skipped',
      'judge-polarity:ran',
      'assemble-statements:ran',
      'eval-statements:ran',
    ]);
    const polarity = await readJsonlAll(ws.path('data/interim/polarity.jsonl'), PolarityRecordSchema);
    expect(polarity.length).toBeGreaterThan(0);
    for (const p of polarity) {
      expect(p.prompt_review).toEqual({ en: 'project', zh: 'built-in' });
      expect(p.prompt_version).not.toBe(first.prompt_version);
    }
    const run = new RunLog(ws.store).lastOk('judge-polarity');
    expect(run?.provenance.projectPrompts).toEqual({ 'en/polarity.md': { review: 'project', simulated: false } });
    expect(run?.provenance.prompts).toHaveProperty(
      'en/polarity.md',
      sha256(readFileSync(join(dir, 'prompts/en/polarity.md'))),
    );
    const relevance = await readJsonlAll(ws.path('data/interim/relevance.jsonl'), RelevanceRecordSchema);
    expect(relevance.every((r) => r.prompt_review.en === 'built-in')).toBe(true);
    expect(stalePart(await ownReasons())).toEqual({});
  });
});
