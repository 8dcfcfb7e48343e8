import robotsParserModule from 'robots-parser';

/** The package is CommonJS but its types declare an ES default export; at runtime the module itself is the function. */
const robotsParser = robotsParserModule as unknown as (typeof robotsParserModule)['default'];
import { setTimeout as sleep } from 'node:timers/promises';

export const USER_AGENT = 'normforge-kialo-scraper/0.1 (research dataset builder; polite: robots.txt, 1 request/s)';

export interface Robots {
  isAllowed(url: string): boolean;
  /** The robots.txt line that decides for `url` ("line 4: Disallow: /api/"), or undefined when no rule matches. */
  ruleFor(url: string): string | undefined;
  /** Crawl-delay for our agent, in ms, when robots.txt sets one. */
  crawlDelayMs?: number;
  /** What was fetched, kept with the scrape: the URL, the HTTP status (0: unreachable) and the text. */
  record: { url: string; status: number; text: string };
}

/** Reads robots.txt; a missing or unreadable file allows everything (the usual crawler convention). */
export async function loadRobots(
  baseUrl: string,
  fetchText: (url: string) => Promise<{ status: number; text: string }>,
): Promise<Robots> {
  const url = new URL('/robots.txt', baseUrl).toString();
  const answer = await fetchText(url).catch(() => ({ status: 0, text: '' }));
  const text = answer.status === 200 ? answer.text : '';
  const robots = robotsParser(url, text);
  const delay = robots.getCrawlDelay(USER_AGENT);
  const lines = text.split(/\r?\n/);
  return {
    isAllowed: (u) => robots.isAllowed(u, USER_AGENT) !== false,
    ruleFor: (u) => {
      const n = robots.getMatchingLineNumber(u, USER_AGENT) ?? -1;
      return n > 0 ? `line ${n}: ${lines[n - 1].trim()}` : undefined;
    },
    crawlDelayMs: delay === undefined ? undefined : delay * 1000,
    record: { url, status: answer.status, text: answer.text },
  };
}

/** robots.txt's Crawl-delay wins when it asks for more patience than we planned. */
export function effectiveDelayMs(configuredMs: number, crawlDelayMs: number | undefined): number {
  return Math.max(configuredMs, crawlDelayMs ?? 0);
}

/** Spaces request starts to one host at least `delayMs` apart, whatever the concurrency. */
export class HostGate {
  private next = 0;
  constructor(private readonly delayMs: number) {}

  async wait(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.next);
    this.next = start + this.delayMs;
    if (start > now) await sleep(start - now, undefined, { signal });
  }
}
