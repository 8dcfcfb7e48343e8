import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { InterruptedError, UserError } from '../errors.ts';
import { setTimeout as delay } from 'node:timers/promises';
import { pidAlive } from './sweep.ts';

/**
 * One writer per workspace. `run`, `eval`, `export`, `qc import` (and the commands that run them)
 * hold `data/normforge.lock`; a second one is refused at once, naming the holder, or waits for it
 * (`--wait`). A lock whose process is gone (kill -9, power loss) is taken over. Read-only commands
 * (`status`, `batch status`, ...) never take it.
 */
const HolderSchema = z.object({ pid: z.number().int(), command: z.string(), startedAt: z.string() });
export type LockHolder = z.infer<typeof HolderSchema>;

export interface WorkspaceLock {
  release(): void;
}

export function lockFile(dataDir: string): string {
  return join(dataDir, 'normforge.lock');
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = HolderSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the lock file if no one holds it; the holder otherwise. */
function tryCreate(file: string, holder: LockHolder): LockHolder | undefined {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, JSON.stringify(holder));
    closeSync(fd);
    return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const current = readHolder(file);
  // A holder that died (or a file left half-written by one) is stale: take it over.
  if (!current || (current.pid !== process.pid && !pidAlive(current.pid))) {
    try {
      unlinkSync(file);
    } catch {
      // another process took it over first
    }
    return tryCreate(file, holder);
  }
  return current;
}

export async function acquireWorkspaceLock(
  dataDir: string,
  command: string,
  opts: { wait?: boolean; signal?: AbortSignal; pollMs?: number } = {},
): Promise<WorkspaceLock> {
  const file = lockFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  const me: LockHolder = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (;;) {
    const holder = tryCreate(file, me);
    if (!holder) return { release: () => releaseIfMine(file) };
    if (holder.pid === process.pid) return { release: () => undefined };
    if (!opts.wait) {
      throw new UserError(
        `another normforge process holds this workspace: pid ${holder.pid} (${holder.command}), started ${holder.startedAt}; wait for it to finish, or add --wait`,
        { file },
      );
    }
    if (opts.signal?.aborted) throw new InterruptedError('interrupted while waiting for the workspace lock');
    await delay(opts.pollMs ?? 250, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}

function releaseIfMine(file: string): void {
  if (readHolder(file)?.pid !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
