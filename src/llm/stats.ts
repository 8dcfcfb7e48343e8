/** The running summary of a panel: what it answered, what it cost, how fast, what is left. */
export interface PanelStats {
  /** Samples answered from the cache. */
  cached: number;
  /** Samples answered by a new request. */
  new: number;
  /** Samples recorded as failures (after retries). */
  failed: number;
  /** HTTP requests made (including retries). */
  requests: number;
  retries: number;
  rateLimited: number;
  promptTokens: number;
  completionTokens: number;
  /** Of the completion tokens, reasoning (reported, else estimated from the reasoning text). */
  reasoningTokens: number;
  /** Of the prompt tokens, served from the provider's prefix cache. */
  cachedTokens: number;
  costUsd: number;
  /** Calls whose provider sent no usage (their tokens were estimated from the texts). */
  estimatedUsage: number;
  elapsedMs: number;
  achievedRpm: number;
  tokensPerMin: number;
  /** Estimated cost of the samples still missing in the current (or last) ask. */
  projectedRemainingUsd: number;
}

export class StatsTracker {
  cached = 0;
  new = 0;
  failed = 0;
  requests = 0;
  retries = 0;
  rateLimited = 0;
  promptTokens = 0;
  completionTokens = 0;
  reasoningTokens = 0;
  cachedTokens = 0;
  costUsd = 0;
  estimatedUsage = 0;
  projectedRemainingUsd = 0;
  activeMs = 0;
  private since: number | undefined;

  /** Adds another tracker's counts (a panel's total over its asks). */
  add(other: StatsTracker): void {
    for (const key of [
      'cached',
      'new',
      'failed',
      'requests',
      'retries',
      'rateLimited',
      'promptTokens',
      'completionTokens',
      'reasoningTokens',
      'cachedTokens',
      'costUsd',
      'estimatedUsage',
    ] as const) {
      this[key] += other[key];
    }
    this.activeMs += other.activeMs;
  }

  start(): void {
    this.since = performance.now();
  }

  stop(): void {
    if (this.since === undefined) return;
    this.activeMs += performance.now() - this.since;
    this.since = undefined;
  }

  snapshot(): PanelStats {
    const elapsedMs = this.activeMs + (this.since === undefined ? 0 : performance.now() - this.since);
    const minutes = elapsedMs / 60_000;
    const perMin = (v: number) => (minutes > 0 ? Math.round((v / minutes) * 10) / 10 : 0);
    return {
      cached: this.cached,
      new: this.new,
      failed: this.failed,
      requests: this.requests,
      retries: this.retries,
      rateLimited: this.rateLimited,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      reasoningTokens: this.reasoningTokens,
      cachedTokens: this.cachedTokens,
      costUsd: this.costUsd,
      estimatedUsage: this.estimatedUsage,
      elapsedMs: Math.round(elapsedMs),
      achievedRpm: perMin(this.requests),
      tokensPerMin: perMin(this.promptTokens + this.completionTokens),
      projectedRemainingUsd: this.projectedRemainingUsd,
    };
  }
}

export function formatStats(s: PanelStats): string {
  return (
    `cached ${s.cached}, new ${s.new}, failed ${s.failed}; ${s.requests} requests (${s.retries} retries, ${s.rateLimited} rate-limited); ` +
    `${s.achievedRpm} RPM, ${s.tokensPerMin} tokens/min; spent $${s.costUsd.toFixed(4)}, projected remaining $${s.projectedRemainingUsd.toFixed(4)}`
  );
}
