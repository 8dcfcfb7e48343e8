import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { readJsonFile } from '../io/json-file.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { ManifestSchema, type Manifest } from './schemas.ts';

export const ITEMS_SHEET = 'Items';
export const DEFAULT_ROUND = 'round-1';

/** `annotation/<dataset>/<round>/`: sheets out, manifest, imported ratings and the report. */
export function roundDir(ws: Workspace, dataset: string, round: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(round))
    throw new UserError(`--round must be a simple folder name, got "${round}"`);
  return join(ws.annotationDir, dataset, round);
}

export const manifestPath = (dir: string) => join(dir, 'manifest.json');
export const ratingsPath = (dir: string) => join(dir, 'ratings.jsonl');
export const manifestText = (manifest: Manifest) => `${JSON.stringify(manifest, null, 2)}\n`;

export function readManifest(dir: string): Manifest {
  const file = manifestPath(dir);
  if (!existsSync(file)) throw new UserError('no QC round here; run `normforge qc export` first', { file });
  const parsed = ManifestSchema.safeParse(readJsonFile(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(issue?.message ?? 'invalid manifest', { file, field: issue?.path.join('.') });
  }
  return parsed.data;
}
