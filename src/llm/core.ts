import type OpenAI from 'openai';
import type { Logger } from '../log/logger.ts';
import type { PanelMember } from '../schemas/config.ts';
import { sampleFromRow } from './answers.ts';
import type { Budget } from './budget.ts';
import type { CacheRow, LlmCache } from './cache.ts';
import type { CapabilityStore, MemberCapabilities } from './capabilities.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { FailureTally } from './failures.ts';
import type { InFlight } from './in-flight.ts';
import type { MemberLimiter } from './ratelimit.ts';
import { costUsd, type WireRequest } from './request.ts';
import { StatsTracker } from './stats.ts';
import type { RetryPolicy } from './transport.ts';
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
