import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { tempPathFor, writeFileAtomic } from '../io/atomic.ts';
import type { Logger } from '../log/logger.ts';
import { mergeConfigs, parseFrontMatter, renderCard, type CardInput } from './card.ts';
import { writeReleaseManifest, type ManifestBody, type ReleaseManifest } from './manifest.ts';
import { ReleaseDataWriter } from './release-data.ts';
import { DATA_FILES } from './spec.ts';

/** What `fill` returns once it has written every row: the card text and the manifest's body. */
export interface ReleaseText {
  card: string;
  manifest: ManifestBody;
}

/**
 * Writes a whole release into a fresh folder and swaps it in, so a reader never sees a half-written
 * release and a failure leaves the previous one in place: `fill` writes the rows through the data
 * writer (Parquet and JSONL, or a copy of the final Parquet, see `ReleaseDataWriter`), then the card
 * and last the manifest with every file's sha256 are written. The simulated flag also goes into the
 * Parquet file's own metadata, so it travels with the data whatever the layout's columns (pact-hf
 * has none for it).
 */
export async function writeReleaseDir(
  target: string,
  data: { schema: z.ZodObject; copyOf?: string },
  fill: (writer: ReleaseDataWriter) => Promise<ReleaseText>,
): Promise<ReleaseManifest> {
  // Named like every temp file (with this pid), so a sweep can tell a dead export's folder from a live one.
  const staging = tempPathFor(target);
  mkdirSync(staging, { recursive: true });
  let writer: ReleaseDataWriter | undefined;
  try {
    writer = new ReleaseDataWriter(staging, data.schema, data.copyOf);
    const { card, manifest } = await fill(writer);
    await writer.commit(manifest.simulated_labels);
    writeFileAtomic(join(staging, 'README.md'), card);
    const written = await writeReleaseManifest(staging, manifest);
    swapIn(staging, target);
    return written;
  } catch (err) {
    await writer?.abort();
    throw err;
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
