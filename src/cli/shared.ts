import { acquireWorkspaceLock } from '../pipeline/lock.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { checkConfigStages } from '../recipes/param-names.ts';
import { Workspace } from '../workspace/workspace.ts';
import type { CliContext } from './context.ts';

/** A logger writing to the command's stderr (the process's, or a test's). */
export function cliLogger(ctx: CliContext): Logger {
  return createLogger({ sink: (line) => ctx.io.stderr.write(`${line}\n`) });
}

/** The workspace in the command's working directory, with its own `--config` or the global one. */
export function openWorkspace(ctx: CliContext, opts?: { config?: string }): Workspace {
  return Workspace.open({ cwd: ctx.io.cwd, config: ctx.configFile(opts), log: cliLogger(ctx) });
}

/** The workspace, with the config's `stages` section checked against the stages that exist. */
export async function openCheckedWorkspace(ctx: CliContext, opts?: { config?: string }): Promise<Workspace> {
  const ws = openWorkspace(ctx, opts);
  await checkConfigStages(ws.config, ws.configFile);
  return ws;
}

/**
 * Ctrl-C / SIGTERM: the first asks the run to stop after in-flight work (answers kept, outputs
 * untouched); the second exits at once. Given a CLI context, the handlers go when its command ends.
 */
export function abortOnSignals(log: (msg: string) => void, ctx?: CliContext): AbortController {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    log(`${sig}: stopping after the work in flight (press Ctrl-C again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  ctx?.onDone(() => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  });
  return controller;
}

/**
 * Runs a command that writes to the workspace while holding its lock (one writer at a time);
 * `wait` waits for the holder instead of refusing at once.
 */
export async function withWorkspaceLock<R>(
  dataDir: string,
  command: string,
  opts: { wait?: boolean; signal?: AbortSignal },
  fn: () => Promise<R>,
): Promise<R> {
  const lock = await acquireWorkspaceLock(dataDir, command, opts);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
