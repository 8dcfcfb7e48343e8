import { describeRecorded } from '../llm/capabilities.ts';
import { FileHasher } from './fingerprint.ts';
import { evaluateStage, type Freshness } from './freshness.ts';
import { RunLog, type RunStatus } from './runs.ts';
import type { Recipe } from './recipe.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { makeContext } from './context.ts';
import { withProjectPrompts } from '../llm/prompts.ts';

export interface StageStatus {
  stage: string;
  state: Freshness;
  reasons: string[];
  counts: Record<string, number>;
  lastRun?: { status: RunStatus; startedAt: string; endedAt: string | null; error: string | null };
  /** LLM use of the last good run (answers cached / new / failed, tokens, cost), when the stage asked any. */
  llmLastRun?: Record<string, number>;
  /** How the last good run asked each member: structured-output mode, `n`, reasoning (see capabilities.ts). */
  capabilities?: Record<string, string>;
  /** For LLM stages that would rerun: how many answers a rerun can take from the cache. */
  llm?: { requests: number; cached: number; costUsd: number };
}

/** Each stage of the recipe: fresh / stale (and why) / never run, its record counts and last run. */
export async function recipeStatus(ws: Workspace, recipe: Recipe): Promise<StageStatus[]> {
  const runs = new RunLog(ws.store);
  runs.markCrashed();
  const hasher = new FileHasher(ws.store);
  const out: StageStatus[] = [];
  const staleUpstream: string[] = [];
  for (const stage of recipe.stages) {
    const state = await evaluateStage(ws, stage, hasher, runs);
    const reasons = [...state.reasons];
    let freshness = state.state;
    if (freshness === 'fresh' && staleUpstream.length) {
      freshness = 'stale';
      reasons.push(`upstream stage ${staleUpstream[staleUpstream.length - 1]} will rerun`);
    }
    if (freshness !== 'fresh') staleUpstream.push(stage.name);
    const last = runs.last(stage.name);
    const status: StageStatus = {
      stage: stage.name,
      state: freshness,
      reasons,
      counts: state.lastOk?.counts ?? {},
      lastRun: last && { status: last.status, startedAt: last.started_at, endedAt: last.ended_at, error: last.error },
      llmLastRun: state.lastOk?.summary.llm as Record<string, number> | undefined,
      capabilities: describeRecorded(state.lastOk?.provenance.capabilities),
    };
    if (freshness !== 'fresh' && stage.plan) status.llm = await cachedShare(ws, recipe, state, stage.plan);
    out.push(status);
  }
  return out;
}

async function cachedShare(
  ws: Workspace,
  recipe: Recipe,
  state: Awaited<ReturnType<typeof evaluateStage>>,
  plan: NonNullable<Recipe['stages'][number]['plan']>,
): Promise<StageStatus['llm']> {
  try {
    const ctx = makeContext(ws, recipe, state, {}, new AbortController().signal);
    const p = await withProjectPrompts(ws.promptsDir, () => plan(ctx));
    return p.rows.reduce(
      (acc, r) => ({
        requests: acc.requests + r.requests,
        cached: acc.cached + r.cached,
        costUsd: acc.costUsd + r.costUsd,
      }),
      { requests: 0, cached: 0, costUsd: 0 },
    );
  } catch {
    return undefined;
  }
}
