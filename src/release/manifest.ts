import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { sha256OfFile } from '../io/file-hash.ts';
import { DatasetIdSchema, ReleaseFormatSchema } from '../datasets/registry.ts';

/** `release/<dataset>/manifest.json`: what the release is and holds; `publish` reads it, not the card. */
export const RELEASE_MANIFEST = 'manifest.json';

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex');

export const ReleaseFileSchema = z.strictObject({
  path: z.string().min(1).describe('relative to the release folder, "/"-separated'),
  sha256: Sha256Schema,
  bytes: z.number().int().nonnegative(),
});
export type ReleaseFile = z.infer<typeof ReleaseFileSchema>;

export const QcRoundSummarySchema = z.strictObject({
  round: z.string(),
  simulated_ratings: z.boolean(),
  simulated_annotators: z.array(z.string()).describe('annotators whose ratings came from the simulated annotator'),
});

export const ReleaseManifestSchema = z.strictObject({
  normforge_release: z.literal(1).describe('version of this manifest layout'),
  dataset: DatasetIdSchema,
  format: ReleaseFormatSchema,
  ids_only: z.boolean(),
  rows: z.number().int().nonnegative(),
  simulated: z
    .boolean()
    .describe('true when any label or QC rating came from a simulator; publish refuses such a release'),
  simulated_labels: z.boolean().describe('some record was labelled by the offline simulator'),
  simulated_qc: z.boolean().describe('some QC round reported in the card has ratings of the simulated annotator'),
  files: z.array(ReleaseFileSchema).min(1).describe('every file of the release but this manifest, sorted by path'),
  provenance: z.strictObject({
    source: z.strictObject({
      file: z.string().describe('the final JSONL the stage wrote'),
      sha256: Sha256Schema,
      records: z.number().int().nonnegative(),
      parquet: z
        .strictObject({ file: z.string(), sha256: Sha256Schema })
        .optional()
        .describe(
          'the final Parquet file the same stage wrote, which the rows were read from (absent in manifests of releases that read the JSONL)',
        ),
    }),
    qc_rounds: z.array(QcRoundSummarySchema),
  }),
});
export type ReleaseManifest = z.infer<typeof ReleaseManifestSchema>;
/** Everything but the file list, which is computed from the written files. */
export type ManifestBody = Omit<ReleaseManifest, 'files' | 'simulated'>;

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir` (recursive), as "/"-separated relative paths, sorted; the manifest itself left out. */
export function releaseFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((p) => p !== RELEASE_MANIFEST)
    .sort();
}

/** Hashes the files written in `dir` and writes the manifest beside them (last, so its presence means a complete release). */
export async function writeReleaseManifest(dir: string, body: ManifestBody): Promise<ReleaseManifest> {
  const files = await Promise.all(
    releaseFiles(dir).map(async (path) => {
      const file = join(dir, path);
      return { path, sha256: await sha256OfFile(file), bytes: statSync(file).size };
    }),
  );
  const manifest = ReleaseManifestSchema.parse({
    ...body,
    simulated: body.simulated_labels || body.simulated_qc,
    files,
  });
  writeFileAtomic(join(dir, RELEASE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The release's manifest, validated; a missing or malformed one is bad input naming the file and field. */
export function readReleaseManifest(dir: string, dataset: string): ReleaseManifest {
  const file = join(dir, RELEASE_MANIFEST);
  if (!existsSync(file))
    throw new UserError(
      `no release manifest; run \`normforge export ${dataset}\` to write the release with its manifest`,
      { file },
    );
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(
      `the release manifest is not valid JSON (${(err as Error).message}); export the release again`,
      { file },
    );
  }
  const parsed = ReleaseManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`the release manifest is invalid: ${issue.message}; export the release again`, {
      file,
      field: issue.path.join('.') || undefined,
    });
  }
  if (parsed.data.dataset !== dataset)
    throw new UserError(`the release manifest is for ${parsed.data.dataset}, not ${dataset}`, {
      file,
      field: 'dataset',
    });
  return parsed.data;
}
