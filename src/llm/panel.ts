import { BudgetExceededError, InterruptedError } from '../errors.ts';
import type { Logger } from '../pipeline/log.ts';
import type { LlmPlan } from '../pipeline/stage.ts';
import type { Db } from '../pipeline/store.ts';
import type { PanelMember } from '../schemas/config.ts';
import { isUsable, sampleFromRow } from './answers.ts';
import { Budget } from './budget.ts';
import { LlmCache, type CacheRow } from './cache.ts';
import { expectedUsd, storeOutcomes, type MemberRuntime, type PanelCore, type Slot, type WorkItem } from './core.ts';
import { runMember } from './online.ts';
import { SimulatedAnswers } from './simulated-answers.ts';
import { MemberLimiter } from './ratelimit.ts';
import { costUsd, toWire } from './request.ts';
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
  /** Re-ask samples cached as failures (default true). */
  retryFailures?: boolean;
  batchPollMs?: number;
}

export interface Panel {
  plan(requests: LlmRequest<unknown>[]): Promise<LlmPlan>;
  ask<T>(requests: LlmRequest<T>[], opts?: { onAnswer?(a: LlmAnswer<T>): void }): Promise<LlmAnswer<T>[]>;
  /** Answers from the cache only: re-derives values with today's parser and makes no request. */
  derive<T>(requests: LlmRequest<T>[]): LlmAnswer<T>[];
  cachedAnswer(key: string): CacheRow | undefined;
  stats(): PanelStats;
  close(): Promise<void>;
}

const MAX_N = 128;

