import { writeFileAtomic } from '../io/atomic.ts';
import { writeJsonl } from '../io/jsonl.ts';
import { defineStage } from './contract.ts';
import { KIALO_SCRAPE_STAGE, KialoScrapeOptionsSchema, sourceScrapeOptions } from '../scrapers/kialo/options.ts';
import { KIALO_RAW } from '../datasets/registry.ts';

const { statements: KIALO_STATEMENTS, scrapeSummary: KIALO_SCRAPE_SUMMARY } = KIALO_RAW;

/**
 * Scrapes Kialo discussions into one statement per thesis. Snapshots and the frontier persist
 * outside the staged outputs, so an interrupted scrape resumes without fetching a finished page.
 */
export const scrapeKialo = defineStage({
  name: KIALO_SCRAPE_STAGE,
  description:
    'scrape Kialo discussions (thesis, votes, language, topics) from the JSON API by discussion id; one statement per thesis, id <discussion> or <discussion>#<k> for the k-th thesis of a multi-thesis discussion; render: true also renders each page in Chromium as a cross-check (disagreements are warnings). ' +
    "Politeness: robots.txt is fetched and recorded first, and a disallowed path the scrape needs stops it naming the rule; delayMs (or a longer robots.txt Crawl-delay) spaces every request per host; 429/5xx are retried with backoff; the optional session sends the user's cookies and X-Csrftoken, never stored",
  version: 3,
  inputs: ['config?:sources.kialo.seeds'],
  outputs: [KIALO_STATEMENTS, KIALO_SCRAPE_SUMMARY],
  params: KialoScrapeOptionsSchema,
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
  paramsFromConfig: sourceScrapeOptions,
  async run(ctx) {
    // The scraper (HTML parser, robots.txt, browser) is loaded when a scrape runs, not when the
    // recipe is read: status and dry runs only need this stage's declaration.
    const { scrapeKialoDiscussions } = await import('../scrapers/kialo/scrape.ts');
    const { statements, summary } = await scrapeKialoDiscussions(ctx.params, {
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
