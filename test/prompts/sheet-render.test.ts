import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteSimulator } from '../llm/helpers.ts';
import { REVIEW_COLUMNS, REVIEW_SHEET } from '../../src/qc/prompts/sheet.ts';
import { translatePrompts } from '../../src/qc/prompts/translate.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';
import { CSV_FILTER, LIBREOFFICE_TEST_TIMEOUT_MS, pagePng, pdfPages, soffice } from '../helpers/libreoffice.ts';
import { projectWithConfig, readReviewRows, type RowView } from './helpers.ts';

/**
 * The prompt review sheet through the same LibreOffice checks as the QC sheets (test/qc): its
 * cells and drop-down survive LibreOffice, and printed, the reviewer's columns and a row's whole
 * text are on the first page of the sheet.
 */
describe('a prompt review sheet in LibreOffice Calc', { timeout: LIBREOFFICE_TEST_TIMEOUT_MS }, () => {
  const simulator = suiteSimulator();
  let ws: Workspace;
  let sheet: string;
  let rows: RowView[];

  beforeAll(async () => {
    ws = projectWithConfig({});
    sheet = (await translatePrompts(ws, { to: 'ar', simulator })).sheet ?? '';
    rows = await readReviewRows(sheet);
  });
  afterAll(() => ws?.close());

  it('gives the same cells and keeps the status drop-down', async () => {
    const out = join(ws.root, 'csv');
    mkdirSync(out);
    soffice(['--convert-to', CSV_FILTER, sheet], out);
    const csv = readdirSync(out).find((f) => f.includes(REVIEW_SHEET));
    expect(csv).toBeDefined();
    const [header, ...body] = parse(readFileSync(join(out, csv ?? ''), 'utf8'), { bom: true }) as string[][];
    expect(header).toEqual(REVIEW_COLUMNS.map((c) => c.header));
    expect(body).toEqual(rows.map((r) => [r.item, r.source, r.translation, '', '', '', r.backTranslation]));

    const xlsx = join(ws.root, 'xlsx');
    mkdirSync(xlsx);
    soffice(['--convert-to', 'xlsx', sheet], xlsx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(xlsx, 'review.xlsx'));
    const status = wb
      .getWorksheet(REVIEW_SHEET)
      ?.getRow(body.length + 1)
      .getCell(4).dataValidation;
    expect(status?.type).toBe('list');
    expect(String(status?.formulae?.[0]).replace(/"/g, '')).toBe('approved,edited,rejected');
  });

  it('prints the reviewer’s columns beside a whole text on the first page of the sheet', () => {
    const out = join(ws.root, 'pdf');
    mkdirSync(out);
    soffice(['--convert-to', 'pdf', sheet], out);
    const pdf = join(out, 'review.pdf');
    const pages = pdfPages(pdf);
    const first = pages.findIndex((p) => p.includes(rows[0].item));
    expect(first, 'no page shows a row').toBeGreaterThanOrEqual(0);
    const words = pages[first].split(' ');
    for (const header of REVIEW_COLUMNS.map((c) => c.header)) expect(words, `column ${header}`).toContain(header);
    const definition = rows.find((r) => r.item.endsWith('#PDI.definition'));
    const page = pages.find((p) => p.includes(definition?.item ?? '?')) ?? '';
    expect(page).toContain(definition?.translation);
    expect(page).toContain(definition?.source);
    const png = pagePng(pdf, first + 1, join(out, 'prompts-review'));
    expect(existsSync(png) && statSync(png).size > 10_000).toBe(true);
  });
});
