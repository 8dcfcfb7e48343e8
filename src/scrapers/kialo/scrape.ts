import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { z } from 'zod';
import { InterruptedError } from '../../errors.ts';
import { writeFileAtomic } from '../../io/atomic.ts';
import type { Db } from '../../store/run-store.ts';
import type { Logger } from '../../log/logger.ts';
import type { KialoEndpointsSchema, KialoSelectorsSchema, KialoSession } from '../../schemas/config.ts';
import type { KialoStatement } from '../../schemas/records.ts';
import { KialoBrowser } from './browser.ts';
import { politeClient, type PoliteClient } from './client.ts';
import {
  dedupe,
  discoverFromListing,
  discoverFromSitemap,
  readSeeds,
  type Discovered,
  type DiscoverySource,
} from './discovery.ts';
import { extractStatements, type VoteCountKind } from './extract.ts';
import { fetchDiscussion, neededUrls, type FetchContext } from './fetch.ts';
import { Frontier, type FrontierEntry, type FrontierStatus } from './frontier.ts';
import { loadSession } from './session.ts';
import { listSnapshotIds, readSnapshot, readSnapshotMeta } from './snapshots.ts';
import { resolveSurface, type Surface } from './surface.ts';

export interface ScrapeOptions {
  baseUrl: string;
  seeds?: string;
  discovery: DiscoverySource[];
  /** Sitemap or sitemap index to read when `discovery` includes `sitemap` (path on the site, or a URL). */
  sitemap?: string;
  maxDiscussions?: number;
  /** Rows asked per listing request (`limit`); the server may cap it lower. */
  listingPageSize?: number;
  voteCount: VoteCountKind;
  delayMs: number;
  concurrency: number;
  /** Render each page in Chromium as a cross-check of the API answers (never needed for the statements). */
  render: boolean;
  renderTimeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** Re-extract the kept snapshots only: no request at all. */
  reparse: boolean;
  endpoints?: z.infer<typeof KialoEndpointsSchema>;
  selectors?: z.infer<typeof KialoSelectorsSchema>;
  session?: KialoSession;
}

export interface ScrapeEnv {
  root: string;
  store: Db;
  log: Logger;
  signal: AbortSignal;
  onPageDone?(): void;
}

export interface ScrapeSummary {
  discovered_new: number;
  frontier: number;
  fetched_this_run: number;
  pages_ok: number;
  /** Rendered pages the selectors no longer fit (a cross-check: their statements are kept), plus API answers of an unexpected shape (no statements). */
  layout_mismatch: number;
  /** Discussions lacking an API answer the vote count needs (rate limited, server error): the next scrape fetches them again. */
  api_missing: number;
  not_found: number;
  errors: number;
  disallowed: number;
  statements: number;
  /** Discussions with a warning: a rendered page or listing row disagreeing with the API (statements kept). */
  warned: number;
  mismatches: Array<{ url: string; missing: string[] }>;
  apiMissing: Array<{ url: string; missing: string[] }>;
  warnings: Array<{ url: string; warnings: string[] }>;
  /** Discussions that gave no snapshot: 404, retries exhausted, snapshot deleted. */
  failures: Array<{ url: string; status: FrontierStatus; error: string | null }>;
  /** robots.txt as fetched before the scrape (the text is kept at `data/raw/kialo/robots.txt`). */
  robots?: { url: string; status: number; sha256: string; fetched_at: string };
}

/** Where the robots.txt a scrape obeyed is kept, beside the snapshots. */
export const ROBOTS_FILE = 'data/raw/kialo/robots.txt';

async function discover(opts: ScrapeOptions, polite: PoliteClient, surface: Surface): Promise<Discovered[]> {
  const found: Discovered[] = [];
  for (const source of opts.discovery) {
    if (source === 'seeds' && opts.seeds) found.push(...readSeeds(opts.seeds, opts.baseUrl));
    if (source === 'listing')
      found.push(
        ...(await discoverFromListing(opts.baseUrl, polite.get, {
          max: opts.maxDiscussions,
          pageSize: opts.listingPageSize,
          surface,
        })),
      );
    if (source === 'sitemap') found.push(...(await discoverFromSitemap(opts.baseUrl, polite.get, opts.sitemap)));
  }
  return dedupe(found).slice(0, opts.maxDiscussions ?? Infinity);
}