export function createPanel(opts: PanelOptions): Panel {
  const cache = new LlmCache(opts.store);
  const log = opts.log.child('panel');
  const policy = { ...DEFAULT_RETRY, ...opts.retry };
  const retryFailures = opts.retryFailures ?? true;
  const tracker = new StatsTracker();
  const budget = new Budget(cache, opts.maxCostUsd, opts.budgetSince);
  const runtimes = new Map<string, MemberRuntime>();
  const limiters = new Map<string, MemberLimiter>();
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
    const simulated = !member.baseURL;
    const baseURL = member.baseURL ?? `${await simulatorUrl()}/v1`;
    let limiter = limiters.get(member.id);
    if (!limiter) {
      limiter = new MemberLimiter(member.id, { rpm: member.rpm, tpm: member.tpm }, log);
      limiters.set(member.id, limiter);
    }
    const runtime = { member, client: createClient(member, baseURL, policy), limiter, simulated };
    runtimes.set(member.id, runtime);
    return runtime;
  }

  const simulatedAnswers = new SimulatedAnswers(cache, runtimeOf);
  const cached = (request: LlmRequest<unknown>, key: string) => {
    const row = cache.get(key);
    return isUsable(request.task, row, retryFailures, () => simulatedAnswers.accepts(request.member)) ? row : undefined;
  };

  const core: PanelCore = {
    cache,
    log,
    stage: opts.stage,
    signal: opts.signal,
    policy,
    batchPollMs: opts.batchPollMs ?? 5_000,
    answerRetries: opts.answerRetries ?? 3,
    tracker,
    budget,
    onSlotDone: () => undefined,
    stopped: () => budget.isExceeded() || opts.signal?.aborted === true,
    store: (item, runtime, outcomes, usage, batch) => storeOutcomes(core, item, runtime, outcomes, usage, batch),
  };

  function slotsFor(requests: LlmRequest<unknown>[]): { slots: Slot[]; work: Map<string, WorkItem[]> } {
    const work = new Map<string, WorkItem[]>();
    const slots = requests.map((request) => {
      const wire = toWire(request);
      const slot: Slot = { request, wire, samples: new Array(request.samples), remaining: 0 };
      const missing: number[] = [];
      wire.keys.forEach((key, index) => {
        const row = cached(request, key);
        if (row) slot.samples[index] = sampleFromRow(request.task, row, true);
        else missing.push(index);
      });
      tracker.cached += request.samples - missing.length;
      slot.remaining = missing.length;
      const items = work.get(request.member.id) ?? [];
      for (const indices of chunk(missing, request.member.supportsN ? MAX_N : 1)) items.push({ slot, indices });
      work.set(request.member.id, items);
      return slot;
    });
    return { slots, work };
  }

  return {
    async plan(requests) {
      await simulatedAnswers.prepare(requests.map((r) => r.member));
      const rows = new Map<string, LlmPlan['rows'][number]>();
      const worstCase = new Map<string, number>();
      for (const request of requests) {
        const wire = toWire(request);
        const missing = wire.keys.filter((key) => !cached(request, key)).length;
        const row = rows.get(request.member.id) ?? { model: request.member.id, requests: 0, cached: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
        const calls = missing === 0 ? 0 : request.member.supportsN ? Math.ceil(missing / MAX_N) : missing;
        const input = wire.inputTokens * calls;
        const output = wire.outputTokensPerSample * missing;
        row.requests += calls;
        row.cached += request.samples - missing;
        row.inputTokens += input;
        row.outputTokens += output;
        row.costUsd += costUsd(request.member, input, output, request.member.batch);
        rows.set(request.member.id, row);
        const worst = costUsd(request.member, input, wire.maxOutputTokensPerSample * missing, request.member.batch);
        worstCase.set(request.member.id, (worstCase.get(request.member.id) ?? 0) + worst);
      }
      simulatedAnswers.warn(log, opts.stage);
      return {
        rows: [...rows.values()],
        notes: [
          'rows are per panel member id; "cached" counts samples, "requests" the calls still to make',
          'tokens estimated: input = characters/4 (one per CJK character) + 4 per message; output = the task estimate (else 64) per answer, at most its max_tokens',
          'members without baseURL are answered by the local simulator (no real cost)',
          `worst case, every answer using all of its max_tokens (what --max-cost reserves per call): ${[...worstCase].map(([id, usd]) => `${id} $${usd.toFixed(4)}`).join(', ')}`,
        ],
      };
    },

    async ask<T>(requests: LlmRequest<T>[], askOpts: { onAnswer?(a: LlmAnswer<T>): void } = {}) {
      budget.resetVerdict();
      await simulatedAnswers.prepare(requests.map((r) => r.member));
      const { slots, work } = slotsFor(requests as LlmRequest<unknown>[]);
      simulatedAnswers.warn(log, opts.stage);
      const toAnswer = (slot: Slot) => ({ request: slot.request, samples: slot.wire.keys.map((key, index) => slot.samples[index] ?? unanswered(key, index)) }) as LlmAnswer<T>;
      core.onSlotDone = (slot) => askOpts.onAnswer?.(toAnswer(slot));
      for (const slot of slots) if (slot.remaining === 0) core.onSlotDone(slot);
      tracker.projectedRemainingUsd = [...work.values()].flat().reduce((sum, item) => sum + expectedUsd(item), 0);
      tracker.start();
      try {
        const runners = [...work.entries()].filter(([, items]) => items.length > 0);
        const memberRuntimes = await Promise.all(runners.map(([, items]) => runtimeOf(items[0].slot.request.member)));
        await Promise.all(runners.map(([, items], i) => runMember(core, memberRuntimes[i], items)));
      } finally {
        tracker.stop();
        log.info(`${opts.stage}: ${formatStats(tracker.snapshot())}`);
      }
      if (opts.signal?.aborted) throw new InterruptedError(`${opts.stage}: interrupted; every finished answer is cached, a rerun asks only what is missing`);
      if (budget.isExceeded()) {
        const scope = opts.budgetSince ? `since ${opts.budgetSince}` : 'by this panel';
        throw new BudgetExceededError(
          `${opts.stage}: stopped before passing the budget of $${opts.maxCostUsd} (spent $${budget.spent().toFixed(4)} ${scope}); answers so far are cached`,
        );
      }
      return slots.map(toAnswer);
    },

    derive<T>(requests: LlmRequest<T>[]) {
      const wires = requests.map((request) => toWire(request as LlmRequest<unknown>));
      const rows = cache.getMany(wires.flatMap((w) => w.keys));
      return requests.map((request, r) => {
        const samples = wires[r].keys.map((key, index): LlmSample<T> => {
          const row = rows.get(key);
          return row ? sampleFromRow(request.task, row, true) : { index, cacheKey: key, raw: null, error: 'not cached', fromCache: false, simulated: false };
        });
        return { request, samples };
      });
    },

    cachedAnswer: (key) => cache.get(key),
    stats: () => tracker.snapshot(),
    async close() {
      await sim?.close();
      sim = undefined;
      simUrl = undefined;
      runtimes.clear();
    },
  };
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
