import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { RunLog } from '../../src/pipeline/runs.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import { chrf } from '../../src/stats/chrf.ts';
import { planTotals } from '../../src/stages/shared/statement-count.ts';
import { TranslatedStatementSchema, type TranslatedStatement } from '../../src/schemas/records.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { projectWith, statementFixture } from './fixtures.ts';

const REVIEW = 'data/interim/translation-review.csv';

function readCsvRows(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true });
}

describe('translate checks each machine translation by back-translation (chrF), and lists low scores', () => {
  let sim: SimServer | undefined;
  let dir: string | undefined;
  let ws: Workspace | undefined;

  afterEach(async () => {
    ws?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function build(n: number, opts: { faults?: string; csv?: string }) {
    const statements = statementFixture(n);
    sim = await startSimServer({ port: 0, faults: opts.faults });
    const panel = DEFAULT_PANEL.map((m) => ({ ...m, baseURL: `${sim!.url}/v1`, rpm: 600_000, tpm: 1e9 }));
    dir = projectWith(statements, { panel });
    const sources: Record<string, string> = {};
    if (opts.csv) {
      sources.translations = join(dir, 'translations.csv');
      writeFileSync(sources.translations, opts.csv);
    }
    writeFileSync(join(dir, 'normforge.config.json'), JSON.stringify({ panel, sources }));
    ws = Workspace.open({ cwd: dir });
    const report = await runRecipe(ws, recipe, { only: 'translate' });
    const records: TranslatedStatement[] = readFileSync(join(dir, 'data/interim/statements-translated.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => TranslatedStatementSchema.parse(JSON.parse(l)));
    const run = new RunLog(ws.store).lastOk('translate')!;
    return { statements, report: report.stages[0], records, run, review: readCsvRows(join(dir, REVIEW)), sim };
  }

  it('round-trips faithful simulated translations to chrF 1, and leaves user translations unchecked', async () => {
    const first = statementFixture(1)[0].statement_id;
    const { statements, records, run, review, report, sim } = await build(3, {
      csv: `id,language,text\n${first},zh,用户的译文\n`,
    });
    // Two machine translations, each asked forward and back; the user's is neither.
    expect(sim.stats().requests).toBe(2 * (statements.length - 1));
    for (const r of records) {
      if (r.statement_id === first) expect(r.translation_check).toEqual({});
      else expect(r.translation_check).toEqual({ zh: { back_translation: r.thesis, chrf: 1 } });
    }
    expect(review).toEqual([]);
    expect(report.counts).toMatchObject({ back_translated: 2, to_review: 0 });
    expect(run.provenance.translationCheck).toMatchObject({
      measure: expect.stringContaining('chrF'),
      reviewBelow: 0.5,
      byLanguage: { zh: { checked: 2, failed: 0, toReview: 0, meanChrf: 1, minChrf: 1 } },
      toReview: [],
    });
  });

  it('lists the translations a mistranslate fault spoiled, lowest first, with counts in summary and provenance', async () => {
    const { records, run, review, report } = await build(12, { faults: 'mistranslate=0.3' });
    const scored = records.map((r) => ({ r, check: r.translation_check!.zh }));
    const low = scored.filter(({ check }) => check.chrf! < 0.5);
    // The fault is seeded per request: some translations (or their back-translations) are cut short.
    expect(low.length).toBeGreaterThan(0);
    expect(low.length).toBeLessThan(records.length);
    for (const { r, check } of scored) expect(check.chrf).toBeCloseTo(chrf(check.back_translation!, r.thesis), 12);
    expect(scored.filter(({ check }) => check.chrf === 1).length).toBe(records.length - low.length);

    expect(review.map((row) => row.statement_id).sort()).toEqual(low.map(({ r }) => r.statement_id).sort());
    const scores = review.map((row) => Number(row.chrf));
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const worst = low.find(({ r }) => r.statement_id === review[0].statement_id)!;
    expect(review[0]).toEqual({
      statement_id: worst.r.statement_id,
      language: 'zh',
      source_language: 'en',
      chrf: String(worst.check.chrf),
      source_text: worst.r.thesis,
      translation: worst.r.texts.zh,
      back_translation: worst.check.back_translation,
    });
    expect(report.counts).toMatchObject({ back_translated: records.length, to_review: low.length });
    expect(run.provenance.translationCheck).toMatchObject({
      byLanguage: { zh: { checked: records.length, toReview: low.length } },
    });
    expect((run.provenance.translationCheck as { toReview: unknown[] }).toReview).toHaveLength(low.length);
  });

  it('reviewBelow moves the line, and backTranslate false asks nothing back and lists nothing', async () => {
    const { records } = await build(12, { faults: 'mistranslate=0.3' });
    const below = (t: number) => records.filter((r) => r.translation_check!.zh.chrf! < t).length;
    ws!.close();
    const config = JSON.parse(readFileSync(join(dir!, 'normforge.config.json'), 'utf8'));
    writeFileSync(
      join(dir!, 'normforge.config.json'),
      JSON.stringify({ ...config, stages: { translate: { reviewBelow: 0.99 } } }),
    );
    ws = Workspace.open({ cwd: dir! });
    const stricter = await runRecipe(ws, recipe, { only: 'translate' });
    expect(stricter.stages[0].counts).toMatchObject({ to_review: below(0.99) });
    expect(below(0.99)).toBeGreaterThanOrEqual(below(0.5));

    ws.close();
    writeFileSync(
      join(dir!, 'normforge.config.json'),
      JSON.stringify({ ...config, stages: { translate: { backTranslate: false } } }),
    );
    ws = Workspace.open({ cwd: dir! });
    const before = sim!.stats().requests;
    const off = await runRecipe(ws, recipe, { only: 'translate' });
    expect(sim!.stats().requests).toBe(before);
    expect(off.stages[0].counts).toMatchObject({ back_translated: 0, to_review: 0 });
    expect(readCsvRows(join(dir!, REVIEW))).toEqual([]);
    const rows = readFileSync(join(dir!, 'data/interim/statements-translated.jsonl'), 'utf8').trim().split('\n');
    expect(rows.map((l) => JSON.parse(l).translation_check)).toEqual(rows.map(() => undefined));
  });

  it('the plan counts the back-translations: one request back per statement and language translated', async () => {
    const plan = async (backTranslate: boolean) => {
      const d = projectWith([], { stages: { translate: { assumeStatements: 40, backTranslate } } });
      const w = Workspace.open({ cwd: d });
      try {
        const report = await runRecipe(w, recipe, { only: 'translate', dryRun: true });
        return planTotals(report.stages[0].plan!);
      } finally {
        w.close();
        rmSync(d, { recursive: true, force: true });
      }
    };
    const [checked, unchecked] = [await plan(true), await plan(false)];
    // The default panel translates into zh only (en is the source): 40 forward, 40 back.
    expect(unchecked.requests).toBe(40);
    expect(checked.requests).toBe(80);
    expect(checked.costUsd).toBeGreaterThan(unchecked.costUsd);
  });
});
