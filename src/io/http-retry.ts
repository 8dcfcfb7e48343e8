import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';

/**
 * The one retry policy of every HTTP client here: the Kialo scraper, the LLM panel and the Hub
 * publisher. A retryable failure (429, 5xx, a dropped connection) waits a jittered exponential
 * backoff, or the server's `Retry-After` (seconds or an HTTP date) when that is longer, never more
 * than `retryAfterCapMs`. Jitter keeps parallel clients that failed together from returning together.
 */
export interface HttpRetryPolicy {
  /** Tries after the first one. */
  retries: number;
  /** The first backoff; it doubles with each retry up to `maxDelayMs`, then is drawn from 50–100 % of that. */
  minDelayMs: number;
  maxDelayMs: number;
  /** The longest wait honoured: a server asking for longer is asked again after this. */
  retryAfterCapMs: number;
}

/**
 * Two minutes: long enough for a per-minute rate-limit window to roll over, short enough that a
 * server asking for an hour does not stall a whole scrape or panel run.
 */
export const RETRY_AFTER_CAP_MS = 120_000;

export const DEFAULT_HTTP_RETRY: HttpRetryPolicy = {
  retries: 8,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  retryAfterCapMs: RETRY_AFTER_CAP_MS,
};

/** A failure worth another try (429, 5xx); `retryAfterMs` comes from the server's Retry-After. */
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

/** `Retry-After` in milliseconds from now: delta-seconds (`"120"`) or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait a response asks for: `retry-after-ms` (OpenAI and compatible servers) first, else `Retry-After`. */
export function retryAfterFromHeaders(headers: Pick<Headers, 'get'> | undefined): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms?.trim() && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  return parseRetryAfter(headers?.get('retry-after'));
}

/** The wait before try `attempt + 1`: jittered backoff, or the server's request when longer, within the cap. */
export function retryDelayMs(
  attempt: number,
  policy: HttpRetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const backoff = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
  return Math.round(Math.min(policy.retryAfterCapMs, Math.max(backoff, retryAfterMs ?? 0)));
}

/** Whether a failure is worth another try and, if the server said, how long it asked to wait. */
export type RetryVerdict = { retry: false } | { retry: true; retryAfterMs?: number };

/** The verdict for errors thrown as `RetryableError`; anything else fails at once. */
export function retryableErrorVerdict(error: unknown): RetryVerdict {
  return error instanceof RetryableError ? { retry: true, retryAfterMs: error.retryAfterMs } : { retry: false };
}

export interface RetryRun {
  policy: HttpRetryPolicy;
  classify?(error: unknown): RetryVerdict;
  /** Ends a wait between tries. A try already running is not cut: an answer on the wire may be paid for. */
  signal?: AbortSignal;
  onRetry?(error: unknown, attempt: number, waitMs: number): void;
}

/** Runs `fn` until it succeeds, fails for good, or has used every retry. */
export async function withHttpRetries<T>(
  fn: (attempt: number) => Promise<T>,
  run: RetryRun,
): Promise<{ value: T; attempts: number }> {
  const classify = run.classify ?? retryableErrorVerdict;
  let attempts = 0;
  const value = await pRetry(
    (attempt) => {
      attempts = attempt;
      return fn(attempt);
    },
    {
      retries: run.policy.retries,
      // The wait is ours (it honours Retry-After), taken in onFailedAttempt; p-retry adds none.
      minTimeout: 0,
      factor: 1,
      shouldRetry: ({ error }) => classify(error).retry,
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        const verdict = classify(error);
        if (!verdict.retry || retriesLeft === 0) return;
        const waitMs = retryDelayMs(attemptNumber, run.policy, verdict.retryAfterMs);
        run.onRetry?.(error, attemptNumber, waitMs);
        await sleep(waitMs, undefined, { signal: run.signal }).catch(() => {
          const reason: unknown = run.signal?.reason;
          throw new AbortError(reason instanceof Error ? reason : new Error('interrupted'));
        });
      },
    },
  );
  return { value, attempts };
}

/** Socket errors worth another try: the connection dropped mid-way, not a wrong or unreachable address. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET']);

function transientSocketError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A `fetch` under the policy, for libraries that take one (`@huggingface/hub`): 429 and 5xx
 * answers and dropped connections are tried again; the last answer, whatever its status, is handed
 * back for the library to report. A streamed body cannot be sent twice, so such a request is not retried.
 */
export function retryingFetch(run: Omit<RetryRun, 'classify'>, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    if (init?.body instanceof ReadableStream) return base(input, init);
    const { value } = await withHttpRetries(
      async (attempt) => {
        const res = await base(input, init);
        if ((res.status === 429 || res.status >= 500) && attempt <= run.policy.retries) {
          await res.body?.cancel();
          throw new RetryableError(`HTTP ${res.status}`, retryAfterFromHeaders(res.headers), res.status);
        }
        return res;
      },
      {
        ...run,
        classify: (error) => (transientSocketError(error) ? { retry: true } : retryableErrorVerdict(error)),
      },
    );
    return value;
  };
}
