import { BudgetExceededError, InterruptedError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { LlmPlan } from './plan.ts';
import type { Db } from '../store/run-store.ts';
import type { PanelMember } from '../schemas/config.ts';
import { isUsable, sampleFromRow } from './answers.ts';
import { Budget } from './budget.ts';
import { LlmCache, type CacheRow, type StoredAnswer } from './cache.ts';
import { CircuitBreaker, DEFAULT_BREAKER_THRESHOLD } from './circuit-breaker.ts';
import { AskRun, expectedUsd, type MemberRuntime, type PanelShared, type Slot, type WorkItem } from './core.ts';
import { formatFailure } from './failures.ts';
import { InFlight } from './in-flight.ts';
import { runMember } from './online.ts';
import { askInRounds } from './early-stop.ts';
import type { AskResult, AskStats } from './ask-result.ts';
import { planRequests } from './plan.ts';
import { CapabilityStore, type MemberCapabilities } from './capabilities.ts';
import { PRESETS } from './presets.ts';
import { providerIdentity } from './provider.ts';
import { MemberLimiter } from './ratelimit.ts';
import { toWire } from './request.ts';
import { startSimServer, type SimServer } from './sim/server.ts';
import { formatStats, StatsTracker, type PanelStats } from './stats.ts';
import { createClient, DEFAULT_RETRY, type RetryPolicy } from './transport.ts';
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
  /** An already running simulator for members without `baseURL`; else one is started in-process. */
  simulatorUrl?: string;
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
  const runtimes = new Map<string, MemberRuntime>();
  const capabilities = new CapabilityStore(opts.store);
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
  let sim: SimServer | undefined;
  let simUrl: Promise<string> | undefined;

  const simulatorUrl = () => {
    simUrl ??= opts.simulatorUrl
      ? Promise.resolve(opts.simulatorUrl)
      : startSimServer({ rpm: 60_000, tpm: 50_000_000 }).then((s) => {
          sim = s;
          log.info(`no baseURL: using the local simulator at ${s.url} (answers marked simulated)`);
          return s.url;
        });
    return simUrl;
  };

  async function runtimeOf(member: PanelMember): Promise<MemberRuntime> {
    const known = runtimes.get(member.id);
    if (known) return known;
    const baseURL = member.baseURL ?? `${await simulatorUrl()}/v1`;
    const runtime: MemberRuntime = {
      member,
      provider: providerIdentity(member),
      client: createClient(member, baseURL, policy),
      limiter: new MemberLimiter(
        member.id,
        { rpm: member.rpm, tpm: member.tpm },
        log,
        member.provider ? PRESETS[member.provider].rateLimitHeaders : undefined,
      ),
      breaker: new CircuitBreaker(breakerThreshold),
      simulated: !member.baseURL,
      caps: capabilities.resolve(member),
      capabilities,
    };
    runtimes.set(member.id, runtime);
    return runtime;
  }

  const cached = (request: LlmRequest<unknown>, provider: string, key: string): CacheRow | undefined => {
    const row = cache.get(provider, key);
    return isUsable(request.task, row, retryFailures) ? row : undefined;
  };

  /** Each request's samples from the cache, the rest claimed (or followed, when already in flight) and queued per member. */
  function slotsFor(
    ask: AskRun,
    requests: LlmRequest<unknown>[],
    caps: Map<string, MemberCapabilities>,
  ): { slots: Slot[]; work: Map<string, WorkItem[]> } {
    const work = new Map<string, WorkItem[]>();
    const slots = requests.map((request) => {
      const memberCaps = caps.get(request.member.id) ?? capabilities.resolve(request.member);
      const wire = toWire(request, memberCaps.structured);
      const provider = providerIdentity(request.member);
      const slot: Slot = { request, wire, provider, samples: new Array(request.samples), remaining: request.samples };
      const mine: number[] = [];
      wire.keys.forEach((key, index) => {
        const row = cached(request, provider, key);
        if (row) {
          slot.samples[index] = sampleFromRow(request.task, row, true);
          slot.remaining -= 1;
          ask.tracker.cached += 1;
        } else if (shared.inFlight.claim(provider, key, { ask, slot, index, member: request.member.id }))
          mine.push(index);
      });
      const items = work.get(request.member.id) ?? [];
      for (const indices of chunk(mine, memberCaps.maxN)) items.push({ slot, indices });
      work.set(request.member.id, items);
      return slot;
    });
    return { slots, work };
  }

  /** Each asked member's capabilities as they stand (config, preset, negotiated earlier, or defaults). */
  async function capsOf(requests: LlmRequest<unknown>[]): Promise<Map<string, MemberCapabilities>> {
    const caps = new Map<string, MemberCapabilities>();
    for (const request of requests)
      if (!caps.has(request.member.id)) caps.set(request.member.id, (await runtimeOf(request.member)).caps);
    return caps;
  }

  /**
   * Asks `requests` in this ask; requests a provider refused for their structured-output mode
   * (the member has fallen back meanwhile, see online.ts) are asked again in the new mode, under
   * their new keys, and their answers take the refused slots' places. Nothing was stored for them.
   */
  async function askSlots(ask: AskRun, requests: LlmRequest<unknown>[]): Promise<Slot[]> {
    const { slots, work } = slotsFor(ask, requests, await capsOf(requests));
    for (const slot of slots) if (slot.remaining === 0) ask.onSlotDone(slot);
    ask.tracker.projectedRemainingUsd += [...work.values()].flat().reduce((sum, item) => sum + expectedUsd(item), 0);
    await execute(ask, work);
    const refused = [...new Set(ask.takeRefused().map((item) => item.slot))];
    if (refused.length === 0) return slots;
    for (const slot of refused)
      slot.wire.keys.forEach(
        (key, index) =>
          slot.samples[index] ||
          shared.inFlight.fail(slot.provider, key, 'asked again in another structured-output mode'),
      );
    const again = await askSlots(
      ask,
      refused.map((slot) => slot.request),
    );
    return slots.map((slot) => (refused.includes(slot) ? again[refused.indexOf(slot)] : slot));
  }

  async function execute(ask: AskRun, work: Map<string, WorkItem[]>): Promise<void> {
    const runners = [...work.entries()].filter(([, items]) => items.length > 0);
    const memberRuntimes = await Promise.all(runners.map(([, items]) => runtimeOf(items[0].slot.request.member)));
    await Promise.all(runners.map(([, items], i) => runMember(ask, memberRuntimes[i], items)));
  }

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
      slots = await askSlots(ask, requests as LlmRequest<unknown>[]);
    } finally {
      shared.inFlight.release(ask, stopReason(ask));
      await shared.inFlight.followed(ask);
      settleRest(ask, slots);
      ask.tracker.stop();
      total.add(ask.tracker);
    }
    const reportedModels = Object.fromEntries([...ask.reportedModels].map(([id, models]) => [id, [...models].sort()]));
    const asked = Object.fromEntries(
      [...(await capsOf(requests as LlmRequest<unknown>[]))].map(([id, c]) => [id, structuredClone(c)]),
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
          (member) => runtimes.get(member.id)?.caps ?? capabilities.resolve(member),
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
        toWire(
          request as LlmRequest<unknown>,
          (runtimes.get(request.member.id)?.caps ?? capabilities.resolve(request.member)).structured,
        ),
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
      await sim?.close();
      sim = undefined;
      simUrl = undefined;
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

/** Samples still without an answer when the ask ends count as failed (a rerun asks them). */
function settleRest(ask: AskRun, slots: Slot[]): void {
  const reason = stopReason(ask);
  for (const slot of slots) {
    slot.wire.keys.forEach((_, index) => {
      if (!slot.samples[index]) ask.settleUnanswered(slot, index, reason, slot.request.member.id);
    });
  }
}

function stopReason(ask: AskRun): string {
  if (ask.isBudgetExceeded()) return 'not asked: the budget was reached';
  return 'no answer received (interrupted)';
}

/** A sample no call produced (never dropped: the stage sees it failed, and a rerun asks it again). */
function unanswered(cacheKey: string, index: number): LlmSample<unknown> {
  return { index, cacheKey, raw: null, error: 'no answer received', fromCache: false, simulated: false };
}

function chunk<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
