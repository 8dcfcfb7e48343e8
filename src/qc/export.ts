import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../io/atomic.ts';
import { writeAnnotationWorkbook, type SheetColumn } from '../io/xlsx.ts';
import { sweepLeftovers } from '../pipeline/sweep.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { neutralizeCsvCell } from './cells.ts';
import { COMMENT_COLUMN, datasetSpec, requireFile, sheetColumns, type QcDatasetSpec } from './datasets.ts';
import { instructions } from './instructions.ts';
import { designSample, type DesignOptions } from './design.ts';
import { ITEMS_SHEET, manifestPath, manifestText, ratingsPath, roundDir } from './round.ts';
import { AnnotatorNameSchema, ManifestSchema, type Manifest, type ManifestItem } from './schemas.ts';
import { UserError } from '../errors.ts';

export interface ExportResult {
  dir: string;
  manifest: Manifest;
  files: string[];
}

/**
 * A round whose ratings were imported belongs to its manifest: exporting over it a different
 * design would pair those ratings with another sample. Refused unless forced (the very same
 * manifest again, e.g. a rerun of the demo, is harmless); forced, the old ratings are kept aside
 * as `ratings.superseded.jsonl` and the stats derived from them are removed.
 */
function guardImportedRound(
  dir: string,
  round: string,
  previous: Manifest | undefined,
  manifest: Manifest,
  force: boolean,
): void {
  const ratings = ratingsPath(dir);
  if (!existsSync(ratings)) return;
  if (sameDesign(previous, manifest)) return;
  if (!force) {
    throw new UserError(
      `round "${round}" already has imported ratings; exporting again would replace its manifest under them. Choose a new round with --round <name>, or pass --force to start "${round}" over`,
      { file: ratings },
    );
  }
  renameSync(ratings, join(dir, 'ratings.superseded.jsonl'));
  for (const derived of ['stats.json', 'report.md', 'report.html']) rmSync(join(dir, derived), { force: true });
}

/** The round's current manifest; an unreadable one counts as a different design (refused unless forced). */
function previousManifest(dir: string): Manifest | undefined {
  if (!existsSync(manifestPath(dir))) return undefined;
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(manifestPath(dir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The same sample and design; who was simulated is recorded later (by the filler), not part of the design. */
function sameDesign(previous: Manifest | undefined, manifest: Manifest): boolean {
  return (
    previous !== undefined &&
    manifestText({ ...previous, simulated_annotators: [] }) === manifestText({ ...manifest, simulated_annotators: [] })
  );
}

/** `qc export`: sample, design the overlap, write one .xlsx and .csv per annotator and the manifest. */
export async function exportQcRound(
  ws: Workspace,
  dataset: string,
  opts: DesignOptions & { round: string; force?: boolean },
): Promise<ExportResult> {
  sweepLeftovers(ws);
  const spec = datasetSpec(dataset);
  for (const name of opts.annotators) {
    const ok = AnnotatorNameSchema.safeParse(name);
    if (!ok.success) throw new UserError(`annotator "${name}": ${ok.error.issues[0]?.message}`);
  }
  const source = ws.path(spec.finalFile);
  requireFile(source, `build the dataset first (normforge run ${dataset})`);
  const candidates = await spec.loadCandidates(source, ws);
  const design = designSample(candidates, opts);
  const dir = roundDir(ws, dataset, opts.round);
  const manifest: Manifest = {
    dataset: spec.dataset,
    round: opts.round,
    seed: opts.seed,
    size: opts.size,
    overlap: opts.overlap,
    annotators: opts.annotators,
    source_file: spec.finalFile,
    source_sha256: createHash('sha256').update(readFileSync(source)).digest('hex'),
    strata: design.strata,
    items: design.items,
    simulated_annotators: [],
  };
  const previous = previousManifest(dir);
  guardImportedRound(dir, opts.round, previous, manifest, opts.force ?? false);
  // The same design again keeps the sheets' meaning, so it keeps the record of which ones are simulated.
  if (sameDesign(previous, manifest)) manifest.simulated_annotators = previous?.simulated_annotators ?? [];
  const files: string[] = [];
  for (const annotator of opts.annotators) {
    const rows = design.items.filter((it) => it.annotators.includes(annotator)).map((it) => sheetRow(spec, it));
    const xlsx = join(dir, `${annotator}.xlsx`);
    const csv = join(dir, `${annotator}.csv`);
    await writeAnnotationWorkbook(xlsx, {
      sheetName: ITEMS_SHEET,
      columns: workbookColumns(spec),
      rows,
      instructions: instructions(spec, manifest, annotator, workbookColumns(spec)),
    });
    writeFileAtomic(csv, stringify([sheetColumns(spec), ...rows.map((r) => r.map(neutralizeCsvCell))], { bom: true }));
    files.push(xlsx, csv);
  }
  writeFileAtomic(manifestPath(dir), manifestText(manifest));
  return { dir, manifest, files };
}

function sheetRow(spec: QcDatasetSpec, item: ManifestItem): string[] {
  return sheetColumns(spec).map((name) => (name === spec.idColumn ? item.item_id : (item.context[name] ?? '')));
}

/** Answer columns are as wide as their header, so the header reads whole and no width is wasted. */
const answerWidth = (header: string) => Math.max(header.length + 2, 10);

/** The sheet's columns in `sheetColumns` order; the id and the judged text are frozen. */
export function workbookColumns(spec: QcDatasetSpec): SheetColumn[] {
  return sheetColumns(spec).map((name): SheetColumn => {
    if (name === spec.idColumn) return { header: name, width: 14, wrap: false, editable: false, frozen: true };
    const judgment = spec.judgments.find((j) => j.name === name);
    if (judgment)
      return {
        header: name,
        width: answerWidth(name),
        wrap: false,
        editable: true,
        frozen: false,
        list: judgment.values,
      };
    if (name === COMMENT_COLUMN) return { header: name, width: 30, wrap: true, editable: true, frozen: false };
    const context = spec.context.find((c) => c.name === name);
    if (!context)
      throw new Error(`sheet column "${name}" is neither id, judgment, comment nor context of ${spec.dataset}`);
    return { header: name, width: context.width, wrap: context.wrap, editable: false, frozen: context.judged };
  });
}
