import { describe, expect, it } from 'vitest';
import { createPanel } from '../../src/llm/panel.ts';
import { proxyTo } from '../trust/proxy.ts';
import { member, ratingRequests, testEnv, testSim } from './helpers.ts';

/** Backoff alone would wait at most a millisecond: any longer wait is the provider's Retry-After. */
const RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 1 };

/** Asks one sample through a provider that answers 429 with `retryAfter` once; the wait the panel announced. */
async function waitBeforeRetry(retryAfter: () => string, retry: Record<string, number> = RETRY): Promise<number> {
  const sim = await testSim({ seed: 3 });
  const proxy = await proxyTo(sim.url);
  let refused = false;
  proxy.refuse = () => {
    if (refused) return undefined;
    refused = true;
    return { status: 429, message: 'Rate limit reached', headers: { 'retry-after': retryAfter() } };
  };
  const env = testEnv();
  const panel = createPanel({ store: env.store, log: env.log, stage: 't', retry });
  const m = member({ id: 'model-a', baseURL: proxy.url, supportsN: false });
  const { answers } = await panel.ask(ratingRequests(m, 1, 1));
  expect(answers[0].samples[0].value).toBeDefined();
  expect([proxy.requests(), proxy.forwarded()]).toEqual([2, 1]);
  const announced = env.lines.map((l) => /retrying in (\d+) ms after .*429/.exec(l)).find(Boolean);
  return Number(announced?.[1]);
}

describe('the panel honours Retry-After (shared HTTP retry policy)', () => {
  it('as delta-seconds', async () => {
    expect(await waitBeforeRetry(() => '1')).toBe(1000);
  });

  it('as an HTTP date', async () => {
    const wait = await waitBeforeRetry(() => new Date(Date.now() + 2000).toUTCString());
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(2000);
  });

  it('never past the cap: a provider asking for an hour is asked again after retryAfterCapMs', async () => {
    expect(await waitBeforeRetry(() => '3600', { ...RETRY, retryAfterCapMs: 30 })).toBe(30);
  });
});
