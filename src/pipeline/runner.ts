import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BudgetExceededError, DegradedError, InterruptedError } from '../errors.ts';
import { FileHasher } from './fingerprint.ts';
import { evaluateStage, type StageState } from './freshness.ts';
import { countJsonl } from '../io/jsonl.ts';
import { checkChain, selectStages } from './resolve.ts';
import { RunLog, type RunStatus } from './runs.ts';
import type { Stage, StageContext } from '../stages/contract.ts';
import type { LlmPlan } from '../llm/plan.ts';
import type { Simulator } from '../llm/sim/local.ts';
import type { Recipe } from './recipe.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { makeContext, newRecorder, stagingDir, type StageRecorder } from './context.ts';
import { failureVerdict } from './failures.ts';
import { provenanceOf } from './provenance.ts';
import { sweepTempFiles } from './sweep.ts';
import { redact } from '../log/logger.ts';
import { withProjectPrompts } from '../llm/prompts.ts';

export interface RunOptions {
  from?: string;
  to?: string;
  only?: string;
  force?: boolean;
  dryRun?: boolean;
  maxCostUsd?: number;
  /** Share of a stage's samples (0..1) that may fail and the stage still count as done; recorded in provenance. */
  acceptFailures?: number;
  signal?: AbortSignal;
  /** Answers panel members without `baseURL`; a run asking such a member without one fails. */
  simulator?: Simulator;
}

export interface StageReport {
  stage: string;
  action: 'ran' | 'skipped' | 'planned' | 'failed' | 'interrupted' | 'degraded';
  reasons: string[];
  counts?: Record<string, number>;
  summary?: Record<string, unknown>;
  plan?: LlmPlan;
  durationMs?: number;
  error?: string;
}

export interface RunReport {
  recipe: string;
  dryRun: boolean;
  stages: StageReport[];
}

/** Moves every staged output into place; called only after the whole stage succeeded. */
function publishOutputs(ws: Workspace, stageName: string, outputs: string[]): void {
  const staging = join(stagingDir(ws), stageName);
  for (const rel of outputs) {
    const staged = join(staging, rel);
    if (!existsSync(staged))
      throw new Error(`stage "${stageName}" finished without writing its declared output ${rel}`);
  }
  for (const rel of outputs) {
    const target = ws.path(rel);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(staging, rel), target);
  }
  rmSync(staging, { recursive: true, force: true });
}

/** Removes this process's staging folder once no stage is using it. */
function removeStaging(ws: Workspace): void {
  rmSync(stagingDir(ws), { recursive: true, force: true });
}

function statusOf(err: unknown): RunStatus {
  if (err instanceof InterruptedError) return 'interrupted';
  if (err instanceof BudgetExceededError) return 'budget-exceeded';
  return 'failed';
}

/**
 * Runs a recipe: checks the chain, then for each selected stage in order runs it when it is stale,
 * never run, forced, or downstream of a stage that ran; otherwise skips it. Outputs are staged and
 * moved into place only on success, so a failed or interrupted stage leaves the last good output.
 */
export async function runRecipe(ws: Workspace, recipe: Recipe, opts: RunOptions = {}): Promise<RunReport> {
  checkChain(recipe, ws.config);
  const selected = selectStages(recipe, opts);
  const runs = new RunLog(ws.store);
  const crashed = runs.markCrashed();
  if (crashed)
    ws.log.warn(
      `${crashed} earlier stage run(s) ended without finishing; their partial outputs are discarded and the stages rerun`,
    );
  sweepTempFiles(ws.dataDir);
  try {
    return await runSelected(ws, recipe, selected, opts, runs);
  } finally {
    removeStaging(ws);
  }
}

