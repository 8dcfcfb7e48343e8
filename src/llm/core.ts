import type OpenAI from 'openai';
import type { Logger } from '../pipeline/log.ts';
import type { PanelMember } from '../schemas/config.ts';
import { sampleFromRow } from './answers.ts';
import type { Budget } from './budget.ts';
import type { CacheRow, LlmCache } from './cache.ts';
import type { MemberLimiter } from './ratelimit.ts';
import { costUsd, type WireRequest } from './request.ts';
import type { StatsTracker } from './stats.ts';
import type { ChatChoice, ChatResult, RetryPolicy } from './transport.ts';
import type { LlmRequest, LlmSample } from './types.ts';

/** What the panel and its transport modes (online, batch) share: storing answers, accounting, stopping. */
export interface MemberRuntime {
  member: PanelMember;
  client: OpenAI;
  limiter: MemberLimiter;
  simulated: boolean;
}

/** One request's samples being collected. */
export interface Slot {
  request: LlmRequest<unknown>;
  wire: WireRequest;
  samples: Array<LlmSample<unknown> | undefined>;
  remaining: number;
}

export interface WorkItem {
  slot: Slot;
  indices: number[];
}

export interface Outcome {
  index: number;
  choice?: ChatChoice;
  error?: string;
}

export interface PanelCore {
  cache: LlmCache;
  log: Logger;
  stage: string;
  signal?: AbortSignal;
  policy: RetryPolicy;
  batchPollMs: number;
  /** New requests for a malformed, refused or truncated answer before it is recorded as a failure. */
  answerRetries: number;
  tracker: StatsTracker;
  budget: Budget;
  /** Called when the last missing sample of a slot is stored. */
  onSlotDone(slot: Slot): void;
  stopped(): boolean;
  store(item: WorkItem, runtime: MemberRuntime, outcomes: Outcome[], usage: ChatResult, batch: boolean): void;
}

/**
 * Worst-case cost of asking an item's samples, what budgets reserve before a call: the prompt
 * estimate plus every sample using all of its `max_tokens`. The reservation ends when the real
 * usage is in the ledger.
 */
export function worstCaseUsd(item: WorkItem): number {
  const { member } = item.slot.request;
  return costUsd(member, item.slot.wire.inputTokens, item.slot.wire.maxOutputTokensPerSample * item.indices.length, member.batch);
}

/** Typical cost of asking an item's samples (the projection of what is left to pay). */
export function expectedUsd(item: WorkItem): number {
  const { member } = item.slot.request;
  return costUsd(member, item.slot.wire.inputTokens, item.slot.wire.outputTokensPerSample * item.indices.length, member.batch);
}

/**
 * Stores one call's outcomes: the raw answers and the call's cost in one committed transaction,
 * and only then counts the samples as done.
 */
export function storeOutcomes(core: PanelCore, item: WorkItem, runtime: MemberRuntime, outcomes: Outcome[], usage: ChatResult, batch: boolean): void {
  const { slot } = item;
  const share = Math.max(1, outcomes.length);
  const spent = costUsd(runtime.member, usage.promptTokens, usage.completionTokens, batch);
  const rows: CacheRow[] = outcomes.map(({ index, choice, error }) => ({
    key: slot.wire.keys[index],
    request_hash: slot.wire.hash,
    sample_index: index,
    model: runtime.member.model,
    task: slot.request.task.name,
    item_id: slot.request.itemId,
    stage: core.stage,
    language: slot.request.language,
    prompt_version: slot.request.task.promptVersion,
    status: error ? 'failed' : 'ok',
    raw: choice?.content ?? choice?.refusal ?? null,
    finish_reason: choice?.finishReason ?? null,
    error: error ?? null,
    prompt_tokens: Math.round(usage.promptTokens / share),
    completion_tokens: Math.round(usage.completionTokens / share),
    latency_ms: usage.latencyMs,
    attempts: 1,
    simulated: usage.simulated || runtime.simulated ? 1 : 0,
    created_at: new Date().toISOString(),
  }));
  const ledger = usage.promptTokens + usage.completionTokens > 0
    ? { stage: core.stage, member: runtime.member.id, model: runtime.member.model, requests: 1, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, costUsd: spent, batch }
    : undefined;
  core.cache.put(rows, ledger);
  const { tracker } = core;
  tracker.costUsd += spent;
  tracker.promptTokens += usage.promptTokens;
  tracker.completionTokens += usage.completionTokens;
  for (const row of rows) {
    if (row.status === 'ok') tracker.new += 1;
    else {
      tracker.failed += 1;
      core.log.warn(`${slot.request.itemId} [${runtime.member.id}/${slot.request.language}] sample ${row.sample_index} failed: ${row.error}`);
    }
    slot.samples[row.sample_index] = sampleFromRow(slot.request.task, row, false);
    slot.remaining -= 1;
    if (slot.remaining === 0) core.onSlotDone(slot);
  }
}
