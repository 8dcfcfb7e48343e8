import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportQcRound } from '../../src/qc/export.ts';
import { importQcFiles } from '../../src/qc/import.ts';
import { qcStats } from '../../src/qc/run-stats.ts';
import { fillSheetsWithSimulatedAnnotators } from '../../src/qc/simulated-annotators.ts';
import { fixtureWorkspace } from './fixtures.ts';

const annotators = ['ann', 'bo', 'cy', 'di'];

describe('QC sheet round trip', () => {
  it('exports a stratified overlap design, imports filled sheets and reports PACT stats', async () => {
    const ws = fixtureWorkspace();
    const { manifest, dir } = await exportQcRound(ws, 'pact', {
      size: 20,
      overlap: 8,
      seed: 3,
      annotators,
      round: 'round-1',
    });
    expect(manifest.items).toHaveLength(20);
    expect(manifest.items.filter((i) => i.overlap)).toHaveLength(8);
    expect(manifest.items.filter((i) => i.overlap).every((i) => i.annotators.length === 4)).toBe(true);
    expect(new Set(manifest.items.filter((i) => i.overlap).map((i) => i.stratum.split('|')[0]))).toEqual(
      new Set(['normad', 'cultureatlas']),
    );
    const solo = manifest.items.filter((i) => !i.overlap).map((i) => i.annotators[0]);
    expect(annotators.map((a) => solo.filter((s) => s === a).length)).toEqual([3, 3, 3, 3]);
    expect(new Set(manifest.items.map((i) => i.item_id)).size).toBe(20);

    const again = await exportQcRound(fixtureWorkspace(), 'pact', {
      size: 20,
      overlap: 8,
      seed: 3,
      annotators,
      round: 'round-1',
    });
    expect(again.manifest.items.map((i) => i.item_id)).toEqual(manifest.items.map((i) => i.item_id));

    const filled = await fillSheetsWithSimulatedAnnotators(ws, 'pact', 'round-1', join(dir, 'filled'));
    const res = await importQcFiles(ws, 'pact', filled, 'round-1');
    expect(res.map((r) => r.rows)).toEqual([11, 11, 11, 11]);
    expect(res.every((r) => r.missing_judgments === 0 && r.missing_items === 0)).toBe(true);

    const { stats } = await qcStats(ws, 'pact', 'round-1');
    if (stats.dataset !== 'pact') throw new Error('wrong dataset');
    expect(stats.coverage).toMatchObject({ expected_ratings: 44, imported_ratings: 44, missing_ratings: 0 });
    const plausible = stats.criteria.find((c) => c.criterion === 'plausible')!;
    expect(plausible.ratings).toBe(44);
    expect(plausible.agreement.items_rated_twice).toBe(8);
    expect(plausible.pass_rate).toBeGreaterThan(0.5);
    expect(stats.overall.gwet_ac1).not.toBeNull();
    const conf = stats.confusion[0].counts.flat().reduce((a, b) => a + b, 0);
    expect(conf).toBe(44);
    for (const f of ['stats.json', 'report.md', 'report.html']) expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/PABAK/);
  });

  it('statements: relevance precision, per-dimension MAE, partial sheets counted, CSV and xlsx both accepted', async () => {
    const ws = fixtureWorkspace();
    const { manifest, dir } = await exportQcRound(ws, 'sociocultural-statements', {
      size: 24,
      overlap: 12,
      seed: 1,
      annotators: ['ann', 'bo'],
      round: 'r2',
    });
    expect(new Set(manifest.strata.map((s) => s.key))).toEqual(new Set(['PDI', 'IDV', 'MAS', 'UAI', 'LTO', 'IND']));
    const byDim = manifest.strata.map((s) => s.sampled);
    expect(Math.max(...byDim) - Math.min(...byDim)).toBeLessThanOrEqual(1);

    // ann fills the xlsx fully with relevant = yes and the LLM's score; bo answers in the CSV, half the rows only
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'ann.xlsx'));
    const sheet = wb.getWorksheet('Items')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const llm = new Map(manifest.items.map((i) => [i.item_id, i.llm]));
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const id = String(row.getCell(1).value);
      row.getCell(header.indexOf('relevant') + 1).value = 'yes';
      row.getCell(header.indexOf('score') + 1).value = Number(llm.get(id)!.score);
    });
    const annFile = join(dir, 'filled', 'ann.xlsx');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(dir, 'filled'), { recursive: true });
    await wb.xlsx.writeFile(annFile);

    const csv = readFileSync(join(dir, 'bo.csv'), 'utf8');
    const { parse } = await import('csv-parse/sync');
    const { stringify } = await import('csv-stringify/sync');
    const rows = parse(csv, { bom: true }) as string[][];
    const [head, ...body] = rows;
    body.forEach((r, i) => {
      if (i % 2) return;
      r[head.indexOf('relevant')] = i % 4 ? 'no' : 'yes';
      r[head.indexOf('score')] = i % 4 ? '' : '-1';
    });
    const boFile = join(dir, 'filled', 'bo.csv');
    writeFileSync(boFile, stringify([head, ...body]));

    const res = await importQcFiles(ws, 'sociocultural-statements', [annFile, boFile], 'r2');
    const bo = res.find((r) => r.annotator === 'bo')!;
    expect(bo.rows).toBe(body.length);
    expect(bo.complete).toBe(Math.ceil(body.length / 2));
    expect(bo.missing_judgments).toBeGreaterThan(0);

    const { stats } = await qcStats(ws, 'sociocultural-statements', 'r2');
    if (stats.dataset !== 'sociocultural-statements') throw new Error('wrong dataset');
    expect(stats.dimensions).toHaveLength(6);
    const annRows = res.find((r) => r.annotator === 'ann')!.rows;
    expect(annRows).toBe(18);
    const yes = annRows + body.filter((_, i) => i % 4 === 0).length;
    const given = annRows + body.filter((_, i) => i % 2 === 0).length;
    expect(stats.relevance_precision).toBeCloseTo(yes / given, 10);
    expect(stats.human_vs_llm_mae).not.toBeNull();
    // the text that looks like a formula came back as text
    const statementText = manifest.items.find((i) => i.context.statement_id === '1000')?.context.statement;
    if (statementText) expect(statementText.startsWith('=HYPERLINK')).toBe(true);
  });
});
