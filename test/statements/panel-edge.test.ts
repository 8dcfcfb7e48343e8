import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParquet, readParquetMetadata } from '../../src/io/parquet.ts';
import { runRecipe, type RunReport } from '../../src/pipeline/runner.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { tagged, type SimTask } from '../../src/llm/sim/task.ts';
import { polarityTask } from '../../src/llm/sim/tasks/polarity.ts';
import { CONTESTED_RULE } from '../../src/statements/aggregate.ts';
import { StatementLabelSchema, type StatementLabel } from '../../src/schemas/records.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { startCustomSim, type CustomSim } from './custom-sim.ts';
import { projectWith, statementFixture } from './fixtures.ts';
import { isContested, median, modeOfRuns } from './rederive.ts';

/**
 * A panel that misbehaves on purpose, through a test-only simulator: every pair is relevant, and
 * - statement 0 answers polarity 0 on the first attempt of every sample (then a valid score),
 * - statement 1 x PDI answers 0 for gpt-4.1's sample 0 in English on every attempt,
 * - statement 2 x IDV splits the panel: US models answer +2, Chinese models -1.
 */
const STATEMENTS = statementFixture(4);
const [FLAKY, STUBBORN, SPLIT] = STATEMENTS.map((s) => s.statement_id);
const thesisOf = (id: string) => STATEMENTS.find((s) => s.statement_id === id)!.thesis;
const US_MODELS = new Set(DEFAULT_PANEL.filter((m) => m.group === 'US').map((m) => m.model));
const ANSWER_RETRIES = 3;

