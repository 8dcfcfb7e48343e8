import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HTTP_RETRY,
  parseRetryAfter,
  RETRY_AFTER_CAP_MS,
  RetryableError,
  retryAfterFromHeaders,
  retryDelayMs,
  withHttpRetries,
} from '../../src/io/http-retry.ts';

const policy = { ...DEFAULT_HTTP_RETRY, minDelayMs: 100, maxDelayMs: 1000 };

describe('the shared HTTP retry policy', () => {
  it('reads Retry-After in both forms: delta-seconds and an HTTP date', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '9' }))).toBe(9000);
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
  });

  it('backs off exponentially with jitter between 50 and 100 % of the step, up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, undefined, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, policy, undefined, () => 0))).toEqual([50, 100, 200]);
  });

  it("waits the server's Retry-After when it is longer than the backoff, never past the cap", () => {
    expect(retryDelayMs(1, policy, 5000, () => 1)).toBe(5000);
    expect(retryDelayMs(4, policy, 10, () => 1)).toBe(800);
    expect(RETRY_AFTER_CAP_MS).toBe(120_000);
    expect(retryDelayMs(1, DEFAULT_HTTP_RETRY, 3_600_000)).toBe(RETRY_AFTER_CAP_MS);
    expect(retryDelayMs(1, { ...policy, retryAfterCapMs: 40 }, 3_600_000)).toBe(40);
  });

  it('a wait is ended by the signal, and the run stops without another try', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = withHttpRetries(
      async () => {
        calls++;
        throw new RetryableError('HTTP 503', 60_000);
      },
      { policy, signal: controller.signal, onRetry: () => controller.abort(new Error('stop')) },
    );
    await expect(run).rejects.toThrow('stop');
    expect(calls).toBe(1);
  });
});
