import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';

/**
 * Temp files and staging folders sit beside their target (same filesystem, so rename is atomic) and
 * carry this marker, then the writer's pid: `<target>.nf-tmp-<pid>-<random>`. The sweep
 * (pipeline/sweep.ts) removes those whose process is gone.
 */
export const TEMP_MARKER = '.nf-tmp-';

export function tempPathFor(target: string): string {
  return join(dirname(target), `${basename(target)}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes the whole file to a temp path, fsyncs it and renames it over the target. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * A streaming writer whose output appears at `target` only on `commit()`; `abort()` (or a crash)
 * leaves the previous file untouched. Honors back-pressure so large outputs stay out of memory.
 */
export class AtomicWriter {
  private readonly tmp: string;
  private readonly stream: WriteStream;
  private done = false;

  constructor(readonly target: string) {
    mkdirSync(dirname(target), { recursive: true });
    this.tmp = tempPathFor(target);
    this.stream = createWriteStream(this.tmp);
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await new Promise<void>((resolve, reject) =>
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    const fd = openSync(this.tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(this.tmp, this.target);
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.stream.destroy();
    await once(this.stream, 'close').catch(() => undefined);
    rmSync(this.tmp, { force: true });
  }
}
