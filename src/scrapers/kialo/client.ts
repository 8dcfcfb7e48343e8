import { UserError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import { effectiveDelayMs, HostGate, loadRobots, USER_AGENT, type Robots } from './politeness.ts';
import { RetryableError, parseRetryAfter, withRetries } from './retry.ts';
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
  /** A GET that waits its turn, retries 429/5xx/timeouts and refuses what robots.txt disallows. */
  get(url: string): Promise<PoliteAnswer>;
  /**
   * Stops the scrape before anything is fetched when robots.txt disallows a URL it needs, naming
   * the rule: a scrape that silently yields nothing is worse than one that refuses to start.
   */
  assertAllowed(url: string, what: string): void;
}

export interface ClientOptions {
  baseUrl: string;
  delayMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  session?: SessionHeaders;
}

export async function politeClient(opts: ClientOptions, log: Logger, signal: AbortSignal): Promise<PoliteClient> {
  const rawGet = async (url: string): Promise<PoliteAnswer> => {
    const headers = { 'user-agent': USER_AGENT, ...opts.session?.headersFor(url) };
    const res = await fetch(url, { headers, signal });
    if (res.status === 429 || res.status >= 500)
      throw new RetryableError(
        `HTTP ${res.status} on ${url}`,
        parseRetryAfter(res.headers.get('retry-after')),
        res.status,
      );
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
  const get = async (url: string) => {
    assertAllowed(url, 'requested');
    const { value } = await withRetries(
      async () => {
        await gate.wait(signal);
        return rawGet(url);
      },
      {
        maxAttempts: opts.maxAttempts,
        baseDelayMs: opts.retryBaseMs,
        signal,
        onRetry: (err, n, ms) => log.warn(`${err.message} (attempt ${n}); retrying in ${ms} ms`),
      },
    );
    return value;
  };
  return { robots, gate, get, assertAllowed };
}
