import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { columnPixels, rowHeight, wrappedLines } from '../../src/io/xlsx-layout.ts';
import { datasetSpec } from '../../src/qc/datasets.ts';
import { exportQcRound } from '../../src/qc/export.ts';
import { parseFilledSheet } from '../../src/qc/import.ts';
import { readManifest } from '../../src/qc/round.ts';
import { fixtureWorkspace } from './fixtures.ts';

/** Columns up to the last answer column must fit a 1366 px wide window beside the row headers and scroll bar. */
const SCREEN_1366 = 1366 - 80;
const DATASETS = ['sociocultural-statements', 'pact'] as const;
const YELLOW = 'FFFFF2CC';

async function exported(dataset: string) {
  const ws = fixtureWorkspace();
  const { dir } = await exportQcRound(ws, dataset, {
    size: 12,
    overlap: 4,
    seed: 3,
    annotators: ['ann', 'bo'],
    round: 'round-1',
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, 'ann.xlsx'));
  return { ws, dir, items: wb.getWorksheet('Items')!, instructions: wb.getWorksheet('Instructions')! };
}

const headers = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as string[]).slice(1);
const fillOf = (cell: ExcelJS.Cell) => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined);
const instructionText = (sheet: ExcelJS.Worksheet) =>
  sheet
    .getSheetValues()
    .flat()
    .filter((v) => typeof v === 'string')
    .join('\n');

describe('wrapped lines and row heights', () => {
  it('counts the lines word wrapping makes, a long word breaking inside it', () => {
    expect(wrappedLines('', 10)).toBe(1);
    expect(wrappedLines('aaaa bbbb', 10)).toBe(1);
    expect(wrappedLines('aaaa bbbb cccc', 10)).toBe(2);
    expect(wrappedLines('a'.repeat(20), 10)).toBe(3);
    expect(wrappedLines('one\ntwo', 40)).toBe(2);
    expect(wrappedLines('寿司寿司寿司', 6)).toBe(3);
  });

  it('makes a row as tall as its longest wrapped cell, and unwrapped cells one line', () => {
    const columns = [
      { width: 10, wrap: false },
      { width: 10, wrap: true },
    ];
    expect(rowHeight(['x'.repeat(50), 'short'], columns)).toBe(rowHeight(['', ''], columns));
    expect(rowHeight(['', 'aaaa bbbb cccc dddd eeee'], columns)).toBeGreaterThanOrEqual(3 * 15);
  });
});

describe.each(DATASETS)('the %s QC sheet', (dataset) => {
  it('puts the answer columns right after the id and the text being judged, those frozen', async () => {
    const { items } = await exported(dataset);
    const spec = datasetSpec(dataset);
    const judged = spec.context.filter((c) => c.judged).map((c) => c.name);
    const answers = [...spec.judgments.map((j) => j.name), 'comment'];
    expect(headers(items).slice(0, 1 + judged.length + answers.length)).toEqual([spec.idColumn, ...judged, ...answers]);
    const view = items.views[0] as { state: string; xSplit: number; ySplit: number };
    expect(view).toMatchObject({ state: 'frozen', xSplit: 1 + judged.length, ySplit: 1 });
  });

  it('fits the id, the text and every judgment column in a 1366 px wide window', async () => {
    const { items } = await exported(dataset);
    const lastAnswer = headers(items).indexOf(datasetSpec(dataset).judgments.at(-1)!.name);
    const pixels = Array.from({ length: lastAnswer + 1 }, (_, j) => columnPixels(items.getColumn(j + 1).width!)).reduce(
      (a, b) => a + b,
      0,
    );
    expect(pixels).toBeLessThanOrEqual(SCREEN_1366);
  });

  it('makes every column at least as wide as its header, so no header breaks inside a name', async () => {
    const { items } = await exported(dataset);
    headers(items).forEach((h, j) => expect(items.getColumn(j + 1).width, h).toBeGreaterThan(h.length));
  });

  it('gives each row a height that shows its wrapped text whole, and one row fits a 768 px high screen', async () => {
    const { items } = await exported(dataset);
    items.eachRow((row, n) => {
      if (n === 1) return;
      const lines = headers(items).map((_, j) =>
        row.getCell(j + 1).alignment?.wrapText
          ? wrappedLines(String(row.getCell(j + 1).value ?? ''), items.getColumn(j + 1).width!)
          : 1,
      );
      expect(row.height).toBeGreaterThanOrEqual(Math.max(...lines) * 15);
      expect(row.height).toBeLessThanOrEqual(409);
    });
  });

  it('says how many columns are yellow, names them, and mentions no grey columns', async () => {
    const { items, instructions } = await exported(dataset);
    const yellow = headers(items).filter((_, j) => fillOf(items.getRow(2).getCell(j + 1)) === YELLOW);
    const text = instructionText(instructions);
    const words = ['zero', 'one', 'two', 'three', 'four', 'five'];
    expect(text).toContain(`the ${words[yellow.length]} yellow columns`);
    for (const name of yellow) expect(text).toContain(`"${name}"`);
    const greyLocked = headers(items).some((_, j) => fillOf(items.getRow(2).getCell(j + 1)) === 'FFD9D9D9');
    if (!greyLocked) expect(text).not.toMatch(/gr[ae]y/i);
  });

  it('refuses a CSV saved from the Instructions sheet by naming the sheet to export', async () => {
    const { ws, dir, instructions } = await exported(dataset);
    const rows = instructions
      .getSheetValues()
      .slice(1)
      .map((r) => (r as string[]).slice(1));
    const file = join(ws.root, 'ann.csv');
    writeFileSync(file, stringify(rows));
    expect(readFileSync(file, 'utf8')).toMatch(/^normforge QC sheet,/);
    await expect(parseFilledSheet(datasetSpec(dataset), readManifest(dir), file)).rejects.toThrow(
      /this is the Instructions sheet: export the "Items" sheet/,
    );
  });
});
