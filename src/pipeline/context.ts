import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import type { StageState } from './freshness.ts';
import { createProgress } from '../log/progress.ts';
import { inputPath } from './resolve.ts';
import type { StageContext, StageFailure } from '../stages/contract.ts';
import type { Recipe } from './recipe.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** Per-process staging folder: outputs are written here and moved into place on success. */
export function stagingDir(ws: Workspace): string {
  return join(ws.dataDir, '.staging', String(process.pid));
}

export type Tallies = Record<string, Record<string, number>>;

/** What a stage reports while it runs: tallies for the run summary, and failed samples. */
export interface StageRecorder {
  tallies: Tallies;
  failures: StageFailure[];
  /** Provenance the stage (or its panel) noted while running; see provenance.ts. */
  provenance: Record<string, unknown>;
}

export const newRecorder = (): StageRecorder => ({ tallies: {}, failures: [], provenance: {} });

export function makeContext<P>(
  ws: Workspace,
  recipe: Recipe,
  state: StageState<P>,
  opts: { maxCostUsd?: number; runStartedAt?: string },
  signal: AbortSignal,
  recorder: StageRecorder = newRecorder(),
): StageContext<P> {
  const { tallies } = recorder;
  const staging = join(stagingDir(ws), state.stage.name);
  return {
    params: state.params,
    ws,
    config: ws.config,
    store: ws.store,
    log: ws.log.child(state.stage.name),
    signal,
    recipe: recipe.name,
    runStartedAt: opts.runStartedAt ?? new Date().toISOString(),
    maxCostUsd: opts.maxCostUsd ?? ws.config.budget.maxCostUsd,
    input: (name) => {
      const path = inputPath(ws.root, ws.config, name);
      if (!path) throw new UserError(`stage "${state.stage.name}" input ${name} is not configured`);
      return path;
    },
    output: (rel) => {
      if (!state.stage.outputs.includes(rel))
        throw new Error(`stage "${state.stage.name}" writes ${rel}, which it does not declare as an output`);
      const path = join(staging, rel);
      mkdirSync(dirname(path), { recursive: true });
      return path;
    },
    progress: (label, total) => createProgress(`${state.stage.name}: ${label}`, total),
    tally: (section, values) => {
      const target = (tallies[section] ??= {});
      for (const [key, value] of Object.entries(values)) target[key] = (target[key] ?? 0) + value;
    },
    recordFailures: (groups) => mergeFailures(recorder.failures, groups),
    noteProvenance: (section, values) => {
      const target = (recorder.provenance[section] ??= {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(values)) target[key] = unionIfLists(target[key], value);
    },
  };
}

/** Groups of the same source and cause (from several asks) are added up. */
function mergeFailures(into: StageFailure[], groups: StageFailure[]): void {
  for (const g of groups) {
    const same = into.find((f) => f.source === g.source && f.cause === g.cause);
    if (same) same.count += g.count;
    else into.push({ ...g });
  }
}

/** Lists noted twice (e.g. the models a provider reported over two asks) are merged without repeats. */
function unionIfLists(before: unknown, after: unknown): unknown {
  return Array.isArray(before) && Array.isArray(after) ? [...new Set([...before, ...after])] : after;
}