function misbehavingPolarity(): SimTask {
  const attempts = new Map<string, number>();
  return {
    name: 'polarity',
    answer(ctx) {
      const statement = tagged(ctx.user, 'statement')!;
      const dimension = tagged(ctx.user, 'dimension');
      const key = `${ctx.model}|${statement}|${dimension}|${ctx.sampleIndex}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      if (statement.endsWith(thesisOf(FLAKY)) && attempt === 1) return { score: 0 };
      if (statement === thesisOf(STUBBORN) && dimension === 'PDI' && ctx.model === 'gpt-4.1' && ctx.sampleIndex === 0)
        return { score: 0 };
      if (statement.endsWith(thesisOf(SPLIT)) && dimension === 'IDV')
        return { score: US_MODELS.has(ctx.model) ? 2 : -1 };
      return polarityTask.answer(ctx);
    },
  };
}

interface CacheRow {
  key: string;
  item_id: string;
  model: string;
  language: string;
  sample_index: number;
  status: string;
  raw: string | null;
  error: string | null;
}

describe('polarity 0 and contested pairs, end to end', () => {
  let sim: CustomSim;
  let dir: string;
  let ws: Workspace;
  let report: RunReport;
  let labels: StatementLabel[];
  let polarityRows: CacheRow[];

  beforeAll(async () => {
    sim = await startCustomSim([{ name: 'relevance', answer: () => ({ relevant: true }) }, misbehavingPolarity()]);
    const panel = DEFAULT_PANEL.map((m) => ({ ...m, baseURL: `${sim.url}/v1`, rpm: 600_000, tpm: 1e9 }));
    dir = projectWith(STATEMENTS, { panel });
    ws = Workspace.open({ cwd: dir });
    // The stubborn sample stays invalid after every retry: the stage would end degraded, so this
    // build accepts that share of failures (as a user would with --accept-failures).
    report = await runRecipe(ws, recipe, { from: 'translate', acceptFailures: 0.01 });
    labels = readFileSync(join(dir, 'data/final/sociocultural-statements.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => StatementLabelSchema.parse(JSON.parse(l)));
    const db = new Database(join(dir, 'data/normforge.db'), { readonly: true });
    polarityRows = db
      .prepare(
        "SELECT key, item_id, model, language, sample_index, status, raw, error FROM llm_cache WHERE task = 'polarity'",
      )
      .all() as CacheRow[];
    db.close();
  });

  afterAll(async () => {
    ws?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const polarityVotes = (l: StatementLabel) => l.votes.filter((v) => v.step === 'polarity');

  it('never lets a 0 into the labels: every vote and every run is on the -2..+2 scale without 0', () => {
    expect(labels).toHaveLength(STATEMENTS.length * 6);
    for (const l of labels) {
      expect(l.polarity_votes).not.toContain(0);
      for (const v of polarityVotes(l)) {
        expect(v.vote).not.toBe(0);
        expect(v.answers).not.toContain(0);
      }
    }
  });

  it('re-asks each sample that answered 0 and keeps the valid answer; the stage counts the retries', () => {
    const flaky = polarityRows.filter((r) => r.item_id.startsWith(`${FLAKY}:`));
    expect(flaky).toHaveLength(6 * 8 * 5);
    const answered = sim.answersByKey();
    for (const r of flaky) {
      expect(r.status).toBe('ok');
      expect(JSON.parse(r.raw!).score).not.toBe(0);
      expect(answered.get(r.key)).toBe(2);
    }
    for (const l of labels.filter((x) => x.statement_id === FLAKY)) {
      expect(polarityVotes(l).every((v) => v.answers.length === 5 && v.answers.every((a) => a !== null))).toBe(true);
    }
    const stage = report.stages.find((s) => s.stage === 'judge-polarity')!;
    expect(stage.counts!.retries).toBe(flaky.length + ANSWER_RETRIES);
    expect(stage.counts!.failed_samples).toBe(1);
  });

  it('a sample that keeps answering 0 ends as a failure with its raw text; the member votes from its other runs', () => {
    const failed = polarityRows.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      item_id: `${STUBBORN}:PDI`,
      model: 'gpt-4.1',
      language: 'en',
      sample_index: 0,
      raw: '{"score":0}',
    });
    expect(failed[0].error).toMatch(/schema/);
    expect(sim.answersByKey().get(failed[0].key)).toBe(1 + ANSWER_RETRIES);

    const label = labels.find((l) => l.statement_id === STUBBORN && l.dimension === 'PDI')!;
    const member = polarityVotes(label).find((v) => v.model === 'gpt-4.1' && v.language === 'en')!;
    expect(member.answers[0]).toBeNull();
    const rest = member.answers.slice(1) as number[];
    expect(rest).toHaveLength(4);
    expect(member.vote).toBe(modeOfRuns(rest));
    expect(label.polarity_votes).toHaveLength(8);
    expect(label.score).toBe(median(label.polarity_votes));
  });

  it('writes the final labels in (statement_id, dimension) order, the Parquet file alike with its simulated flag', async () => {
    const keys = labels.map((l) => `${l.statement_id}\u0000${l.dimension}`);
    expect(keys).toEqual([...keys].sort());
    const parquet = join(dir, 'data/final/sociocultural-statements.parquet');
    const fromParquet = await readParquet(parquet, StatementLabelSchema);
    expect(fromParquet.map((l) => `${l.statement_id}\u0000${l.dimension}`)).toEqual(keys);
    expect(await readParquetMetadata(parquet)).toEqual({
      'normforge.simulated': String(labels.some((l) => l.simulated)),
    });
  });

  it('flags an even split across the sign as contested, by the documented rule, and the summary counts it', () => {
    const split = labels.find((l) => l.statement_id === SPLIT && l.dimension === 'IDV')!;
    expect([...split.polarity_votes].sort((a, b) => a - b)).toEqual([-1, -1, -1, -1, 2, 2, 2, 2]);
    expect(split.score).toBe(0.5);
    expect(split.contested).toBe(true);
    for (const l of labels) expect(l.contested).toBe(isContested(l.polarity_votes));

    const contested = labels.filter((l) => isContested(l.polarity_votes));
    const summary = JSON.parse(readFileSync(join(dir, 'data/final/sociocultural-statements.summary.json'), 'utf8'));
    expect(summary.contested).toBe(contested.length);
    expect(summary.per_dimension.IDV.contested).toBe(contested.filter((l) => l.dimension === 'IDV').length);
    expect(summary.contested_rule).toBe(CONTESTED_RULE);
    expect(CONTESTED_RULE).toMatch(/as many negative as positive/);
    expect(report.stages.find((s) => s.stage === 'assemble-statements')!.counts!.contested).toBe(contested.length);
  });
});
