import { BudgetExceededError, InterruptedError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { LlmPlan } from './plan.ts';
import type { Db } from '../store/run-store.ts';
import { isUsable, sampleFromRow } from './answers.ts';
import { askSlots, settleRest, stopReason, type SlotAsking } from './ask-slots.ts';
import { Budget } from './budget.ts';
import { LlmCache, type CacheRow, type StoredAnswer } from './cache.ts';
import { DEFAULT_BREAKER_THRESHOLD } from './circuit-breaker.ts';
import { AskRun, type PanelShared, type Slot } from './core.ts';
import { formatFailure } from './failures.ts';
import { InFlight } from './in-flight.ts';
import { askInRounds } from './early-stop.ts';
import type { AskResult, AskStats } from './ask-result.ts';
import { planRequests } from './plan.ts';
import { CapabilityStore } from './capabilities.ts';
import { MemberRuntimes } from './member-runtimes.ts';
import { providerIdentity } from './provider.ts';
import { toWire } from './request.ts';
import type { Simulator } from './sim/local.ts';
import { formatStats, StatsTracker, type PanelStats } from './stats.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './transport.ts';
import type { LlmAnswer, LlmRequest, LlmSample } from './types.ts';

export interface PanelOptions {
  store: Db;
  log: Logger;
  /** Stage name, recorded in the cache and the cost ledger. */
  stage: string;
  signal?: AbortSignal;
  /** Spending cap, checked against the cost ledger (see `budgetSince`). */
  maxCostUsd?: number;
  /**
   * ISO timestamp the cap counts from: every cost the ledger recorded since then, by any stage or
   * panel, counts against `maxCostUsd`. Pass the run's start so all stages of a run share one
   * budget; without it the cap counts what was recorded since this panel was created.
   */
  budgetSince?: string;
  /**
   * Answers members without `baseURL` (their answers are marked simulated). Started and stopped by
   * whoever wants simulated members; without it such a member is a configuration error.
   */
  simulator?: Simulator;
  retry?: Partial<RetryPolicy>;
  /** New requests for a malformed, refused or truncated answer before it is recorded as a failure. */
  answerRetries?: number;
  /** Of those, how many state the validation error to the model (default 1). */
  reasks?: number;
  /** Re-ask samples cached as failures (default true). */
  retryFailures?: boolean;
  /** The same client error this many times in a row from one member stops asking it (default 5). */
  breakerThreshold?: number;
  batchPollMs?: number;
}

export interface Panel {
  plan(requests: LlmRequest<unknown>[]): Promise<LlmPlan>;
  ask<T>(requests: LlmRequest<T>[], opts?: { onAnswer?(a: LlmAnswer<T>): void }): Promise<AskResult<T>>;
  /** Answers from the cache only: re-derives values with today's parser and makes no request. */
  derive<T>(requests: LlmRequest<T>[]): LlmAnswer<T>[];
  /** Totals over every ask of this panel. */
  stats(): PanelStats;
  close(): Promise<void>;
}

export function createPanel(opts: PanelOptions): Panel {
  const cache = new LlmCache(opts.store);
  const log = opts.log.child('panel');
  const policy = { ...DEFAULT_RETRY, ...opts.retry };
  const retryFailures = opts.retryFailures ?? true;
  const total = new StatsTracker();
  const breakerThreshold = opts.breakerThreshold ?? DEFAULT_BREAKER_THRESHOLD;
  const capabilities = new CapabilityStore(opts.store);
  const runtimes = new MemberRuntimes({ log, policy, breakerThreshold, capabilities, simulator: opts.simulator });
  const shared: PanelShared = {
    cache,
    log,
    stage: opts.stage,
    signal: opts.signal,
    policy,
    batchPollMs: opts.batchPollMs ?? 5_000,
    answerRetries: opts.answerRetries ?? 3,
    reasks: opts.reasks ?? 1,
    budget: new Budget(cache, opts.maxCostUsd, opts.budgetSince),
    inFlight: new InFlight<Slot>(),
  };

  const cached = (request: LlmRequest<unknown>, provider: string, key: string): CacheRow | undefined => {
    const row = cache.get(provider, key);
    return isUsable(request.task, row, retryFailures) ? row : undefined;
  };
  const asking: SlotAsking = { shared, runtimes, capabilities, cached };

  /** One ask of every requested sample (early stopping, when on, calls this per round). */
  async function askAll<T>(
    requests: LlmRequest<T>[],
    askOpts: { onAnswer?(a: LlmAnswer<T>): void } = {},
  ): Promise<AskResult<T>> {
    const toAnswer = (slot: Slot) =>
      ({
        request: slot.request,
        samples: slot.wire.keys.map((key, index) => slot.samples[index] ?? unanswered(key, index)),
      }) as LlmAnswer<T>;
    const ask = new AskRun(shared, (slot) => askOpts.onAnswer?.(toAnswer(slot)));
    let slots: Slot[] = [];
    ask.tracker.start();
    try {
      slots = await askSlots(asking, ask, requests as LlmRequest<unknown>[]);
    } finally {
      shared.inFlight.release(ask, stopReason(ask));
      await shared.inFlight.followed(ask);
      settleRest(ask, slots);
      ask.tracker.stop();
      total.add(ask.tracker);
    }
    const reportedModels = Object.fromEntries([...ask.reportedModels].map(([id, models]) => [id, [...models].sort()]));
    const asked = Object.fromEntries(
      [...(await runtimes.capsOf(requests as LlmRequest<unknown>[]))].map(([id, c]) => [id, structuredClone(c)]),
    );
    const stats: AskStats = {
      ...ask.tracker.snapshot(),
      failures: ask.failures.list(),
      reportedModels,
      breakerThreshold,
      capabilities: asked,
    };
    log.info(`${opts.stage}: ${formatStats(stats)}`);
    for (const group of stats.failures) log.warn(`${opts.stage}: ${formatFailure(group, breakerThreshold)}`);
    if (opts.signal?.aborted)
      throw new InterruptedError(
        `${opts.stage}: interrupted; every finished answer is cached, a rerun asks only what is missing`,
      );
    if (ask.isBudgetExceeded()) {
      const scope = opts.budgetSince ? `since ${opts.budgetSince}` : 'by this panel';
      throw new BudgetExceededError(
        `${opts.stage}: stopped before passing the budget of $${opts.maxCostUsd} (spent $${shared.budget.spent().toFixed(4)} ${scope}); answers so far are cached`,
      );
    }
    return { answers: slots.map(toAnswer), stats };
  }

  return {
    plan: (requests) =>
      Promise.resolve(
        planRequests(
          requests,
          (request, key) => cached(request, providerIdentity(request.member), key) !== undefined,
          (member) => runtimes.currentCaps(member),
        ),
      ),

    async ask<T>(requests: LlmRequest<T>[], askOpts: { onAnswer?(a: LlmAnswer<T>): void } = {}) {
      if (!requests.some((r) => r.member.earlyStop && r.task.votes)) return askAll(requests, askOpts);
      const { answers, stats, rounds } = await askInRounds((batch) => askAll(batch), requests, askOpts.onAnswer);
      log.info(
        `${opts.stage}: early stopping asked ${rounds.runsAsked} of ${rounds.runsConfigured} runs (the labels are those of asking every run)`,
      );
      return { answers, stats: { ...stats, earlyStop: rounds } };
    },

    derive<T>(requests: LlmRequest<T>[]) {
      const wires = requests.map((request) =>
        toWire(request as LlmRequest<unknown>, runtimes.currentCaps(request.member).structured),
      );
      const providers = requests.map((request) => providerIdentity(request.member));
      const rows = rowsByProvider(cache, providers, wires);
      return requests.map((request, r) => {
        const samples = wires[r].keys.map((key, index): LlmSample<T> => {
          const row = rows.get(providers[r])?.get(key);
          return row
            ? sampleFromRow(request.task, row, true)
            : { index, cacheKey: key, raw: null, error: 'not cached', fromCache: false, simulated: false };
        });
        return { request, samples };
      });
    },

    stats: () => total.snapshot(),
    async close() {
      runtimes.clear();
    },
  };
}

/** The cached rows of every request's samples, read in batches per provider. */
function rowsByProvider(
  cache: LlmCache,
  providers: string[],
  wires: Array<{ keys: string[] }>,
): Map<string, Map<string, StoredAnswer>> {
  const keys = new Map<string, string[]>();
  providers.forEach((provider, i) => {
    const list = keys.get(provider) ?? [];
    for (const key of wires[i].keys) list.push(key);
    keys.set(provider, list);
  });
  return new Map([...keys].map(([provider, list]) => [provider, cache.getMany(provider, list)]));
}

/** A sample no call produced (never dropped: the stage sees it failed, and a rerun asks it again). */
function unanswered(cacheKey: string, index: number): LlmSample<unknown> {
  return { index, cacheKey, raw: null, error: 'no answer received', fromCache: false, simulated: false };
}
