import type { LlmCache } from './cache.ts';

/**
 * The spending cap a panel enforces. Spend is read from the cost ledger, not from the panel's own
 * tally, so every panel of a run shares one budget: with `since` (the run's start, an ISO
 * timestamp) the cap covers everything the ledger recorded since then, by any stage or panel in
 * this run store; without it, everything recorded since this panel was created. Calls in flight
 * are reserved at their worst-case estimate until their real cost is in the ledger, so concurrent
 * calls cannot overshoot together.
 */
export class Budget {
  private spentUsd: number;
  private lastId: number;
  private reservedUsd = 0;
  private exceeded = false;

  constructor(
    private readonly cache: LlmCache,
    readonly maxCostUsd: number | undefined,
    since?: string,
  ) {
    const start = since ? cache.spendSince(since) : { costUsd: 0, lastId: cache.spendAfter(0).lastId };
    this.spentUsd = start.costUsd;
    this.lastId = start.lastId;
  }

  /** Ledger spend counted against the cap so far. */
  spent(): number {
    if (this.maxCostUsd === undefined) return this.spentUsd;
    const more = this.cache.spendAfter(this.lastId);
    this.spentUsd += more.costUsd;
    this.lastId = more.lastId;
    return this.spentUsd;
  }

  /** Reserves the worst-case cost of a call; false (and the budget counts as exceeded) when it would pass the cap. */
  reserve(usd: number): boolean {
    if (this.exceeded) return false;
    if (this.maxCostUsd !== undefined && this.spent() + this.reservedUsd + usd > this.maxCostUsd) {
      this.exceeded = true;
      return false;
    }
    this.reservedUsd += usd;
    return true;
  }

  /** Ends a reservation; call it in the same synchronous turn as recording the real cost. */
  release(usd: number): void {
    this.reservedUsd -= usd;
  }

  isExceeded(): boolean {
    return this.exceeded;
  }

  /** A new ask starts with a fresh verdict (the spend stays counted). */
  resetVerdict(): void {
    this.exceeded = false;
  }
}
