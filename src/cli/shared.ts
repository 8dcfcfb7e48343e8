import type { Command } from 'commander';
import { acquireWorkspaceLock } from '../pipeline/lock.ts';
import { checkConfigStages } from '../recipes/param-names.ts';
import { Workspace } from '../workspace/workspace.ts';

export type GetWorkspace = (opts?: { config?: string }) => Workspace;

/** Builds the workspace from the global `--config` option (or the command's own). */
export function workspaceFactory(program: Command): GetWorkspace {
  return (opts) => Workspace.open({ config: opts?.config ?? (program.opts().config as string | undefined) });
}

/** The workspace, with the config's `stages` section checked against the stages that exist. */
export async function openCheckedWorkspace(getWorkspace: GetWorkspace, opts?: { config?: string }): Promise<Workspace> {
  const ws = getWorkspace(opts);
  await checkConfigStages(ws.config, ws.configFile);
  return ws;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Ctrl-C / SIGTERM: the first asks the run to stop after in-flight work (answers kept, outputs
 * untouched); the second exits at once.
 */
export function abortOnSignals(log: (msg: string) => void): AbortController {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    log(`${sig}: stopping after the work in flight (press Ctrl-C again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
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
