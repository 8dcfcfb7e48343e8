import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { readCsv, readCsvHeader } from '../io/csv.ts';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { readInstructions, readSheet, type SheetContent } from '../io/xlsx.ts';
import { UserError } from '../errors.ts';
import { parseDecimal } from '../schemas/decimal.ts';
import { sweepLeftovers } from '../pipeline/sweep.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { restoreCsvCell } from './cells.ts';
import { datasetSpec, sheetColumns, type QcDatasetSpec } from './datasets.ts';
import { INSTRUCTIONS_TITLE } from './instructions.ts';
import { ITEMS_SHEET, ratingsPath, readManifest, roundDir } from './round.ts';
import { QcRatingSchema, type Manifest, type QcRating } from './schemas.ts';
import { isSimulatedMarker, SIMULATED_KEY } from './simulated-annotators.ts';

export interface FileImport {
  file: string;
  annotator: string;
  rows: number;
  complete: number;
  /** Judgments left blank (only those required), and assigned items absent from the sheet. */
  missing_judgments: number;
  missing_items: number;
  /** The round manifest (or the workbook) says a simulated annotator filled it (see simulated-annotators.ts). */
  simulated: boolean;
}

/**
 * `qc import`: validates every file completely before anything is stored, then replaces the
 * ratings of each imported annotator in `ratings.jsonl` (re-importing a corrected sheet is safe).
 */
export async function importQcFiles(
  ws: Workspace,
  dataset: string,
  files: string[],
  round: string,
): Promise<FileImport[]> {
  sweepLeftovers(ws);
  const spec = datasetSpec(dataset);
  const dir = roundDir(ws, dataset, round);
  const manifest = readManifest(dir);
  if (!files.length) throw new UserError('name at least one filled sheet (.xlsx or .csv)');
  const parsed = [];
  for (const file of files) parsed.push(await parseFilledSheet(spec, manifest, file));
  const replaced = new Set(parsed.map((p) => p.summary.annotator));
  const kept = existsSync(ratingsPath(dir))
    ? (await readJsonlAll(ratingsPath(dir), QcRatingSchema)).filter((r) => !replaced.has(r.annotator))
    : [];
  await writeJsonl(ratingsPath(dir), [...kept, ...parsed.flatMap((p) => p.ratings)]);
  return parsed.map((p) => p.summary);
}

export async function parseFilledSheet(
  spec: QcDatasetSpec,
  manifest: Manifest,
  file: string,
): Promise<{ summary: FileImport; ratings: QcRating[] }> {
  const annotator = basename(file, extname(file));
  if (!manifest.annotators.includes(annotator)) {
    throw new UserError(
      `"${annotator}" is not an annotator of ${manifest.round} (${manifest.annotators.join(', ')}); the file name must be <annotator>.xlsx or .csv`,
      { file },
    );
  }
  const sheet = await readAny(file);
  // The manifest decides; a workbook marker can only add caution (a simulated sheet copied into another round).
  const simulated = manifest.simulated_annotators.includes(annotator) || sheet.simulated;
  const where = (row: number | undefined, column?: string) => ({ file, sheet: sheet.sheet, row, column });
  checkHeader(spec, sheet.content.header, where);
  if (!sheet.content.rows.length) throw new UserError('the sheet has a header but no rows', where(2));
  const assigned = new Set(manifest.items.filter((it) => it.annotators.includes(annotator)).map((it) => it.item_id));
  const known = new Set(manifest.items.map((it) => it.item_id));
  const seen = new Map<string, number>();
  const ratings: QcRating[] = [];
  let missingJudgments = 0;
  for (const { row, values } of sheet.content.rows) {
    const id = values[spec.idColumn].trim();
    if (!id) throw new UserError('the item id is blank', where(row, spec.idColumn));
    if (seen.has(id))
      throw new UserError(`duplicate item "${id}" (also on row ${seen.get(id)})`, where(row, spec.idColumn));
    if (!known.has(id))
      throw new UserError(`unknown item "${id}": not in the manifest of ${manifest.round}`, where(row, spec.idColumn));
    if (!assigned.has(id))
      throw new UserError(`item "${id}" was not assigned to ${annotator}`, where(row, spec.idColumn));
    seen.set(id, row);
    const judgments = readJudgments(spec, values, (column) => where(row, column));
    const missing = countMissing(spec, judgments);
    missingJudgments += missing;
    ratings.push({
      annotator,
      item_id: id,
      judgments,
      comment: values.comment?.trim() || null,
      source_file: basename(file),
      row,
      simulated,
    });
  }
  const complete = ratings.filter((r) => countMissing(spec, r.judgments) === 0).length;
  const summary = {
    file,
    annotator,
    rows: ratings.length,
    complete,
    missing_judgments: missingJudgments,
    missing_items: assigned.size - seen.size,
    simulated,
  };
  return { summary, ratings };
}

