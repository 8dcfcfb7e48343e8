import ExcelJS from 'exceljs';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from './atomic.ts';
import { repeatedName } from './csv.ts';
import { requireInputFile } from './input-file.ts';
import { rowHeight } from './xlsx-layout.ts';

export interface SheetColumn {
  header: string;
  width: number;
  wrap: boolean;
  /** Editable by the annotator; every other column is locked by the sheet protection. */
  editable: boolean;
  /** Kept in view while scrolling sideways (frozen); only a leading run of columns can be. */
  frozen: boolean;
  /** Allowed values: a drop-down list validation on every data cell of the column. */
  list?: string[];
}

export interface AnnotationWorkbook {
  sheetName: string;
  columns: SheetColumn[];
  rows: string[][];
  instructions: string[][];
}

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } } as const;
const EDITABLE_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } } as const;

/**
 * Writes an annotation workbook: an instructions sheet first, then the data sheet with a frozen
 * header and frozen leading columns, wrapped text in rows tall enough to show it whole, drop-down
 * validation on the editable list columns, and sheet protection that locks everything but the
 * editable cells. Every value is written as a plain string cell, so text such as "=SUM(A1)" or
 * "-1 point" is never taken for a formula.
 */
export async function writeAnnotationWorkbook(file: string, book: AnnotationWorkbook): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'normforge';
  addInstructions(wb, book.instructions);
  const ws = wb.addWorksheet(book.sheetName, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: frozenColumns(book.columns) }],
  });
  ws.columns = book.columns.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'top' };
  });
  header.height = rowHeight(
    book.columns.map((c) => c.header),
    book.columns.map((c) => ({ ...c, wrap: true })),
  );
  book.rows.forEach((values, i) => {
    const row = ws.getRow(i + 2);
    book.columns.forEach((col, j) => styleCell(row.getCell(j + 1), col, values[j] ?? ''));
    row.height = rowHeight(values, book.columns);
  });
  addListValidations(ws, book.columns, book.rows.length);
  fitPrintToPageWidth(ws);
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  writeFileAtomic(file, new Uint8Array(await wb.xlsx.writeBuffer()));
}

function frozenColumns(columns: readonly SheetColumn[]): number {
  const firstFree = columns.findIndex((c) => !c.frozen);
  return firstFree < 0 ? columns.length : firstFree;
}

/**
 * Printed (and so exported to PDF) landscape, all columns on one page width with the header
 * repeated, so a printout or a PDF shows the answer columns beside the text they judge.
 */
function fitPrintToPageWidth(ws: ExcelJS.Worksheet): void {
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
}

function styleCell(cell: ExcelJS.Cell, col: SheetColumn, value: string): void {
  if (value !== '') cell.value = value;
  cell.alignment = { wrapText: col.wrap, vertical: 'top' };
  cell.protection = { locked: !col.editable };
  if (!col.editable) return;
  cell.fill = EDITABLE_FILL;
}

/** exceljs's worksheet-level validation map (range → rule); present at runtime, missing from its typings. */
type WithValidations = ExcelJS.Worksheet & {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
};

/**
 * One list validation per judgment column, over all its data rows. Set cell by cell, exceljs
 * merges the cells into ranges in text order of their addresses and writes overlapping ranges
 * (`F10:F11` and `F2:F11`) once a sheet has ten rows or more.
 */
function addListValidations(ws: ExcelJS.Worksheet, columns: readonly SheetColumn[], rows: number): void {
  if (rows === 0) return;
  columns.forEach((col, j) => {
    if (!col.editable || !col.list) return;
    const letter = ws.getColumn(j + 1).letter;
    (ws as WithValidations).dataValidations.add(`${letter}2:${letter}${rows + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${col.list.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: `Invalid ${col.header}`,
      error: `Choose one of: ${col.list.join(', ')}`,
    });
  });
}

export const INSTRUCTIONS_SHEET = 'Instructions';

const INSTRUCTION_COLUMNS = [
  { width: 22, wrap: true },
  { width: 100, wrap: true },
];

function addInstructions(wb: ExcelJS.Workbook, lines: string[][]): void {
  const ws = wb.addWorksheet(INSTRUCTIONS_SHEET);
  ws.columns = INSTRUCTION_COLUMNS.map((c) => ({ width: c.width }));
  for (const line of lines) {
    const row = ws.addRow(line);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.height = rowHeight(line, INSTRUCTION_COLUMNS);
  }
  ws.getColumn(1).font = { bold: true };
  ws.pageSetup = { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

export interface SheetRow {
  /** Spreadsheet row number (header = 1). */
  row: number;
  values: Record<string, string>;
}

export interface SheetContent {
  header: string[];
  rows: SheetRow[];
}

/** Reads one sheet as text cells keyed by header; a missing file or sheet, or a repeated column name, is a `UserError`. */
export async function readSheet(file: string, sheetName: string): Promise<SheetContent> {
  requireInputFile(file);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (err) {
    throw new UserError(`not a readable .xlsx workbook (${(err as Error).message})`, { file });
  }
  const ws = wb.getWorksheet(sheetName);
  if (!ws)
    throw new UserError(`no sheet named "${sheetName}" (sheets: ${wb.worksheets.map((w) => w.name).join(', ')})`, {
      file,
      sheet: sheetName,
    });
  const header = rowTexts(ws.getRow(1), ws.columnCount).map((h) => h.trim());
  const repeated = repeatedName(header.filter((h) => h !== ''));
  if (repeated !== undefined)
    throw new UserError(`column "${repeated}" appears more than once; rename or remove the repeated column`, {
      file,
      sheet: sheetName,
      row: 1,
      column: repeated,
    });
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    refuseFormulas(row, header, { file, sheet: sheetName });
    if (number === 1) return;
    const texts = rowTexts(row, header.length);
    if (texts.every((t) => t.trim() === '')) return;
    rows.push({ row: number, values: Object.fromEntries(header.map((h, j) => [h, texts[j]])) });
  });
  return { header, rows };
}

/**
 * The instructions sheet as key → text (first column → second). A workbook without that sheet
 * gives an empty map: a user may delete it, and nothing required lives there.
 */
export async function readInstructions(file: string): Promise<Map<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(INSTRUCTIONS_SHEET);
  const out = new Map<string, string>();
  ws?.eachRow({ includeEmpty: false }, (row) => {
    const [key, value] = rowTexts(row, 2);
    if (key.trim()) out.set(key.trim(), value);
  });
  return out;
}

/**
 * A formula's cached result may be stale or missing (a sheet saved by a tool that does not compute
 * formulas gives none), so reading it would take a value nobody typed, or a blank: refused instead.
 */
function refuseFormulas(row: ExcelJS.Row, header: readonly string[], at: { file: string; sheet: string }): void {
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    if (cell.type !== ExcelJS.ValueType.Formula) return;
    const column = header[col - 1] || row.worksheet.getColumn(col).letter;
    throw new UserError(`type the value, not a formula (found "=${cell.formula}")`, { ...at, row: row.number, column });
  });
}

function rowTexts(row: ExcelJS.Row, width: number): string[] {
  return Array.from({ length: width }, (_, j) => cellText(row.getCell(j + 1)));
}

/** The cell as the user sees it: formulas by their result, rich text joined, numbers unformatted. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
  return cell.text ?? '';
}
