import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempPathFor, writeFileAtomic } from '../io/atomic.ts';
import { writeTypedJsonl } from '../io/typed-jsonl.ts';
import { writeParquet } from '../io/parquet.ts';
import type { Logger } from '../log/logger.ts';
import { mergeConfigs, parseFrontMatter, renderCard, type CardInput } from './card.ts';
import { PARQUET_SIMULATED_KEY, writeReleaseManifest, type ManifestBody, type ReleaseManifest } from './manifest.ts';
import { DATA_FILES } from './spec.ts';
import type { Row } from './statistics.ts';
import type { z } from 'zod';

/**
 * Writes a whole release (Parquet, JSONL, card, and last the manifest with every file's sha256)
 * into a fresh folder and swaps it in, so a reader never sees a half-written release and a failure
 * leaves the previous one in place. The simulated flag also goes into the Parquet file's own
 * metadata, so it travels with the data whatever the layout's columns (pact-hf has none for it).
 */
export async function writeReleaseDir(
  target: string,
  schema: z.ZodObject,
  rows: Row[],
  cardText: string,
  manifest: ManifestBody,
): Promise<ReleaseManifest> {
  // Named like every temp file (with this pid), so a sweep can tell a dead export's folder from a live one.
  const staging = tempPathFor(target);
  mkdirSync(staging, { recursive: true });
  try {
    await writeParquet(join(staging, DATA_FILES[0]), schema, rows, {
      [PARQUET_SIMULATED_KEY]: String(manifest.simulated_labels),
    });
    writeTypedJsonl(join(staging, DATA_FILES[1]), schema, rows);
    writeFileAtomic(join(staging, 'README.md'), cardText);
    const written = writeReleaseManifest(staging, manifest);
    swapIn(staging, target);
    return written;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The card with its `configs` merged into those of the card already in `dir` (see `mergeConfigs`). */
export function renderMergedCard(dir: string, card: CardInput, log: Logger): string {
  const cardFile = join(dir, 'README.md');
  const existing = existsSync(cardFile)
    ? parseFrontMatter(readFileSync(cardFile, 'utf8'), cardFile).header.configs
    : undefined;
  const merged = mergeConfigs(existing, card.header.configs, [...DATA_FILES]);
  if (merged.dropped.length)
    log.warn(
      `dropped existing card configs whose data_files match no released file or need another builder than the Parquet config: ${merged.dropped.join(', ')}`,
    );
  return renderCard({ ...card, header: { ...card.header, configs: merged.configs } });
}

function swapIn(staging: string, target: string): void {
  const old = `${staging}-old`;
  const hadTarget = existsSync(target);
  if (hadTarget) renameSync(target, old);
  try {
    renameSync(staging, target);
  } catch (err) {
    if (hadTarget) renameSync(old, target);
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
}
