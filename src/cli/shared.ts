import type { Command } from 'commander';
import { Workspace } from '../pipeline/workspace.ts';

export type GetWorkspace = (opts?: { config?: string }) => Workspace;

/** Builds the workspace from the global `--config` option (or the command's own). */
export function workspaceFactory(program: Command): GetWorkspace {
  return (opts) => Workspace.open({ config: opts?.config ?? (program.opts().config as string | undefined) });
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
