import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { exportQcRound } from '../../src/qc/export.ts';
import { importQcFiles } from '../../src/qc/import.ts';
import { fillSheetsWithSimulatedAnnotators } from '../../src/qc/simulated-annotators.ts';
import { fixtureWorkspace } from './fixtures.ts';

/** What "Save as CSV" does to a filled workbook: the Items sheet alone, the Instructions sheet (and its marker) gone. */
async function saveAsCsv(xlsx: string, outDir: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const rows: string[][] = [];
  wb.getWorksheet('Items')!.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
  );
  const width = rows[0].length;
  mkdirSync(outDir, { recursive: true });
  const file = join(
    outDir,
    xlsx
      .split('/')
      .pop()!
      .replace(/\.xlsx$/, '.csv'),
  );
  writeFileSync(file, stringify(rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''))));
  return file;
}

describe('QC imports take "simulated" from the round manifest, whatever the sheet format', () => {
  it("the simulated annotators' sheets saved as .csv stay simulated", async () => {
    const ws = fixtureWorkspace();
    const { dir } = await exportQcRound(ws, 'pact', {
      size: 12,
      overlap: 6,
      seed: 4,
      annotators: ['ann', 'bo'],
      round: 'round-1',
    });
    const filled = await fillSheetsWithSimulatedAnnotators(ws, 'pact', 'round-1', join(dir, 'filled'));
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).simulated_annotators).toEqual(['ann', 'bo']);
    const csvs = [];
    for (const file of filled) csvs.push(await saveAsCsv(file, join(dir, 'as-csv')));
    const imported = await importQcFiles(ws, 'pact', csvs, 'round-1');
    expect(imported.map((r) => [r.annotator, r.simulated])).toEqual([
      ['ann', true],
      ['bo', true],
    ]);
    const ratings = readFileSync(join(dir, 'ratings.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { simulated: boolean });
    expect(ratings.length).toBeGreaterThan(0);
    expect(ratings.every((r) => r.simulated)).toBe(true);
  });

  it("exporting the same design again keeps the record of who is simulated; a person's annotator stays human", async () => {
    const ws = fixtureWorkspace();
    const design = { size: 12, overlap: 6, seed: 4, annotators: ['ann', 'bo'], round: 'round-1' };
    const { dir } = await exportQcRound(ws, 'pact', design);
    const [filled] = await fillSheetsWithSimulatedAnnotators(ws, 'pact', 'round-1', join(dir, 'filled'), ['ann']);
    await importQcFiles(ws, 'pact', [await saveAsCsv(filled, join(dir, 'as-csv'))], 'round-1');
    await exportQcRound(ws, 'pact', design);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { simulated_annotators: string[] };
    expect(manifest.simulated_annotators).toEqual(['ann']);
    const [bo] = await importQcFiles(ws, 'pact', [join(dir, 'bo.csv')], 'round-1');
    expect(bo).toMatchObject({ annotator: 'bo', simulated: false });
  });
});
