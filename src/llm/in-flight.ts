import type { CacheRow } from './cache.ts';

/** What an ask does with a sample another ask settled for it (`AskRun` in core.ts; `S` is its slot). */
export interface SampleSettler<S> {
  settleShared(slot: S, index: number, row: CacheRow, member: string): void;
  settleUnanswered(slot: S, index: number, reason: string, member: string): void;
}

interface Follower<S> {
  ask: SampleSettler<S>;
  slot: S;
  index: number;
  member: string;
}

interface Entry<S> {
  owner: SampleSettler<S>;
  followers: Follower<S>[];
  done: Promise<void>;
  resolve(): void;
}

/**
 * Samples being asked right now, by (provider, cache key). Identical requests, in one ask or in
 * concurrent asks on one panel, are sent once: the first claims the sample, the others follow it
 * and receive the stored answer (or the owner's reason for not getting one).
 */
export class InFlight<S> {
  private readonly entries = new Map<string, Entry<S>>();

  /** True when `ask` now owns the sample and must ask it; false when it follows one already in flight. */
  claim(provider: string, key: string, follower: Follower<S>): boolean {
    const id = `${provider}\n${key}`;
    const entry = this.entries.get(id);
    if (entry) {
      entry.followers.push(follower);
      return false;
    }
    let resolve: () => void = () => undefined;
    const done = new Promise<void>((r) => (resolve = r));
    this.entries.set(id, { owner: follower.ask, followers: [], done, resolve });
    return true;
  }

  /** The owner stored the sample: every follower gets the same row. */
  settle(provider: string, key: string, row: CacheRow): void {
    this.finish(`${provider}\n${key}`, (f) => f.ask.settleShared(f.slot, f.index, row, f.member));
  }

  /** The owner gave a sample up without asking it: its followers fail with the same reason. */
  fail(provider: string, key: string, reason: string): void {
    this.finish(`${provider}\n${key}`, (f) => f.ask.settleUnanswered(f.slot, f.index, reason, f.member));
  }

  private finish(id: string, each: (follower: Follower<S>) => void): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    entry.followers.forEach(each);
    entry.resolve();
  }

  /** The owner ended without storing some samples (stopped, interrupted): their followers fail here too. */
  release(owner: SampleSettler<S>, reason: string): void {
    for (const [id, entry] of this.entries) {
      if (entry.owner === owner) this.finish(id, (f) => f.ask.settleUnanswered(f.slot, f.index, reason, f.member));
    }
  }

  /** Resolves when every sample `ask` follows has been settled by its owner. */
  async followed(ask: SampleSettler<S>): Promise<void> {
    const waits = [...this.entries.values()].filter((e) => e.followers.some((f) => f.ask === ask)).map((e) => e.done);
    await Promise.all(waits);
  }
}
