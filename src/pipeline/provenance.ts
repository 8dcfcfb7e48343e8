import type { StageRecorder } from './context.ts';
import type { StageState } from './freshness.ts';
import { RunLog, type StageRun } from './runs.ts';
import type { Db } from '../store/run-store.ts';

/**
 * What a stage run used, recorded with the run so cards and reports describe the run that produced
 * the data, never the live config: params (thresholds, rules), prompt and table hashes (and which
 * prompts were the project's own, with their review state), input files
 * with their sha256, the LLM members with what changes their answers and the model names their
 * providers reported, plus what the stage adds itself (`StageResult.provenance`).
 */
export type Provenance = Record<string, unknown>;

export function provenanceOf(state: StageState, recorder: StageRecorder): Provenance {
  const { parts } = state;
  const reported = (recorder.provenance.reportedModels ?? {}) as Record<string, string[]>;
  const members = Object.entries(parts.members ?? {}).map(([id, identity]) => ({
    id,
    ...identity,
    reportedModels: reported[id] ?? [],
  }));
  return {
    stage: state.stage.name,
    version: parts.version,
    params: parts.params,
    prompts: parts.prompts,
    ...(parts.projectPrompts ? { projectPrompts: parts.projectPrompts } : {}),
    ...(parts.tables ? { tables: parts.tables } : {}),
    inputs: Object.fromEntries(Object.entries(parts.inputs).map(([name, sha256]) => [name, { sha256 }])),
    ...(parts.members ? { members } : {}),
    ...recorder.provenance,
  };
}

/** The last good run of each named stage: the runs whose outputs are in place now. */
export function producingRuns(store: Db, stages: readonly string[]): Map<string, StageRun> {
  const runs = new RunLog(store);
  const out = new Map<string, StageRun>();
  for (const stage of stages) {
    const run = runs.lastOk(stage);
    if (run) out.set(stage, run);
  }
  return out;
}