type Where = (
  row: number | undefined,
  column?: string,
) => { file: string; sheet?: string; row?: number; column?: string };

function checkHeader(spec: QcDatasetSpec, header: string[], where: Where): void {
  const nonEmpty = header.filter((h) => h !== '');
  if (!nonEmpty.length) throw new UserError('the sheet is empty (no header row)', where(1));
  // a spreadsheet saves only the sheet in view to CSV, and the workbook opens on its Instructions
  if (header[0] === INSTRUCTIONS_TITLE)
    throw new UserError(
      `this is the Instructions sheet: export the "${ITEMS_SHEET}" sheet (switch to it, then save as .csv), or import the .xlsx`,
      where(1),
    );
  const expected = sheetColumns(spec);
  const missing = expected.filter((h) => !nonEmpty.includes(h));
  if (!missing.length) return;
  const unexpected = nonEmpty.filter((h) => !expected.includes(h));
  const hint = unexpected.length
    ? `; found unexpected column(s) ${unexpected.map((u) => `"${u}"`).join(', ')} — was it renamed?`
    : '';
  throw new UserError(`column "${missing[0]}" is missing${hint}`, where(1, missing[0]));
}

function readJudgments(
  spec: QcDatasetSpec,
  values: Record<string, string>,
  at: (column: string) => ReturnType<Where>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const j of spec.judgments) {
    const raw = (values[j.name] ?? '').trim().toLowerCase();
    if (raw === '') {
      out[j.name] = null;
      continue;
    }
    // "2.0" or "+2" is the value 2; "0x2" is not (see decimal.ts).
    const number = parseDecimal(raw);
    const value = j.values.find((v) => v === raw || (number !== undefined && parseDecimal(v) === number));
    if (value === undefined)
      throw new UserError(
        `"${values[j.name].trim()}" is not allowed; choose one of ${j.values.join(', ')}`,
        at(j.name),
      );
    out[j.name] = value;
  }
  return out;
}

/** Required judgments left blank: `score` counts only when `relevant` is yes. */
export function countMissing(spec: QcDatasetSpec, judgments: Record<string, string | null>): number {
  return spec.judgments.filter((j) => {
    if (judgments[j.name] !== null) return false;
    if (!j.requiredWhen) return true;
    return judgments[j.requiredWhen.judgment] === j.requiredWhen.value || judgments[j.requiredWhen.judgment] === null;
  }).length;
}

async function readAny(file: string): Promise<{ sheet?: string; content: SheetContent; simulated: boolean }> {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx') {
    const content = await readSheet(file, ITEMS_SHEET);
    return {
      sheet: ITEMS_SHEET,
      content,
      simulated: isSimulatedMarker((await readInstructions(file)).get(SIMULATED_KEY)),
    };
  }
  if (ext === '.csv') return { content: await readCsvSheet(file), simulated: false };
  throw new UserError(`unsupported file type "${ext || '(none)'}"; save the sheet as .xlsx or .csv`, { file });
}

async function readCsvSheet(file: string): Promise<SheetContent> {
  if (!existsSync(file)) throw new UserError('file not found', { file });
  if (statSync(file).size === 0) throw new UserError('the sheet is empty (no header row)', { file, row: 1 });
  const header = (await readCsvHeader(file)).map((h) => h.trim());
  const rows = [];
  for await (const { line, values } of readCsv(file)) {
    const restored = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.trim(), restoreCsvCell(v)]));
    if (Object.values(restored).every((v) => v.trim() === '')) continue;
    rows.push({ row: line, values: restored });
  }
  return { header, rows };
}
