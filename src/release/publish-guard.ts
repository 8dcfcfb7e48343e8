import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { PARQUET_SIMULATED_KEY, parquetKeyValues } from '../io/parquet.ts';
import { readReleaseManifest, RELEASE_MANIFEST, releaseFiles, sha256Of, type ReleaseManifest } from './manifest.ts';
import { DATA_FILES } from './spec.ts';

/** A release that passed the guard: its manifest and the exact bytes that were checked (and are to be uploaded). */
export interface VerifiedRelease {
  manifest: ReleaseManifest;
  contents: Map<string, Buffer>;
}

const REQUIRED = ['README.md', ...DATA_FILES];

/**
 * The publish guard. A release goes out only when its manifest exists, lists every file of the
 * folder, every file still has the sha256 it was exported with, and neither the manifest nor the
 * Parquet file's own metadata says simulated. The card is not consulted: its marker lines can be
 * deleted, a hash cannot be kept while the content changes.
 */
export function verifyRelease(dir: string, dataset: string): VerifiedRelease {
  if (!existsSync(dir)) throw new UserError(`no release; run \`normforge export ${dataset}\` first`, { file: dir });
  const manifest = readReleaseManifest(dir, dataset);
  const listed = new Set(manifest.files.map((f) => f.path));
  const stray = releaseFiles(dir).find((path) => !listed.has(path));
  if (stray)
    throw new UserError('this file is not in the release manifest; remove it, or export the release again', {
      file: join(dir, stray),
    });
  const missing = REQUIRED.find((path) => !listed.has(path));
  if (missing)
    throw new UserError(`the release manifest does not list ${missing}; export the release again`, {
      file: join(dir, RELEASE_MANIFEST),
      field: 'files',
    });
  const contents = new Map<string, Buffer>();
  for (const f of manifest.files) contents.set(f.path, verifiedBytes(dir, f.path, f.sha256));
  refuseSimulated(dir, manifest, contents.get(DATA_FILES[0])!);
  contents.set(RELEASE_MANIFEST, readFileSync(join(dir, RELEASE_MANIFEST)));
  return { manifest, contents };
}

function verifiedBytes(dir: string, path: string, sha256: string): Buffer {
  const file = join(dir, path);
  if (!existsSync(file))
    throw new UserError('listed in the release manifest but missing; export the release again', { file });
  const bytes = readFileSync(file);
  if (sha256Of(bytes) !== sha256)
    throw new UserError(
      'changed since export (its sha256 differs from the release manifest); export the release again instead of editing it',
      { file },
    );
  return bytes;
}

function refuseSimulated(dir: string, manifest: ReleaseManifest, parquet: Buffer): void {
  const manifestFile = join(dir, RELEASE_MANIFEST);
  if (manifest.simulated_labels) {
    throw new UserError(
      'the release holds simulated labels (produced by the offline simulator); rebuild it with real models before publishing',
      { file: manifestFile, field: 'simulated_labels' },
    );
  }
  if (manifest.simulated_qc) {
    const who = manifest.provenance.qc_rounds
      .filter((r) => r.simulated_ratings)
      .map((r) => `${r.round}: ${r.simulated_annotators.join(', ') || 'some annotators'}`);
    throw new UserError(
      `the card reports QC ratings from the simulated annotator, not from people (${who.join('; ')}); import real annotators' sheets, rerun \`normforge qc stats\` and export again before publishing`,
      { file: manifestFile, field: 'simulated_qc' },
    );
  }
  // The data file carries the flag itself, so a manifest edited by hand cannot hide simulated labels.
  const flag = parquetKeyValues(parquet)[PARQUET_SIMULATED_KEY];
  if (flag !== 'false') {
    const why =
      flag === 'true'
        ? "the file's own metadata says its labels are simulated"
        : `the file's metadata does not say whether its labels are simulated (${PARQUET_SIMULATED_KEY} is ${flag === undefined ? 'absent' : `"${flag}"`})`;
    throw new UserError(`${why}; the release manifest disagrees, so it was edited: export the release again`, {
      file: join(dir, DATA_FILES[0]),
      field: PARQUET_SIMULATED_KEY,
    });
  }
}
