import { z } from 'zod';
import { writeFileAtomic } from '../io/atomic.ts';
import { writeJsonl } from '../io/jsonl.ts';
import { defineStage } from './contract.ts';
import { KialoEndpointsSchema, KialoSelectorsSchema, KialoSessionSchema } from '../schemas/config.ts';
import { VoteCountKindSchema } from '../schemas/records.ts';
import { DEFAULT_LISTING_PAGE_SIZE, DEFAULT_SITEMAP } from '../scrapers/kialo/discovery.ts';
import { scrapeKialo as runKialoScrape } from '../scrapers/kialo/scrape.ts';
import { KIALO_RAW } from '../datasets/registry.ts';

const { statements: KIALO_STATEMENTS, scrapeSummary: KIALO_SCRAPE_SUMMARY } = KIALO_RAW;

const ScrapeKialoParams = z.strictObject({
  baseUrl: z.url().default('https://www.kialo.com'),
  seeds: z.string().optional(),
  discovery: z.array(z.enum(['seeds', 'listing', 'sitemap'])).default(['seeds']),
  sitemap: z.string().default(DEFAULT_SITEMAP),
  maxDiscussions: z.number().int().positive().optional(),
  listingPageSize: z.number().int().positive().default(DEFAULT_LISTING_PAGE_SIZE),
  voteCount: VoteCountKindSchema.default('discussion-total'),
  delayMs: z.number().int().min(0).default(1000),
  concurrency: z.number().int().min(1).default(2),
  /** Render each page in Chromium as a cross-check of the API answers (`--render`); the statements come from the API either way. */
  render: z.boolean().default(false),
  renderTimeoutMs: z.number().int().positive().default(15_000),
  maxAttempts: z.number().int().min(1).default(4),
  retryBaseMs: z.number().int().min(0).default(2000),
  reparse: z.boolean().default(false),
  endpoints: KialoEndpointsSchema.default({}),
  selectors: KialoSelectorsSchema.default({}),
  session: KialoSessionSchema.optional(),
});

/**
 * Scrapes Kialo discussions into one statement per thesis. Snapshots and the frontier persist
 * outside the staged outputs, so an interrupted scrape resumes without fetching a finished page.
 */
export const scrapeKialo = defineStage({
  name: 'scrape-kialo',
  description:
    'scrape Kialo discussions (thesis, votes, language, topics) from the JSON API by discussion id; one statement per thesis, id <discussion> or <discussion>#<k> for the k-th thesis of a multi-thesis discussion; render: true also renders each page in Chromium as a cross-check (disagreements are warnings). ' +
    "Politeness: robots.txt is fetched and recorded first, and a disallowed path the scrape needs stops it naming the rule; delayMs (or a longer robots.txt Crawl-delay) spaces every request per host; 429/5xx are retried with backoff; the optional session sends the user's cookies and X-Csrftoken, never stored",
  version: 3,
  inputs: ['config?:sources.kialo.seeds'],
  outputs: [KIALO_STATEMENTS, KIALO_SCRAPE_SUMMARY],
  params: ScrapeKialoParams,
  cosmeticParams: [
    'delayMs',
    'concurrency',
    'renderTimeoutMs',
    'maxAttempts',
    'retryBaseMs',
    'reparse',
    'listingPageSize',
    'session',
  ],
  paramsFromConfig: (config) => {
    const { minVotes: _minVotes, ...kialo } = config.sources.kialo;
    return kialo;
  },
  async run(ctx) {
    const { statements, summary } = await runKialoScrape(ctx.params, {
      root: ctx.ws.root,
      store: ctx.store,
      log: ctx.log,
      signal: ctx.signal,
    });
    await writeJsonl(ctx.output(KIALO_STATEMENTS), statements);
    writeFileAtomic(ctx.output(KIALO_SCRAPE_SUMMARY), `${JSON.stringify(summary, null, 2)}\n`);
    const { mismatches, apiMissing, failures, warnings, robots, ...counts } = summary;
    ctx.log.info(
      `${summary.pages_ok} discussions ok, ${summary.layout_mismatch} layout mismatch, ${summary.api_missing} API answer missing, ${summary.not_found} not found, ${summary.errors} errors, ${summary.warned} with warnings; ${summary.statements} statements`,
    );
    return { counts, summary: { mismatches, apiMissing, failures, warnings, robots, render: ctx.params.render } };
  },
});
