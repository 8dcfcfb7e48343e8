import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { sha256OfFile } from '../io/file-hash.ts';
import { hasColumnsOf, PARQUET_SIMULATED_KEY, readParquetGroups, readParquetMetadata } from '../io/parquet.ts';
import { sweepLeftovers } from '../pipeline/sweep.ts';
import { DATASETS, type DatasetId, type ReleaseFormat } from '../datasets/registry.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { RELEASE_MANIFEST, type ManifestBody } from './manifest.ts';
import { qcSection } from './qc.ts';
import { renderMergedCard, writeReleaseDir } from './release-dir.ts';
import { releaseSpec } from './registry.ts';
import type { ReleaseSpec } from './spec.ts';
import type { Row } from './statistics.ts';

export interface ExportOptions {
  idsOnly?: boolean;
  format?: ReleaseFormat;
}

export interface ExportResult {
  dataset: DatasetId;
  format: ReleaseFormat;
  dir: string;
  files: string[];
  rows: number;
  idsOnly: boolean;
  simulated: boolean;
  qcPresent: boolean;
}

export function releaseDirOf(ws: Workspace, dataset: DatasetId): string {
  return join(ws.releaseDir, dataset);
}

/** The final Parquet file's records, one row group in memory at a time. */
async function* recordsOf(file: string, spec: ReleaseSpec): AsyncGenerator<Row> {
  for await (const group of readParquetGroups(file, spec.finalSchema)) yield* group;
}

/**
 * The final Parquet file itself when the release's Parquet would hold the same content (the same
 * columns and the simulated flag, which stages before it record none), else undefined.
 */
async function copyableFinal(spec: ReleaseSpec, file: string, idsOnly: boolean): Promise<string | undefined> {
  if (!spec.copiesFinal || idsOnly || !(await hasColumnsOf(file, spec.rowSchema))) return undefined;
  return (await readParquetMetadata(file))[PARQUET_SIMULATED_KEY] === undefined ? undefined : file;
}

/**
 * `normforge export`: the final records of a dataset become `release/<dataset>/` (data + card).
 * The rows stream from the final Parquet file, already in release order (its stage sorts them),
 * through the layout's conversion into the release files; nothing holds every row at once.
 */
export async function exportRelease(
  ws: Workspace,
  dataset: DatasetId,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  sweepLeftovers(ws);
  const spec = releaseSpec(dataset, opts.format ?? 'normforge');
  const idsOnly = opts.idsOnly ?? false;
  if (idsOnly && !spec.hasIdsOnly)
    throw new UserError(
      `--ids-only applies to sociocultural-statements only; ${dataset} holds no texts that need removing`,
    );
  const final = DATASETS[dataset].final;
  const sourceFile = ws.path(final.jsonl);
  const finalFile = ws.path(final.parquet);
  for (const file of [sourceFile, finalFile])
    if (!existsSync(file)) throw new UserError(`no final records to export; run the ${dataset} recipe first`, { file });
  const qc = qcSection(ws.annotationDir, dataset);
  if (!qc.present)
    ws.log.warn(`no QC results under annotation/${dataset}/ (run \`normforge qc stats ${dataset}\`); the card says so`);
  const dir = releaseDirOf(ws, dataset);
  const pass = spec.start({ ws, idsOnly, file: finalFile });
  const copyOf = await copyableFinal(spec, finalFile, idsOnly);
  const manifest = await writeReleaseDir(dir, { schema: spec.rowSchema, copyOf }, async (data) => {
    for await (const row of pass.rows(recordsOf(finalFile, spec))) await data.write(row);
    const simulated = pass.simulated();
    const card = await pass.card({ ws, simulated, idsOnly, qc });
    const body: ManifestBody = {
      normforge_release: 1,
      dataset,
      format: spec.format,
      ids_only: idsOnly,
      rows: data.rows,
      simulated_labels: simulated,
      simulated_qc: qc.rounds.some((r) => r.simulated_ratings),
      provenance: {
        source: {
          file: final.jsonl,
          sha256: await sha256OfFile(sourceFile),
          records: data.rows,
          parquet: { file: final.parquet, sha256: await sha256OfFile(finalFile) },
        },
        qc_rounds: qc.rounds,
      },
    };
    return { card: renderMergedCard(dir, card, ws.log), manifest: body };
  });
  return {
    dataset,
    format: spec.format,
    dir,
    files: [...manifest.files.map((f) => f.path), RELEASE_MANIFEST],
    rows: manifest.rows,
    idsOnly,
    simulated: manifest.simulated,
    qcPresent: qc.present,
  };
}
