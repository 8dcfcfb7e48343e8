import { z } from 'zod';
import { type Config, KialoSourceSchema } from '../../schemas/config.ts';
import { DEFAULT_LISTING_PAGE_SIZE, DEFAULT_SITEMAP } from './discovery.ts';

/** The stage that runs the scrape; its params in the config's `stages` section override `sources.kialo`. */
export const KIALO_SCRAPE_STAGE = 'scrape-kialo';

/**
 * Every option of a Kialo scrape, declared once: the config's `sources.kialo` (less `minVotes`,
 * which the vote filter reads) and the scrape's own settings. The scrape-kialo stage's params,
 * the `scrape` and `fetch` commands and rehydrate's re-scrape all derive from this schema.
 */
export const KialoScrapeOptionsSchema = KialoSourceSchema.omit({ minVotes: true }).extend({
  /** Sitemap or sitemap index to read when `discovery` includes `sitemap` (path on the site, or a URL). */
  sitemap: z.string().default(DEFAULT_SITEMAP),
  /** Rows asked per listing request (`limit`); the server may cap it lower. */
  listingPageSize: z.number().int().positive().default(DEFAULT_LISTING_PAGE_SIZE),
  /** Render each page in Chromium as a cross-check of the API answers (`--render`); the statements come from the API either way. */
  render: z.boolean().default(false),
  renderTimeoutMs: z.number().int().positive().default(15_000),
  /** Tries of each request (the shared HTTP retry policy, src/io/http-retry.ts). */
  maxAttempts: z.number().int().min(1).default(4),
  /** First backoff between tries, doubling with each retry. */
  retryBaseMs: z.number().int().min(0).default(2000),
  /** Re-extract the kept snapshots only: no request at all. */
  reparse: z.boolean().default(false),
});
export type KialoScrapeOptions = z.infer<typeof KialoScrapeOptionsSchema>;
export type KialoScrapeOptionsInput = z.input<typeof KialoScrapeOptionsSchema>;

/** What `sources.kialo` says of a scrape. */
export function sourceScrapeOptions(config: Config): Partial<KialoScrapeOptionsInput> {
  const { minVotes: _minVotes, ...source } = config.sources.kialo;
  return source;
}

/**
 * The options a scrape outside the pipeline (rehydrate, export downloads) runs with: `sources.kialo`,
 * then the stage's params from the config, then what the caller must fix.
 */
export function configuredScrapeOptions(
  config: Config,
  fixed: Partial<KialoScrapeOptionsInput> = {},
): KialoScrapeOptions {
  return KialoScrapeOptionsSchema.parse({
    ...sourceScrapeOptions(config),
    ...config.stages[KIALO_SCRAPE_STAGE],
    ...fixed,
  });
}
