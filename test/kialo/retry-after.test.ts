import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';
import { politeClient } from '../../src/scrapers/kialo/client.ts';

/** A site whose `/busy` answers 429 with `retryAfter` once, then 200; robots.txt is absent. */
async function busySite(retryAfter: () => string): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/busy') return void res.writeHead(404).end();
    hits++;
    if (hits === 1) return void res.writeHead(429, { 'retry-after': retryAfter() }).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

/** The wait the scraper announced before its second try. */
async function waitBeforeRetry(retryAfter: () => string, maxAttempts = 3): Promise<number> {
  const site = await busySite(retryAfter);
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', sink: (l) => lines.push(l) });
  const polite = await politeClient(
    { baseUrl: site.url, delayMs: 0, maxAttempts, retryBaseMs: 1 },
    log,
    new AbortController().signal,
  );
  const answer = await polite.get(`${site.url}/busy`);
  expect(answer).toMatchObject({ status: 200, text: 'ok' });
  expect(site.hits()).toBe(2);
  const announced = lines.map((l) => /HTTP 429 .*retrying in (\d+) ms/.exec(l)).find(Boolean);
  return Number(announced?.[1]);
}

describe('the Kialo client honours Retry-After (shared HTTP retry policy)', () => {
  it('as delta-seconds', async () => {
    expect(await waitBeforeRetry(() => '1')).toBe(1000);
  });

  it('as an HTTP date', async () => {
    // Two seconds ahead at one-second resolution: between one and two seconds from when it is read;
    // the backoff alone (retryBaseMs 1) would wait a millisecond.
    const wait = await waitBeforeRetry(() => new Date(Date.now() + 2000).toUTCString());
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(2000);
  });
});
