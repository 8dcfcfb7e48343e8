import type { CacheRow } from './cache.ts';
import type { LedgerEntry } from './cache-ledger.ts';
import { sampleFromRow } from './answers.ts';
import type { AskRun, MemberRuntime, Slot, WorkItem } from './core.ts';
import { stripThink } from './repair.ts';
import { costUsd } from './request.ts';
import type { ChatChoice, ChatResult } from './transport.ts';

/**
 * Recording what a call brought back: each sample's raw answer or failure as a cache row, the
 * call's tokens and cost in the ask's statistics and the ledger, and what the answers reveal about
 * the member (a reasoning model, a provider serving another model than the one configured).
 */

/** One sample's result of a call: the answer, and why it was rejected or given up, if it was. */
export interface Outcome {
  index: number;
  choice?: ChatChoice;
  error?: string;
}

function cacheRow(
  ask: AskRun,
  slot: Slot,
  runtime: MemberRuntime,
  outcome: Outcome,
  usage: ChatResult,
  share: number,
  asks: number,
): CacheRow {
  const { index, choice, error } = outcome;
  return {
    provider: runtime.provider,
    key: slot.wire.keys[index],
    request_hash: slot.wire.hash,
    sample_index: index,
    model: runtime.member.model,
    reported_model: usage.reportedModel ?? null,
    task: slot.request.task.name,
    item_id: slot.request.itemId,
    stage: ask.shared.stage,
    language: slot.request.language,
    prompt_version: slot.request.task.promptVersion,
    status: error ? 'failed' : 'ok',
    raw: choice?.content ?? choice?.refusal ?? null,
    finish_reason: choice?.finishReason ?? null,
    error: error ?? null,
    prompt_tokens: Math.round(usage.promptTokens / share),
    completion_tokens: Math.round(usage.completionTokens / share),
    latency_ms: usage.latencyMs,
    attempts: asks,
    simulated: usage.simulated || runtime.simulated ? 1 : 0,
    created_at: new Date().toISOString(),
  };
}

/**
 * Stores one call's outcomes: the raw answers and the call's cost in one committed transaction,
 * and only then counts the samples as done (for this ask and for every ask sharing them).
 */
export function storeOutcomes(
  ask: AskRun,
  item: WorkItem,
  runtime: MemberRuntime,
  outcomes: Outcome[],
  usage: ChatResult,
  batch: boolean,
): void {
  const { slot } = item;
  // This call, and the earlier ones whose answers were rejected and asked again.
  const asks = (item.attempt ?? 0) + 1;
  const rows = outcomes.map((outcome) =>
    cacheRow(ask, slot, runtime, outcome, usage, Math.max(1, outcomes.length), asks),
  );
  ask.shared.cache.put(rows, payCall(ask, runtime, usage, batch));
  noteReasoning(runtime, rows);
  const { tracker } = ask;
  for (const row of rows) {
    if (row.status === 'ok') tracker.new += 1;
    else {
      tracker.failed += 1;
      ask.failures.add(runtime.member.id, row.error ?? 'failed');
      ask.log.debug(
        `${slot.request.itemId} [${runtime.member.id}/${slot.request.language}] sample ${row.sample_index} failed: ${row.error}`,
      );
    }
    slot.samples[row.sample_index] = sampleFromRow(slot.request.task, row, false);
    ask.shared.inFlight.settle(runtime.provider, row.key, row);
    ask.finishSample(slot);
  }
}

/**
 * Counts a call's tokens and cost in this ask and returns its ledger entry (none for a call that
 * used nothing). Reasoning tokens are part of the output tokens; cached prompt tokens are priced
 * at `cachedInputPerMTok`.
 */
export function payCall(
  ask: AskRun,
  runtime: MemberRuntime,
  usage: ChatResult,
  batch: boolean,
): LedgerEntry | undefined {
  const spent = costUsd(runtime.member, usage.promptTokens, usage.completionTokens, batch, usage.cachedTokens ?? 0);
  const { tracker } = ask;
  tracker.costUsd += spent;
  tracker.promptTokens += usage.promptTokens;
  tracker.completionTokens += usage.completionTokens;
  tracker.reasoningTokens += usage.reasoningTokens ?? 0;
  tracker.cachedTokens += usage.cachedTokens ?? 0;
  if (usage.estimated) tracker.estimatedUsage += 1;
  if (usage.reportedModel) noteReportedModel(ask, runtime, usage.reportedModel);
  if (usage.promptTokens + usage.completionTokens === 0) return undefined;
  return {
    stage: ask.shared.stage,
    member: runtime.member.id,
    model: runtime.member.model,
    requests: 1,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    costUsd: spent,
    batch,
    estimated: usage.estimated === true,
    reasoningTokens: usage.reasoningTokens ?? 0,
    cachedTokens: usage.cachedTokens ?? 0,
  };
}

/** A member whose answers carry reasoning is a reasoning model: recorded once, for plans. */
function noteReasoning(runtime: MemberRuntime, rows: CacheRow[]): void {
  if (runtime.caps.reasoning === true || !rows.some((r) => r.raw !== null && stripThink(r.raw).stripped)) return;
  runtime.caps.reasoning = true;
  runtime.capabilities.record(runtime.member, { reasoning: true });
}

/** Records the model a provider said answered; a name other than the configured one is warned about once per member. */
function noteReportedModel(ask: AskRun, runtime: MemberRuntime, model: string): void {
  const seen = ask.reportedModels.get(runtime.member.id) ?? new Set<string>();
  if (seen.has(model)) return;
  seen.add(model);
  ask.reportedModels.set(runtime.member.id, seen);
  if (model === runtime.member.model || runtime.mismatchWarned || runtime.simulated) return;
  runtime.mismatchWarned = true;
  ask.log.warn(
    `${runtime.member.id}: the provider reports model "${model}", not the configured "${runtime.member.model}" (answers are stored with the reported name)`,
  );
}
