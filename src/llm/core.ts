import type OpenAI from 'openai';
import type { Logger } from '../log/logger.ts';
import type { PanelMember } from '../schemas/config.ts';
import { sampleFromRow } from './answers.ts';
import type { Budget } from './budget.ts';
import type { CacheRow, LlmCache } from './cache.ts';
import type { LedgerEntry } from './cache-ledger.ts';
import type { CapabilityStore, MemberCapabilities } from './capabilities.ts';
import { stripThink } from './repair.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { FailureTally } from './failures.ts';
import type { InFlight } from './in-flight.ts';
import type { MemberLimiter } from './ratelimit.ts';
import { costUsd, type WireRequest } from './request.ts';
import { StatsTracker } from './stats.ts';
import type { ChatChoice, ChatResult, RetryPolicy } from './transport.ts';
import type { LlmRequest, LlmSample } from './types.ts';

/** What the panel and its transport modes (online, batch) share: storing answers, accounting, stopping. */
export interface MemberRuntime {
  member: PanelMember;
  /** Who answers (see provider.ts); part of every cache key. */
  provider: string;
  client: OpenAI;
  limiter: MemberLimiter;
  breaker: CircuitBreaker;
  simulated: boolean;
  /** What the provider can do (config, preset or negotiated); learned values are recorded in `capabilities`. */
  caps: MemberCapabilities;
  capabilities: CapabilityStore;
  /** A reported model other than the configured one was warned about. */
  mismatchWarned?: boolean;
}

/** One request's samples being collected. */
export interface Slot {
  request: LlmRequest<unknown>;
  wire: WireRequest;
  provider: string;
  samples: Array<LlmSample<unknown> | undefined>;
  remaining: number;
}

export interface WorkItem {
  slot: Slot;
  indices: number[];
  /** Calls that already asked these samples (a re-ask after a malformed answer). */
  attempt?: number;
  /** The answer being re-asked and why it was rejected, stated to the model in the re-ask. */
  correction?: { raw: string; error: string };
}

export interface Outcome {
  index: number;
  choice?: ChatChoice;
  error?: string;
}

/** What lives as long as the panel: the cache, the budget, requests in flight, member breakers. */
export interface PanelShared {
  cache: LlmCache;
  log: Logger;
  stage: string;
  signal?: AbortSignal;
  policy: RetryPolicy;
  batchPollMs: number;
  /** New requests for a malformed, refused or truncated answer before it is recorded as a failure. */
  answerRetries: number;
  /** Of those, how many state the validation error to the model (a correcting re-ask). */
  reasks: number;
  budget: Budget;
  inFlight: InFlight<Slot>;
}

/**
 * One `ask`: its own statistics, failures, completion callback and budget verdict, so concurrent
 * asks on one panel never count or stop each other.
 */
export class AskRun {
  readonly tracker = new StatsTracker();
  readonly failures = new FailureTally();
  /** The model names providers reported, per member (llama.cpp, for one, answers with whatever it loaded). */
  readonly reportedModels = new Map<string, Set<string>>();
  private budgetExceeded = false;
  /** Items a provider refused for their structured-output mode, to ask again in the next mode. */
  private refused: WorkItem[] = [];

  constructor(
    readonly shared: PanelShared,
    readonly onSlotDone: (slot: Slot) => void,
  ) {}

  refuse(item: WorkItem): void {
    this.refused.push(item);
  }

  takeRefused(): WorkItem[] {
    const items = this.refused;
    this.refused = [];
    return items;
  }

  get log(): Logger {
    return this.shared.log;
  }

  /** Reserves a call's worst case against the run's budget; a refusal stops this ask only. */
  reserve(usd: number): boolean {
    if (this.budgetExceeded) return false;
    if (this.shared.budget.reserve(usd)) return true;
    this.budgetExceeded = true;
    return false;
  }

  release(usd: number): void {
    this.shared.budget.release(usd);
  }

  isBudgetExceeded(): boolean {
    return this.budgetExceeded;
  }

  stopped(): boolean {
    return this.budgetExceeded || this.shared.signal?.aborted === true;
  }

  /** A sample this ask could not get (not asked, stopped, circuit open): failed here, not stored. */
  settleUnanswered(slot: Slot, index: number, reason: string, member: string, notAsked = false): void {
    if (slot.samples[index]) return;
    slot.samples[index] = {
      index,
      cacheKey: slot.wire.keys[index],
      raw: null,
      error: reason,
      fromCache: false,
      simulated: false,
    };
    this.tracker.failed += 1;
    this.failures.add(member, reason, notAsked);
    this.shared.inFlight.fail(slot.provider, slot.wire.keys[index], reason);
    this.finishSample(slot);
  }

  /** A sample answered by another request in flight with the same identity (asked once, shared). */
  settleShared(slot: Slot, index: number, row: CacheRow, member: string): void {
    if (slot.samples[index]) return;
    const sample = sampleFromRow(slot.request.task, row, true);
    slot.samples[index] = sample;
    if (sample.error === undefined) this.tracker.cached += 1;
    else {
      this.tracker.failed += 1;
      this.failures.add(member, sample.error);
    }
    this.finishSample(slot);
  }

  finishSample(slot: Slot): void {
    slot.remaining -= 1;
    if (slot.remaining === 0) this.onSlotDone(slot);
  }
}

/**
 * Worst-case cost of asking an item's samples, what budgets reserve before a call: the prompt
 * estimate plus every sample using all of its `max_tokens`. The reservation ends when the real
 * usage is in the ledger.
 */
export function worstCaseUsd(item: WorkItem): number {
  const { member } = item.slot.request;
  return costUsd(
    member,
    item.slot.wire.inputTokens,
    item.slot.wire.maxOutputTokensPerSample * item.indices.length,
    member.batch,
  );
}

/** Typical cost of asking an item's samples (the projection of what is left to pay). */
export function expectedUsd(item: WorkItem): number {
  const { member } = item.slot.request;
  return costUsd(
    member,
    item.slot.wire.inputTokens,
    item.slot.wire.outputTokensPerSample * item.indices.length,
    member.batch,
  );
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
