import { existsSync, readdirSync, rmSync } from 'node:fs';
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
 * Removes what a killed process left behind under `data/`: its staging folder and its half-written
 * temp files. Files of live processes (another run in progress) are left alone.
 */
export function sweepTempFiles(dataDir: string): number {
  if (!existsSync(dataDir)) return 0;
  let removed = 0;
  const staging = join(dataDir, '.staging');
  if (existsSync(staging)) {
    for (const name of readdirSync(staging)) {
      if (Number(name) === process.pid || pidAlive(Number(name))) continue;
      rmSync(join(staging, name), { recursive: true, force: true });
      removed++;
    }
  }
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.staging') walk(path);
        continue;
      }
      const at = entry.name.indexOf(TEMP_MARKER);
      if (at < 0) continue;
      const pid = Number(entry.name.slice(at + TEMP_MARKER.length).split('-')[0]);
      if (pid === process.pid || pidAlive(pid)) continue;
      rmSync(path, { force: true });
      removed++;
    }
  };
  walk(dataDir);
  return removed;
}

