import type { z } from 'zod';
import { explainChange, fingerprintOf, type FileHasher, type FingerprintParts } from './fingerprint.ts';
import { inputPath, resolveParams } from './resolve.ts';
import type { RunLog, StageRun } from './runs.ts';
import type { Stage } from '../stages/contract.ts';
import { answerIdentity } from '../llm/answer-identity.ts';
import { locatePrompt, withProjectPrompts } from '../llm/prompts.ts';
import { projectPromptStates } from '../llm/prompt-review.ts';
import type { PanelMember } from '../schemas/config.ts';
import type { Workspace } from '../workspace/workspace.ts';

export type Freshness = 'fresh' | 'stale' | 'never-run';

export interface StageState<P = unknown> {
  stage: Stage;
  params: P;
  parts: FingerprintParts;
  fingerprint: string;
  state: Freshness;
  reasons: string[];
  lastOk?: StageRun;
}

function withoutCosmetic(stage: Stage, params: unknown): Record<string, unknown> {
  const copy = { ...(params as Record<string, unknown>) };
  for (const key of stage.cosmeticParams ?? []) delete copy[key];
  return copy;
}

async function hashAll(
  hasher: FileHasher,
  paths: Array<[string, string | undefined]>,
): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const [name, path] of paths) out[name] = path ? await hasher.hash(path) : null;
  return out;
}

function memberParts(members: PanelMember[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(members.map((m) => [m.id, { ...answerIdentity(m) }]));
}

/** The stage's fingerprint now, and whether its last good run (and outputs) still match it. */
export function evaluateStage<S extends z.ZodType>(
  ws: Workspace,
  stage: Stage<S>,
  hasher: FileHasher,
  runs: RunLog,
): Promise<StageState<z.infer<S>>> {
  // The stage names its prompt files and tables as the project sees them (its own prompts win).
  return withProjectPrompts(ws.promptsDir, () => evaluateInProject(ws, stage, hasher, runs));
}

async function evaluateInProject<S extends z.ZodType>(
  ws: Workspace,
  stage: Stage<S>,
  hasher: FileHasher,
  runs: RunLog,
): Promise<StageState<z.infer<S>>> {
  const params = resolveParams(stage, ws.config);
  const prompts = stage.prompts?.(ws.config, params) ?? [];
  const projectPrompts = projectPromptStates(prompts, ws.promptsDir);
  const parts: FingerprintParts = {
    version: stage.version,
    params: withoutCosmetic(stage, params),
    prompts: await hashAll(
      hasher,
      prompts.map((p) => [p, locatePrompt(p, ws.promptsDir).file]),
    ),
    ...(Object.keys(projectPrompts).length ? { projectPrompts } : {}),
    inputs: await hashAll(
      hasher,
      stage.inputs.map((i) => [i, inputPath(ws.root, ws.config, i)]),
    ),
    ...(stage.tables ? { tables: stage.tables(ws.config) } : {}),
    ...(stage.members ? { members: memberParts(stage.members(ws.config, params)) } : {}),
  };
  const fingerprint = fingerprintOf(parts);
  const lastOk = runs.lastOk(stage.name);
  const base = { stage: stage, params, parts, fingerprint, lastOk };
  if (!lastOk) return { ...base, state: 'never-run', reasons: ['never run'] };
  const reasons = lastOk.fingerprint === fingerprint ? [] : explainChange(lastOk.parts, parts);
  if (lastOk.fingerprint !== fingerprint && reasons.length === 0) reasons.push('fingerprint changed');
  for (const output of stage.outputs) {
    const now = await hasher.hash(ws.path(output));
    if (now === null) reasons.push(`output ${output} missing`);
    else if (lastOk.outputs[output] && lastOk.outputs[output] !== now)
      reasons.push(`output ${output} modified since the last run`);
  }
  return { ...base, state: reasons.length ? 'stale' : 'fresh', reasons };
}
