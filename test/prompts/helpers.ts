import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { REVIEW_COLUMNS, REVIEW_SHEET } from '../../src/qc/prompts/sheet.ts';
import { Workspace } from '../../src/workspace/workspace.ts';

/** A temp project folder with this config; its prompts/ folder sits beside the config. */
export function projectWithConfig(config: Record<string, unknown>): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'nf-prompts-'));
  writeFileSync(join(dir, 'normforge.config.json'), JSON.stringify(config));
  return Workspace.open({ cwd: dir });
}

export interface RowView {
  item: string;
  source: string;
  translation: string;
  backTranslation: string;
}

/** What a reviewer decides for one row: a status, and for `edited` the corrected text. */
export type Review = { status: string; reviewed?: string; comment?: string } | undefined;

const column = (header: string) => REVIEW_COLUMNS.findIndex((c) => c.header === header) + 1;

/** The data rows of a review sheet, as a reviewer reads them. */
export async function readReviewRows(file: string): Promise<RowView[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(REVIEW_SHEET);
  if (!ws) throw new Error(`no ${REVIEW_SHEET} sheet in ${file}`);
  const rows: RowView[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const text = (h: string) => String(row.getCell(column(h)).value ?? '');
    rows.push({
      item: text('item'),
      source: text('source'),
      translation: text('translation'),
      backTranslation: text('back_translation'),
    });
  });
  return rows;
}

/**
 * Fills a review sheet the way a reviewer does in a spreadsheet: types into the yellow cells
 * (status, reviewed translation, comment) of the rows `decide` answers, saves under `out`.
 */
export async function fillReviewSheet(file: string, out: string, decide: (row: RowView) => Review): Promise<string> {
  const views = await readReviewRows(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(REVIEW_SHEET);
  if (!ws) throw new Error(`no ${REVIEW_SHEET} sheet in ${file}`);
  views.forEach((view, i) => {
    const review = decide(view);
    if (!review) return;
    const row = ws.getRow(i + 2);
    row.getCell(column('status')).value = review.status;
    if (review.reviewed !== undefined) row.getCell(column('reviewed_translation')).value = review.reviewed;
    if (review.comment !== undefined) row.getCell(column('comment')).value = review.comment;
  });
  await wb.xlsx.writeFile(out);
  return out;
}
