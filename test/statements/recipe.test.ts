import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import { readParquet } from '../../src/io/parquet.ts';
import { StatementLabelSchema, type StatementLabel } from '../../src/schemas/records.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { projectWith, statementFixture } from './fixtures.ts';
import { isContested, median, modeOfRuns } from './rederive.ts';

interface Row {
  item_id: string;
  model: string;
  language: string;
  sample_index: number;
  raw: string | null;
}

function votesFromCache(
  db: Database.Database,
  task: string,
  pick: (json: Record<string, unknown>) => number | boolean | null,
): Map<string, Array<number | boolean | null>> {
  const rows = db
    .prepare(
      'SELECT item_id, model, language, sample_index, raw FROM llm_cache WHERE task = ? ORDER BY item_id, model, language, sample_index',
    )
    .all(task) as Row[];
  const runs = new Map<string, Map<string, (number | boolean)[]>>();
  for (const r of rows) {
    const value = r.raw === null ? null : pick(JSON.parse(r.raw));
    const perMember = runs.get(r.item_id) ?? new Map();
    const list = perMember.get(`${r.model}/${r.language}`) ?? [];
    if (value !== null) list.push(value);
    perMember.set(`${r.model}/${r.language}`, list);
    runs.set(r.item_id, perMember);
  }
  return new Map([...runs].map(([item, perMember]) => [item, [...perMember.values()].map(modeOfRuns)]));
}

describe('sociocultural-statements with the simulator (30 statements)', () => {
  let sim: SimServer;
  let dir: string;
  let ws: Workspace;

  beforeAll(async () => {
    sim = await startSimServer({ port: 0 });
    // Generous limits: the test is about labels, not pacing.
    const panel = DEFAULT_PANEL.map((m) => ({
      ...m,
      baseURL: `${sim.url}/v1`,
      rpm: 600_000,
      tpm: 1e9,
      maxConcurrency: 16,
    }));
    dir = projectWith(statementFixture(30), { panel });
    ws = Workspace.open({ cwd: dir });
    await runRecipe(ws, recipe, { from: 'translate' });
  });

  afterAll(async () => {
    ws?.close();
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const finalLabels = (): StatementLabel[] =>
    readFileSync(join(dir, 'data/final/sociocultural-statements.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => StatementLabelSchema.parse(JSON.parse(l)));

  it('labels every pair whose cached relevance votes reach 4 of 8, and only those', () => {
    const db = new Database(join(dir, 'data/normforge.db'), { readonly: true });
    const relevance = votesFromCache(db, 'relevance', (j) => (typeof j.relevant === 'boolean' ? j.relevant : null));
    db.close();
    expect(relevance.size).toBe(30 * 6);
    const expected = [...relevance]
      .filter(([, votes]) => votes.filter((v) => v === true).length >= 4)
      .map(([item]) => item)
      .sort();
    const labels = finalLabels();
    expect(labels.map((l) => `${l.statement_id}:${l.dimension}`).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(30 * 6);
    for (const l of labels) {
      expect(l.relevant_votes).toBe(
        relevance.get(`${l.statement_id}:${l.dimension}`)!.filter((v) => v === true).length,
      );
      expect(l.relevant_total).toBe(8);
    }
  });

  it('scores each label with the median of member votes re-derived from the cached polarity answers', () => {
    const db = new Database(join(dir, 'data/normforge.db'), { readonly: true });
    const polarity = votesFromCache(db, 'polarity', (j) => (typeof j.score === 'number' ? j.score : null));
    db.close();
    const labels = finalLabels();
    expect(polarity.size).toBe(labels.length);
    for (const l of labels) {
      const memberVotes = polarity
        .get(`${l.statement_id}:${l.dimension}`)!
        .filter((v): v is number => typeof v === 'number');
      expect([...l.polarity_votes].sort()).toEqual([...memberVotes].sort());
      expect(l.score).toBe(median(memberVotes));
      expect(l.contested).toBe(isContested(memberVotes));
      expect(l.polarity_votes).not.toContain(0);
    }
  });

  it('keeps the full vote distribution, models, prompt version and the simulated flag', () => {
    const labels = finalLabels();
    for (const l of labels) {
      expect(l.votes.filter((v) => v.step === 'relevance')).toHaveLength(8);
      expect(l.votes.filter((v) => v.step === 'polarity')).toHaveLength(8);
      expect(new Set(l.votes.map((v) => v.language))).toEqual(new Set(['en', 'zh']));
      expect(l.votes.every((v) => v.answers.length === 5)).toBe(true);
      expect(l.models.sort()).toEqual(DEFAULT_PANEL.map((m) => m.id).sort());
      expect(l.prompt_version).toMatch(/relevance:.+;polarity:.+/);
      expect(l.simulated).toBe(true);
    }
  });

  it('writes the Parquet twin and a per-dimension summary', async () => {
    const labels = finalLabels();
    const rows = await readParquet(join(dir, 'data/final/sociocultural-statements.parquet'), StatementLabelSchema);
    expect(rows).toHaveLength(labels.length);
    expect(rows[0]).toMatchObject({
      statement_id: labels[0].statement_id,
      dimension: labels[0].dimension,
      score: labels[0].score,
    });
    const summary = JSON.parse(readFileSync(join(dir, 'data/final/sociocultural-statements.summary.json'), 'utf8'));
    for (const d of ['PDI', 'IDV', 'MAS', 'UAI', 'LTO', 'IND'])
      expect(summary.per_dimension[d].statements).toBe(labels.filter((l) => l.dimension === d).length);
    expect(summary.polarity_note).toMatch(/long-term/);
    expect(summary.contested_rule).toMatch(/contested/);
  });

  it('translates into every panel language, marked simulated', () => {
    const rows = readFileSync(join(dir, 'data/interim/statements-translated.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(30);
    for (const r of rows) {
      expect(r.texts.zh).toBe(`[zh] ${r.thesis}`);
      expect(r.translation_source).toEqual({ en: 'original', zh: 'llm' });
    }
  });

  it('a forced rerun answers everything from the cache: the simulator sees no request', async () => {
    const before = sim.stats().requests;
    const report = await runRecipe(ws, recipe, { from: 'translate', force: true });
    expect(report.stages.map((s) => s.action)).toEqual(['ran', 'ran', 'ran', 'ran']);
    expect(sim.stats().requests).toBe(before);
  });
});
