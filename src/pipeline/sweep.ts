import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_MARKER } from '../io/atomic.ts';

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Release staging folders of versions before temp names carried a pid (`.<dataset>.staging-<hex>`,
 * `…-old` mid-swap): their owner cannot be known, and no current process makes them, so they go.
 */
const LEGACY_RELEASE_STAGING = /^\.(.+)\.staging-[0-9a-f]{8}(-old)?$/;

/** A temp file or staging folder: the process that made it, the name it was to become, whether it is a swapped-out previous version. */
interface Leftover {
  owner: number | undefined;
  target: string;
  previous: boolean;
}

function leftoverOf(name: string): Leftover | undefined {
  const at = name.indexOf(TEMP_MARKER);
  if (at >= 0) {
    const rest = name.slice(at + TEMP_MARKER.length);
    return { owner: Number(rest.split('-')[0]), target: name.slice(0, at), previous: rest.endsWith('-old') };
  }
  const legacy = LEGACY_RELEASE_STAGING.exec(name);
  return legacy ? { owner: undefined, target: legacy[1], previous: legacy[2] !== undefined } : undefined;
}

const ownerGone = (owner: number | undefined) => owner === undefined || (owner !== process.pid && !pidAlive(owner));

/** The runner's per-process staging folders, `data/.staging/<pid>`. */
function sweepRunnerStaging(dataDir: string): number {
  const staging = join(dataDir, '.staging');
  if (!existsSync(staging)) return 0;
  let removed = 0;
  for (const name of readdirSync(staging)) {
    if (!ownerGone(Number(name))) continue;
    rmSync(join(staging, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/**
 * Removes what killed processes left behind under `dir` (`data/`, `annotation/` or `release/`):
 * half-written temp files, staging folders (the runner's, and a release's). A previous version
 * swapped out of the way (`-old`) whose replacement never arrived is put back instead, so a kill
 * mid-swap loses nothing. Leftovers of live processes (another command in progress) are left alone.
 * Returns how many leftovers were removed.
 */
export function sweepTempFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  let removed = sweepRunnerStaging(dir);
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const leftover = leftoverOf(entry.name);
      if (leftover && ownerGone(leftover.owner)) {
        if (leftover.previous && !existsSync(join(folder, leftover.target)))
          renameSync(path, join(folder, leftover.target));
        else {
          rmSync(path, { recursive: true, force: true });
          removed++;
        }
      } else if (entry.isDirectory() && !leftover && !(folder === dir && entry.name === '.staging')) walk(path);
    }
  };
  walk(dir);
  return removed;
}

/** Sweeps every place commands write: `data/`, `annotation/` and `release/`. */
export function sweepLeftovers(ws: { dataDir: string; annotationDir: string; releaseDir: string }): number {
  return sweepTempFiles(ws.dataDir) + sweepTempFiles(ws.annotationDir) + sweepTempFiles(ws.releaseDir);
}
