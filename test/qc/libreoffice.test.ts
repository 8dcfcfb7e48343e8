import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportQcRound } from '../../src/qc/export.ts';
import { fixtureWorkspace } from './fixtures.ts';
import { CSV_FILTER, LIBREOFFICE_TEST_TIMEOUT_MS, soffice } from '../helpers/libreoffice.ts';

describe('sheets written here open in LibreOffice', { timeout: LIBREOFFICE_TEST_TIMEOUT_MS }, () => {
  it('gives the same cells (formula-like text stays text) and keeps the validation lists', async () => {
    const ws = fixtureWorkspace();
    const { dir, manifest } = await exportQcRound(ws, 'sociocultural-statements', {
      size: 30,
      overlap: 30,
      seed: 0,
      annotators: ['ann', 'bo'],
      round: 'round-1',
    });
    const out = mkdtempSync(join(tmpdir(), 'nf-lo-'));
    soffice(['--convert-to', CSV_FILTER, join(dir, 'ann.xlsx')], out);
    const itemsCsv = readdirSync(out).find((f) => f.includes('Items'))!;
    const rows = parse(readFileSync(join(out, itemsCsv), 'utf8'), { bom: true }) as string[][];
    const [header, ...body] = rows;
    expect(header).toEqual([
      'item_id',
      'dimension_meaning',
      'statement',
      'relevant',
      'score',
      'comment',
      'statement_id',
      'dimension',
    ]);
    const expected = manifest.items.map((i) => [
      i.item_id,
      i.context.dimension_meaning,
      i.context.statement,
      '',
      '',
      '',
      i.context.statement_id,
      i.context.dimension,
    ]);
    expect(body).toEqual(expected);
    expect(body.some((r) => r[2].startsWith('=HYPERLINK'))).toBe(true);
    expect(body.some((r) => r[2].startsWith('-1 point'))).toBe(true);

    const xlsxOut = mkdtempSync(join(tmpdir(), 'nf-lo-x-'));
    soffice(['--convert-to', 'xlsx', join(dir, 'ann.xlsx')], xlsxOut);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(xlsxOut, 'ann.xlsx'));
    const sheet = wb.getWorksheet('Items')!;
    const relevant = sheet.getRow(2).getCell(4).dataValidation;
    const score = sheet.getRow(body.length + 1).getCell(5).dataValidation;
    expect(relevant?.type).toBe('list');
    expect(String(relevant?.formulae?.[0]).replace(/"/g, '')).toBe('yes,no');
    expect(String(score?.formulae?.[0]).replace(/"/g, '')).toBe('-2,-1,1,2');
    expect(sheet.getRow(2).getCell(1).value).toBe(manifest.items[0].item_id);
  });
});
