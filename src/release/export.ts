import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { sweepLeftovers } from '../pipeline/sweep.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { qcSection } from './qc.ts';
import { renderMergedCard, writeReleaseDir } from './release-dir.ts';
import { releaseSpec } from './registry.ts';
import { RELEASE_MANIFEST, sha256Of, type ManifestBody } from './manifest.ts';
import type { DatasetId, ReleaseFormat } from '../datasets/registry.ts';

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

/** `normforge export`: the final records of a dataset become `release/<dataset>/` (data + card). */
export async function exportRelease(
  ws: Workspace,
  dataset: DatasetId,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  sweepLeftovers(ws);
  const spec = releaseSpec(dataset, opts.format ?? 'normforge');
  const idsOnly = opts.idsOnly ?? false;
  if (idsOnly && !spec.stripTexts)
    throw new UserError(
      `--ids-only applies to sociocultural-statements only; ${dataset} holds no texts that need removing`,
    );
  const sourceFile = ws.path(spec.source);
  if (!existsSync(sourceFile))
    throw new UserError(`no final records to export; run the ${dataset} recipe first`, { file: sourceFile });
  const sourceSha = sha256Of(readFileSync(sourceFile));
  const { rows: full, simulated } = await spec.loadRows(ws);
  const rows = idsOnly && spec.stripTexts ? spec.stripTexts(full) : full;
  const qc = qcSection(ws.annotationDir, dataset);
  if (!qc.present)
    ws.log.warn(`no QC results under annotation/${dataset}/ (run \`normforge qc stats ${dataset}\`); the card says so`);
  const card = await spec.card({ ws, rows, simulated, idsOnly, qc });
  const dir = releaseDirOf(ws, dataset);
  const body: ManifestBody = {
    normforge_release: 1,
    dataset,
    format: spec.format,
    ids_only: idsOnly,
    rows: rows.length,
    simulated_labels: simulated,
    simulated_qc: qc.rounds.some((r) => r.simulated_ratings),
    provenance: { source: { file: spec.source, sha256: sourceSha, records: full.length }, qc_rounds: qc.rounds },
  };
  const manifest = await writeReleaseDir(dir, spec.rowSchema, rows, renderMergedCard(dir, card, ws.log), body);
  return {
    dataset,
    format: spec.format,
    dir,
    files: [...manifest.files.map((f) => f.path), RELEASE_MANIFEST],
    rows: rows.length,
    idsOnly,
    simulated: manifest.simulated,
    qcPresent: qc.present,
  };
}
