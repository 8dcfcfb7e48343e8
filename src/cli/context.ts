import { resolve } from 'node:path';

/** Where the CLI writes and which folder it works in: the process's own, or a test's. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

/**
 * What every command's action gets: the io, the global `--config`, the exit code a command sets
 * when it ends without an error but is still a failure for scripts (pages that failed), and the
 * clean-ups to run when the command is over (signal handlers, so an in-process run leaves none).
 * It imports nothing heavy: commands are registered with it before any implementation loads.
 */
export class CliContext {
  exitCode = 0;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    readonly io: CliIo,
    private readonly globalConfig: () => string | undefined,
  ) {}

  out(text: string): void {
    this.io.stdout.write(text);
  }

  printJson(value: unknown): void {
    this.out(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A path the user typed, resolved against the working directory. */
  path(typed: string): string {
    return resolve(this.io.cwd, typed);
  }

  /** The config file: the command's own `--config`, else the global one (else the default). */
  configFile(opts?: { config?: string }): string | undefined {
    return opts?.config ?? this.globalConfig();
  }

  onDone(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  done(): void {
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
  }
}
