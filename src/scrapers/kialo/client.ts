import { UserError } from '../../errors.ts';
import {
  DEFAULT_HTTP_RETRY,
  type HttpRetryPolicy,
  RetryableError,
  retryAfterFromHeaders,
  withHttpRetries,
} from '../../io/http-retry.ts';
import type { Logger } from '../../log/logger.ts';
import { effectiveDelayMs, HostGate, loadRobots, USER_AGENT, type Robots } from './politeness.ts';
import type { KialoScrapeOptions } from './options.ts';
import type { SessionHeaders } from './session.ts';

export interface PoliteAnswer {
  status: number;
  text: string;
  /** The URL after redirects: the site's own spelling of a discussion URL. */
  finalUrl: string;
}

/** One client per scrape: robots.txt, one gate per host, retries with backoff, the session's headers. */
export interface PoliteClient {
  robots: Robots;
  gate: HostGate;
  /** The retry policy of every request of this scrape (the rendered cross-check's too). */
  retry: HttpRetryPolicy;
  /** A GET that waits its turn, retries 429/5xx/timeouts and refuses what robots.txt disallows. */
  get(url: string): Promise<PoliteAnswer>;
  /**
   * Stops the scrape before anything is fetched when robots.txt disallows a URL it needs, naming
   * the rule: a scrape that silently yields nothing is worse than one that refuses to start.
   */
  assertAllowed(url: string, what: string): void;
}

/** The scrape options the client obeys, with the session already loaded. */
export type ClientOptions = Pick<KialoScrapeOptions, 'baseUrl' | 'delayMs' | 'maxAttempts' | 'retryBaseMs'> & {
  session?: SessionHeaders;
};

/** The scrape's `maxAttempts` and `retryBaseMs` on the shared HTTP retry policy. */
export function scrapeRetryPolicy(opts: Pick<KialoScrapeOptions, 'maxAttempts' | 'retryBaseMs'>): HttpRetryPolicy {
  return { ...DEFAULT_HTTP_RETRY, retries: opts.maxAttempts - 1, minDelayMs: opts.retryBaseMs };
}

export async function politeClient(opts: ClientOptions, log: Logger, signal: AbortSignal): Promise<PoliteClient> {
  const rawGet = async (url: string): Promise<PoliteAnswer> => {
    const headers = { 'user-agent': USER_AGENT, ...opts.session?.headersFor(url) };
    const res = await fetch(url, { headers, signal });
    if (res.status === 429 || res.status >= 500)
      throw new RetryableError(`HTTP ${res.status} on ${url}`, retryAfterFromHeaders(res.headers), res.status);
    return { status: res.status, text: await res.text(), finalUrl: res.url || url };
  };
  const robots = await loadRobots(opts.baseUrl, rawGet);
  const delay = effectiveDelayMs(opts.delayMs, robots.crawlDelayMs);
  if (delay > opts.delayMs)
    log.info(`robots.txt Crawl-delay ${delay} ms is longer than ours (${opts.delayMs} ms): using it`);
  const gate = new HostGate(delay);
  const assertAllowed = (url: string, what: string) => {
    if (robots.isAllowed(url)) return;
    const rule = robots.ruleFor(url) ?? 'a rule for our user agent';
    throw new UserError(
      `robots.txt at ${robots.record.url} disallows ${url} (${what}), which the scrape needs: ${rule}. Nothing more is fetched; if the site moved that endpoint, set sources.kialo.endpoints`,
    );
  };
  const retry = scrapeRetryPolicy(opts);
  const get = async (url: string) => {
    assertAllowed(url, 'requested');
    const { value } = await withHttpRetries(
      async () => {
        await gate.wait(signal);
        return rawGet(url);
      },
      {
        policy: retry,
        signal,
        onRetry: (err, n, ms) => log.warn(`${(err as Error).message} (attempt ${n}); retrying in ${ms} ms`),
      },
    );
    return value;
  };
  return { robots, gate, retry, get, assertAllowed };
}
