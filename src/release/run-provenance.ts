import { producingRuns } from '../pipeline/provenance.ts';
import type { StageRun } from '../pipeline/runs.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { RecordedFrameworkSchema, type RecordedFramework } from '../schemas/framework.ts';
import { builtInFramework, recordedFramework } from '../statements/framework.ts';

/** A member as the run that used it recorded it (see pipeline/provenance.ts). */
export interface RecordedMember {
  id: string;
  model: string;
  provider: string;
  languages: string[];
  runs: number;
  temperature: number;
  reportedModels: string[];
}

function isMember(value: unknown): value is RecordedMember {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.id === 'string' &&
    typeof m.model === 'string' &&
    typeof m.provider === 'string' &&
    Array.isArray(m.languages) &&
    typeof m.runs === 'number'
  );
}

/** The members recorded by the runs that produced the released files, by id (first run wins). */
export function recordedMembers(runs: Iterable<StageRun>): RecordedMember[] {
  const byId = new Map<string, RecordedMember>();
  for (const run of runs) {
    const members = run.provenance.members;
    if (!Array.isArray(members)) continue;
    for (const m of members)
      if (isMember(m) && !byId.has(m.id))
        byId.set(m.id, { ...m, reportedModels: Array.isArray(m.reportedModels) ? m.reportedModels : [] });
  }
  return [...byId.values()];
}

/**
 * The params a stage ran with, as its last good run recorded them (provenance, else the
 * fingerprint parts of runs recorded before provenance); undefined when it never ran here.
 */
export function recordedParams(ws: Workspace, stage: string): Record<string, unknown> | undefined {
  const run = producingRuns(ws.store, [stage]).get(stage);
  if (!run) return undefined;
  const params = run.provenance.params;
  return params && typeof params === 'object' ? (params as Record<string, unknown>) : run.parts.params;
}

export function producingStageRuns(ws: Workspace, stages: readonly string[]): StageRun[] {
  return [...producingRuns(ws.store, stages).values()];
}

/**
 * One sentence per producing run that finished with failed samples accepted (`--accept-failures`),
 * for the card: a reader must know that some labels rest on fewer answers than designed.
 */
export function acceptedFailuresNote(runs: Iterable<StageRun>): string {
  const lines: string[] = [];
  for (const run of runs) {
    const accepted = run.provenance.failuresAccepted as
      | { failed?: number; samples?: number; limit?: number }
      | undefined;
    if (!accepted || typeof accepted.failed !== 'number' || typeof accepted.samples !== 'number') continue;
    const share = ((accepted.failed / Math.max(1, accepted.samples)) * 100).toFixed(1);
    lines.push(
      `- \`${run.stage}\`: ${accepted.failed} of ${accepted.samples} LLM samples failed (${share}%) and were accepted (\`--accept-failures ${accepted.limit}\`); those samples count as missing votes.`,
    );
  }
  return lines.length ? `**Failures accepted.** Some stages finished with failed samples:\n\n${lines.join('\n')}` : '';
}

/**
 * The value framework the statements were labelled with, as the runs that produced them recorded
 * it (assembly first, then the judges); runs from before frameworks were data files, and labels
 * written without a run, used the built-in Hofstede table.
 */
export function labelsFramework(ws: Workspace): RecordedFramework {
  for (const run of producingStageRuns(ws, ['assemble-statements', 'judge-polarity', 'judge-relevance'])) {
    const parsed = RecordedFrameworkSchema.safeParse(run.provenance.framework);
    if (parsed.success) return parsed.data;
  }
  return recordedFramework(builtInFramework());
}