async function runSelected(
  ws: Workspace,
  recipe: Recipe,
  selected: Stage[],
  opts: RunOptions,
  runs: RunLog,
): Promise<RunReport> {
  const hasher = new FileHasher(ws.store);
  const signal = opts.signal ?? new AbortController().signal;
  const runStartedAt = new Date().toISOString();
  const report: RunReport = { recipe: recipe.name, dryRun: Boolean(opts.dryRun), stages: [] };
  let upstreamRan = false;
  for (const stage of selected) {
    if (signal.aborted) throw new InterruptedError();
    const state = await evaluateStage(ws, stage, hasher, runs);
    const reasons = [...state.reasons];
    if (opts.force) reasons.unshift('forced');
    if (upstreamRan && state.state === 'fresh') reasons.push('an upstream stage ran');
    const mustRun = opts.force || upstreamRan || state.state !== 'fresh';
    if (!mustRun) {
      report.stages.push({
        stage: stage.name,
        action: 'skipped',
        reasons: ['up to date'],
        counts: state.lastOk?.counts,
      });
      continue;
    }
    const recorder = newRecorder();
    const ctx = makeContext(ws, recipe, state, { ...opts, runStartedAt }, signal, recorder);
    upstreamRan = true;
    if (opts.dryRun) {
      const plan = stage.plan;
      report.stages.push({
        stage: stage.name,
        action: 'planned',
        reasons,
        plan: plan ? await withProjectPrompts(ws.promptsDir, () => plan(ctx)) : undefined,
      });
      continue;
    }
    report.stages.push(
      await runOneStage(
        ws,
        recipe,
        state,
        ctx,
        { runs, hasher, recorder, acceptFailures: opts.acceptFailures },
        reasons,
      ),
    );
  }
  return report;
}

interface StageRunDeps {
  runs: RunLog;
  hasher: FileHasher;
  recorder: StageRecorder;
  acceptFailures?: number;
}

async function runOneStage(
  ws: Workspace,
  recipe: Recipe,
  state: StageState,
  ctx: StageContext<unknown>,
  deps: StageRunDeps,
  reasons: string[],
): Promise<StageReport> {
  const { stage } = state;
  const { runs, hasher, recorder } = deps;
  const { tallies } = recorder;
  ws.log.info(`${stage.name}: running (${reasons.join('; ')})`);
  const runId = runs.start(recipe.name, stage.name, state.fingerprint, state.parts);
  const started = Date.now();
  try {
    const stageResult = await withProjectPrompts(ws.promptsDir, () => stage.run(ctx));
    const verdict = failureVerdict(stage.name, recorder, deps.acceptFailures);
    const result = {
      ...stageResult,
      summary: {
        ...stageResult.summary,
        ...tallies,
        ...(verdict.failures.length ? { failures: verdict.failures } : {}),
      },
    };
    const provenance = {
      ...provenanceOf(state, recorder),
      ...stageResult.provenance,
      ...(verdict.accepted ? { failuresAccepted: verdict.accepted } : {}),
    };
    if (verdict.degraded) {
      rmSync(join(stagingDir(ws), stage.name), { recursive: true, force: true });
      runs.finish(runId, 'degraded', {
        counts: result.counts,
        summary: result.summary,
        error: verdict.message,
        provenance,
      });
      ws.log.error(`${stage.name}: degraded — ${verdict.message}`);
      throw new DegradedError(verdict.message);
    }
    publishOutputs(ws, stage.name, stage.outputs);
    const outputs: Record<string, string | null> = {};
    const counts: Record<string, number> = { ...(result.counts ?? {}) };
    for (const rel of stage.outputs) {
      outputs[rel] = await hasher.hash(ws.path(rel));
      if (rel.endsWith('.jsonl') && counts[`records:${rel}`] === undefined)
        counts[`records:${rel}`] = await countJsonl(ws.path(rel));
    }
    runs.finish(runId, 'ok', { counts, summary: result.summary, outputs, provenance });
    const durationMs = Date.now() - started;
    ws.log.info(`${stage.name}: done in ${(durationMs / 1000).toFixed(1)} s ${formatCounts(result.counts)}`);
    return { stage: stage.name, action: 'ran', reasons, counts, summary: result.summary, durationMs };
  } catch (err) {
    if (err instanceof DegradedError) throw err;
    rmSync(join(stagingDir(ws), stage.name), { recursive: true, force: true });
    const status = statusOf(err);
    runs.finish(runId, status, { error: redact((err as Error).message), summary: tallies });
    ws.log.error(`${stage.name}: ${status} — ${(err as Error).message}`);
    throw err;
  }
}

function formatCounts(counts?: Record<string, number>): string {
  if (!counts || !Object.keys(counts).length) return '';
  return `(${Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')})`;
}