/**
 * The complete snapshot on disk is what "fetched" means: a discussion that has one is not fetched
 * again, even when the frontier does not know it (the process died between the snapshot and the
 * frontier update, or the run store was deleted); one whose snapshot was deleted is fetched again.
 */
function unfetched(frontier: Frontier, root: string): FrontierEntry[] {
  return frontier.all().filter((entry) => {
    const meta = readSnapshotMeta(root, entry.discussion_id);
    if (entry.status === 'fetched') return meta === undefined;
    if (entry.status !== 'pending' && entry.status !== 'failed' && entry.status !== 'api-missing') return false;
    if (!meta) return true;
    frontier.finish(entry.discussion_id, 'fetched', meta.http_status, 0);
    return false;
  });
}

/** Fetches every unfinished discussion; on abort, those in flight finish and no new one starts; a usage error (session refused) stops every worker. */
async function fetchAll(
  queue: FrontierEntry[],
  ctx: Omit<FetchContext, 'browser'>,
  opts: ScrapeOptions,
  onPageDone?: () => void,
): Promise<number> {
  if (queue.length === 0) return 0;
  const browser = opts.render ? await KialoBrowser.launch() : undefined;
  let fetched = 0;
  let halted: unknown;
  const worker = async () => {
    for (let entry = queue.shift(); entry && !ctx.signal.aborted && !halted; entry = queue.shift()) {
      await fetchDiscussion(entry, { ...ctx, browser }).then(
        () => fetched++,
        (err) => {
          if (ctx.signal.aborted) return;
          if (err instanceof Error && err.name === 'UserError') halted ??= err;
          else {
            ctx.log.error(`${entry.url}: ${(err as Error).message}`);
            ctx.frontier.finish(entry.discussion_id, 'failed', null, opts.maxAttempts, (err as Error).message);
            fetched++;
          }
        },
      );
      onPageDone?.();
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    await browser?.close();
  }
  if (halted) throw halted;
  if (ctx.signal.aborted)
    throw new InterruptedError(
      `scrape interrupted; ${queue.length} discussions left in the frontier, the next run resumes`,
    );
  return fetched;
}

/** A fetched discussion whose snapshot was deleted counts as an error: its record cannot be rebuilt. */
function countFrontier(frontier: Frontier, snapshots: Set<number>, summary: ScrapeSummary, log: Logger): void {
  for (const entry of frontier.all()) {
    const gone = entry.status === 'fetched' && !snapshots.has(entry.discussion_id);
    if (entry.status === 'fetched' && !gone) continue;
    if (entry.status === 'api-missing') {
      summary.api_missing++;
      summary.apiMissing.push({ url: entry.url, missing: [entry.error ?? 'api answer'] });
      continue;
    }
    if (entry.status === 'not-found') summary.not_found++;
    else if (entry.status === 'disallowed') summary.disallowed++;
    else summary.errors++;
    const error = gone
      ? `snapshot gone from data/raw/kialo/html/${entry.discussion_id}/ (the next scrape fetches it again)`
      : entry.status === 'pending'
        ? 'not fetched yet'
        : entry.error;
    if (gone) log.warn(`${entry.url}: fetched, but its ${error}`);
    summary.failures.push({ url: entry.url, status: entry.status, error });
  }
}

function emptySummary(frontier: Frontier, fetched: number): ScrapeSummary {
  return {
    discovered_new: 0,
    frontier: frontier.size(),
    fetched_this_run: fetched,
    pages_ok: 0,
    layout_mismatch: 0,
    api_missing: 0,
    not_found: 0,
    errors: 0,
    disallowed: 0,
    statements: 0,
    warned: 0,
    mismatches: [],
    apiMissing: [],
    warnings: [],
    failures: [],
  };
}

/**
 * Builds the records from every complete snapshot on disk (not from the frontier), so a scrape and
 * a `--reparse` give the same output, and a reparse works even when the run store is gone.
 */
function extractAll(
  frontier: Frontier,
  opts: ScrapeOptions,
  surface: Surface,
  env: ScrapeEnv,
  fetched: number,
): { statements: KialoStatement[]; summary: ScrapeSummary } {
  const summary = emptySummary(frontier, fetched);
  const ids = listSnapshotIds(env.root);
  countFrontier(frontier, new Set(ids), summary, env.log);
  const statements: KialoStatement[] = [];
  for (const id of ids) {
    const snap = readSnapshot(env.root, id)!;
    const url = snap.meta.final_url;
    const result = extractStatements(snap, opts.voteCount, surface.selectors);
    if (result.kind === 'api-missing') {
      env.log.warn(
        `${url}: ${result.missing.join('; ')}: no record for ${opts.voteCount} votes (snapshot kept at ${snap.htmlPath})`,
      );
      summary.api_missing++;
      summary.apiMissing.push({ url, missing: result.missing });
      continue;
    }
    if (result.kind === 'layout-mismatch') {
      env.log.warn(
        `API answers of ${url} do not have the shape the scraper reads: ${result.missing.join('; ')} (snapshot kept at ${snap.htmlPath})`,
      );
      summary.layout_mismatch++;
      summary.mismatches.push({ url, missing: result.missing });
      continue;
    }
    if (result.layout.length) {
      env.log.warn(
        `layout mismatch on ${url} (rendered cross-check; statements kept): not found: ${result.layout.join('; ')}`,
      );
      summary.layout_mismatch++;
      summary.mismatches.push({ url, missing: result.layout });
    }
    const warnings = snap.meta.render_problem ? [snap.meta.render_problem, ...result.warnings] : result.warnings;
    if (warnings.length) {
      warnings.forEach((w) => env.log.warn(`${url}: ${w}`));
      summary.warned++;
      summary.warnings.push({ url, warnings });
    }
    summary.pages_ok++;
    statements.push(...result.statements);
  }
  summary.statements = statements.length;
  return { statements, summary };
}

/** Keeps the robots.txt the scrape obeyed beside the snapshots, and its fingerprint in the summary. */
function recordRobots(polite: PoliteClient, root: string): NonNullable<ScrapeSummary['robots']> {
  const { url, status, text } = polite.robots.record;
  writeFileAtomic(join(root, ROBOTS_FILE), text);
  return { url, status, sha256: createHash('sha256').update(text).digest('hex'), fetched_at: new Date().toISOString() };
}

/**
 * API-first scrape by discussion id: robots.txt first (recorded; a disallowed path the scrape needs
 * stops it before any discussion is fetched), then discovery, then each discussion's API answers
 * through the polite client, optionally its rendered page as a cross-check.
 */
export async function scrapeKialo(
  opts: ScrapeOptions,
  env: ScrapeEnv,
): Promise<{ statements: KialoStatement[]; summary: ScrapeSummary }> {
  const frontier = new Frontier(env.store);
  const surface = resolveSurface(opts.baseUrl, opts.endpoints, opts.selectors);
  if (opts.reparse) return extractAll(frontier, opts, surface, env, 0);
  const session = loadSession(opts.session, opts.baseUrl);
  const polite = await politeClient({ ...opts, session }, env.log, env.signal);
  const robots = recordRobots(polite, env.root);
  const added = frontier.add(await discover(opts, polite, surface));
  env.log.info(
    `discovery: ${added} new discussions, ${frontier.size()} in the frontier${opts.render ? '; pages rendered as a cross-check' : ''}`,
  );
  const queue = unfetched(frontier, env.root);
  for (const entry of queue)
    for (const { url, what } of neededUrls(entry, surface, opts.render)) polite.assertAllowed(url, what);
  const ctx = {
    polite,
    surface,
    frontier,
    session,
    voteCount: opts.voteCount,
    renderTimeoutMs: opts.renderTimeoutMs,
    maxAttempts: opts.maxAttempts,
    retryBaseMs: opts.retryBaseMs,
    root: env.root,
    log: env.log,
    signal: env.signal,
  };
  const fetched = await fetchAll(queue, ctx, opts, env.onPageDone);
  const result = extractAll(frontier, opts, surface, env, fetched);
  result.summary.discovered_new = added;
  result.summary.robots = robots;
  return result;
}
