import { setTimeout as sleep } from 'node:timers/promises';

/** A failure worth another try (429, 5xx, timeout); `retryAfterMs` comes from the server's Retry-After. */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    /** The HTTP status that made it retryable, when there was one. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  signal?: AbortSignal;
  onRetry?(err: RetryableError, attempt: number, waitMs: number): void;
}

/** A server asking for minutes would stall the whole scrape; longer waits are capped here. */
const MAX_WAIT_MS = 120_000;

export function parseRetryAfter(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Runs `fn` until it succeeds, fails for good, or runs out of attempts; backoff doubles, Retry-After wins when longer. */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(attempt), attempts: attempt };
    } catch (err) {
      if (!(err instanceof RetryableError) || attempt >= opts.maxAttempts) throw err;
      const waitMs = Math.min(MAX_WAIT_MS, Math.max(opts.baseDelayMs * 2 ** (attempt - 1), err.retryAfterMs ?? 0));
      opts.onRetry?.(err, attempt, waitMs);
      await sleep(waitMs, undefined, { signal: opts.signal });
    }
  }
}
