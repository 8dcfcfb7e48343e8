import { z } from 'zod';
import { writeFileAtomic } from '../io/atomic.ts';
import { writeJsonl } from '../io/jsonl.ts';
import { defineStage } from '../pipeline/stage.ts';
import { DEFAULT_LISTING_PAGE_SIZE, DEFAULT_SITEMAP } from '../scrapers/kialo/discovery.ts';
import { scrapeKialo as runKialoScrape } from '../scrapers/kialo/scrape.ts';

export const KIALO_STATEMENTS = 'data/raw/kialo/statements.jsonl';
export const KIALO_SCRAPE_SUMMARY = 'data/raw/kialo/scrape-summary.json';

const ScrapeKialoParams = z.strictObject({
  baseUrl: z.url().default('https://www.kialo.com'),
  seeds: z.string().optional(),
  discovery: z.array(z.enum(['seeds', 'listing', 'sitemap'])).default(['seeds']),
  sitemap: z.string().default(DEFAULT_SITEMAP),
  maxDiscussions: z.number().int().positive().optional(),
  listingPageSize: z.number().int().positive().default(DEFAULT_LISTING_PAGE_SIZE),
  voteCount: z.enum(['discussion-total', 'thesis']).default('discussion-total'),
  delayMs: z.number().int().min(0).default(1000),
  concurrency: z.number().int().min(1).default(2),
  renderTimeoutMs: z.number().int().positive().default(15_000),
  maxAttempts: z.number().int().min(1).default(4),
  retryBaseMs: z.number().int().min(0).default(2000),
  reparse: z.boolean().default(false),
});

/**
 * Scrapes Kialo discussions into one statement per thesis. Snapshots and the frontier persist
 * outside the staged outputs, so an interrupted scrape resumes without fetching a finished page.
 */
export const scrapeKialo = defineStage({
  name: 'scrape-kialo',
  description:
    'scrape Kialo discussions (thesis, votes, language, topics) with Playwright; one statement per thesis, id <discussion> or <discussion>#<k> for the k-th thesis of a multi-thesis discussion. ' +
    'Politeness: robots.txt is checked for every URL a page fetches (a disallowed API call makes the page "disallowed"); delayMs (or a longer robots.txt Crawl-delay) spaces page loads per host, while a page\'s own sub-requests (its script, its API calls) run as the site\'s app issues them; API answers the page did not get (429/5xx) are asked again through the same delay and retries',
  version: 2,
  inputs: ['config?:sources.kialo.seeds'],
  outputs: [KIALO_STATEMENTS, KIALO_SCRAPE_SUMMARY],
  params: ScrapeKialoParams,
  cosmeticParams: ['delayMs', 'concurrency', 'renderTimeoutMs', 'maxAttempts', 'retryBaseMs', 'reparse', 'listingPageSize'],
  paramsFromConfig: (config) => {
    const { minVotes: _minVotes, ...kialo } = config.sources.kialo;
    return kialo;
  },
  async run(ctx) {
    const { statements, summary } = await runKialoScrape(ctx.params, { root: ctx.ws.root, store: ctx.store, log: ctx.log, signal: ctx.signal });
    await writeJsonl(ctx.output(KIALO_STATEMENTS), statements);
    writeFileAtomic(ctx.output(KIALO_SCRAPE_SUMMARY), `${JSON.stringify(summary, null, 2)}\n`);
    const { mismatches, apiMissing, failures, ...counts } = summary;
    ctx.log.info(`${summary.pages_ok} pages ok, ${summary.layout_mismatch} layout mismatch, ${summary.api_missing} API answer missing, ${summary.not_found} not found, ${summary.errors} errors; ${summary.statements} statements`);
    return { counts, summary: { mismatches, apiMissing, failures } };
  },
});
