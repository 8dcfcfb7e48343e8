import { InterruptedError } from '../../errors.ts';
import type { Db } from '../../pipeline/store.ts';
import type { Logger } from '../../pipeline/log.ts';
import type { KialoStatement } from '../../schemas/records.ts';
import type { ApiAnswerName } from './api.ts';
import { KialoBrowser, type PageCapture } from './browser.ts';
import { dedupe, discoverFromListing, discoverFromSitemap, readSeeds, type Discovered, type DiscoverySource, type PoliteGet } from './discovery.ts';
import { extractStatements, neededAnswers, type VoteCountKind } from './extract.ts';
import { Frontier, type FrontierEntry, type FrontierStatus } from './frontier.ts';
import { effectiveDelayMs, HostGate, loadRobots, USER_AGENT, type Robots } from './politeness.ts';
import { RetryableError, parseRetryAfter, withRetries } from './retry.ts';
import { listSnapshotIds, readSnapshot, readSnapshotMeta, writeSnapshot } from './snapshots.ts';

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
  renderTimeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** Re-extract the kept snapshots only: no request at all. */
  reparse: boolean;
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
  layout_mismatch: number;
  /** Pages lacking an API answer the vote count needs (rate limited, server error): not a layout change; the next scrape fetches them again. */
  api_missing: number;
  not_found: number;
  errors: number;
  disallowed: number;
  statements: number;
  mismatches: Array<{ url: string; missing: string[] }>;
  apiMissing: Array<{ url: string; missing: string[] }>;
  /** Pages that gave no snapshot: 404, robots.txt refusal, retries exhausted, snapshot deleted. */
  failures: Array<{ url: string; status: FrontierStatus; error: string | null }>;
}

interface Polite {
  gate: HostGate;
  robots: Robots;
  get: PoliteGet;
}

async function politeClient(opts: ScrapeOptions, env: ScrapeEnv): Promise<Polite> {
  const rawGet = async (url: string) => {
    const res = await fetch(url, { headers: { 'user-agent': USER_AGENT }, signal: env.signal });
    if (res.status === 429 || res.status >= 500) throw new RetryableError(`HTTP ${res.status} on ${url}`, parseRetryAfter(res.headers.get('retry-after')));
    return { status: res.status, text: await res.text() };
  };
  const robots = await loadRobots(opts.baseUrl, rawGet);
  const delay = effectiveDelayMs(opts.delayMs, robots.crawlDelayMs);
  if (delay > opts.delayMs) env.log.info(`robots.txt Crawl-delay ${delay} ms is longer than ours (${opts.delayMs} ms): using it`);
  const gate = new HostGate(delay);
  const get: PoliteGet = async (url) => {
    if (!robots.isAllowed(url)) throw new Error(`robots.txt disallows ${url}`);
    const { value } = await withRetries(
      async () => {
        await gate.wait(env.signal);
        return rawGet(url);
      },
      { maxAttempts: opts.maxAttempts, baseDelayMs: opts.retryBaseMs, signal: env.signal },
    );
    return value;
  };
  return { gate, robots, get };
}

async function discover(opts: ScrapeOptions, polite: Polite): Promise<Discovered[]> {
  const found: Discovered[] = [];
  for (const source of opts.discovery) {
    if (source === 'seeds' && opts.seeds) found.push(...readSeeds(opts.seeds, opts.baseUrl));
    if (source === 'listing') found.push(...(await discoverFromListing(opts.baseUrl, polite.get, { max: opts.maxDiscussions, pageSize: opts.listingPageSize })));
    if (source === 'sitemap') found.push(...(await discoverFromSitemap(opts.baseUrl, polite.get, opts.sitemap)));
  }
  return dedupe(found).slice(0, opts.maxDiscussions ?? Infinity);
}

/**
 * API answers the page asked for and got 429/5xx for are asked again, directly, through the polite
 * client (same gate, robots.txt and retries); what still fails stays in `apiFailures`.
 */
async function retryApiAnswers(page: PageCapture, polite: Polite, log: Logger): Promise<void> {
  for (const name of Object.keys(page.apiFailures) as ApiAnswerName[]) {
    const failure = page.apiFailures[name]!;
    if (failure.status !== 429 && failure.status < 500) continue;
    try {
      const answer = await polite.get(failure.url);
      if (answer.status === 200) {
        page.api[name] = answer.text;
        delete page.apiFailures[name];
      } else failure.status = answer.status;
    } catch (err) {
      log.warn(`api answer "${name}" of ${failure.url}: ${(err as Error).message}`);
    }
  }
}

async function fetchOne(entry: FrontierEntry, browser: KialoBrowser, frontier: Frontier, polite: Polite, opts: ScrapeOptions, env: ScrapeEnv): Promise<void> {
  if (!polite.robots.isAllowed(entry.url)) {
    env.log.warn(`robots.txt disallows ${entry.url}: skipped`);
    frontier.finish(entry.discussion_id, 'disallowed', null, 0);
    return;
  }
  try {
    const { value: page, attempts } = await withRetries(
      async () => {
        await polite.gate.wait(env.signal);
        return browser.capture(entry.url, { renderTimeoutMs: opts.renderTimeoutMs, isAllowed: polite.robots.isAllowed });
      },
      { maxAttempts: opts.maxAttempts, baseDelayMs: opts.retryBaseMs, signal: env.signal, onRetry: (err, n, ms) => env.log.warn(`${err.message} (attempt ${n}); retrying in ${ms} ms`) },
    );
    if (page.blocked.length) {
      env.log.warn(`${entry.url}: robots.txt disallows ${page.blocked.join(', ')}, which the page fetches: skipped`);
      frontier.finish(entry.discussion_id, 'disallowed', page.httpStatus, attempts, `robots.txt disallows ${page.blocked[0]} (fetched by the page)`);
      return;
    }
    if (page.httpStatus !== 200) {
      env.log.warn(`${entry.url}: HTTP ${page.httpStatus}`);
      frontier.finish(entry.discussion_id, page.httpStatus === 404 ? 'not-found' : 'failed', page.httpStatus, attempts, `HTTP ${page.httpStatus}`);
      return;
    }
    await retryApiAnswers(page, polite, env.log);
    const unanswered = neededAnswers(opts.voteCount).filter((name) => page.apiFailures[name] && (page.apiFailures[name].status === 429 || page.apiFailures[name].status >= 500));
    if (unanswered.length) {
      const error = unanswered.map((name) => `api answer "${name}" HTTP ${page.apiFailures[name]!.status}`).join('; ');
      env.log.error(`${entry.url}: ${error} after every retry; the next scrape fetches the page again`);
      frontier.finish(entry.discussion_id, 'api-missing', page.httpStatus, attempts, error);
      return;
    }
    const apiFailures = Object.fromEntries(Object.entries(page.apiFailures).map(([name, f]) => [name, f.status]));
    const meta = { discussion_id: entry.discussion_id, requested_url: entry.url, final_url: page.finalUrl, http_status: page.httpStatus, fetched_at: new Date().toISOString(), api_failures: apiFailures };
    writeSnapshot(env.root, { meta, html: page.html, api: page.api });
    frontier.finish(entry.discussion_id, 'fetched', page.httpStatus, attempts);
  } catch (err) {
    if (env.signal.aborted) throw err;
    env.log.error(`${entry.url}: ${(err as Error).message}`);
    frontier.finish(entry.discussion_id, 'failed', null, opts.maxAttempts, (err as Error).message);
  }
}

/**
 * The complete snapshot on disk is what "fetched" means: a page that has one is not fetched again,
 * even when the frontier does not know it (the process died between the snapshot and the frontier
 * update, or the run store was deleted); a fetched page whose snapshot was deleted is fetched again.
 */
function unfetched(frontier: Frontier, env: ScrapeEnv): FrontierEntry[] {
  return frontier.all().filter((entry) => {
    const meta = readSnapshotMeta(env.root, entry.discussion_id);
    if (entry.status === 'fetched') return meta === undefined;
    if (entry.status !== 'pending' && entry.status !== 'failed' && entry.status !== 'api-missing') return false;
    if (!meta) return true;
    frontier.finish(entry.discussion_id, 'fetched', meta.http_status, 0);
    return false;
  });
}

/** Fetches every unfinished frontier page; on abort, pages in flight finish and no new one starts. */
async function fetchAll(frontier: Frontier, polite: Polite, opts: ScrapeOptions, env: ScrapeEnv): Promise<number> {
  const queue = unfetched(frontier, env);
  if (queue.length === 0) return 0;
  const browser = await KialoBrowser.launch();
  let fetched = 0;
  const worker = async () => {
    for (let entry = queue.shift(); entry && !env.signal.aborted; entry = queue.shift()) {
      await fetchOne(entry, browser, frontier, polite, opts, env).catch((err) => {
        if (!env.signal.aborted) throw err;
      });
      fetched++;
      env.onPageDone?.();
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    await browser.close();
  }
  if (env.signal.aborted) throw new InterruptedError(`scrape interrupted; ${queue.length} discussions left in the frontier, the next run resumes`);
  return fetched;
}

/** A fetched page whose snapshot was deleted counts as an error: its record cannot be rebuilt. */
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
    const error = gone ? `snapshot gone from data/raw/kialo/html/${entry.discussion_id}/ (the next scrape fetches it again)` : entry.status === 'pending' ? 'not fetched yet' : entry.error;
    if (gone) log.warn(`${entry.url}: fetched, but its ${error}`);
    summary.failures.push({ url: entry.url, status: entry.status, error });
  }
}

/**
 * Builds the records from every complete snapshot on disk (not from the frontier), so a scrape and
 * a `--reparse` give the same output, and a reparse works even when the run store is gone.
 */
function extractAll(frontier: Frontier, opts: ScrapeOptions, env: ScrapeEnv, fetched: number): { statements: KialoStatement[]; summary: ScrapeSummary } {
  const summary: ScrapeSummary = { discovered_new: 0, frontier: frontier.size(), fetched_this_run: fetched, pages_ok: 0, layout_mismatch: 0, api_missing: 0, not_found: 0, errors: 0, disallowed: 0, statements: 0, mismatches: [], apiMissing: [], failures: [] };
  const ids = listSnapshotIds(env.root);
  countFrontier(frontier, new Set(ids), summary, env.log);
  const statements: KialoStatement[] = [];
  for (const id of ids) {
    const snap = readSnapshot(env.root, id)!;
    const result = extractStatements(snap, opts.voteCount);
    if (result.kind === 'api-missing') {
      env.log.warn(`${snap.meta.final_url}: ${result.missing.join('; ')}: no record for ${opts.voteCount} votes (snapshot kept at ${snap.htmlPath})`);
      summary.api_missing++;
      summary.apiMissing.push({ url: snap.meta.final_url, missing: result.missing });
      continue;
    }
    if (result.kind === 'layout-mismatch') {
      env.log.warn(`layout mismatch on ${snap.meta.final_url}: not found: ${result.missing.join('; ')} (snapshot kept at ${snap.htmlPath})`);
      summary.layout_mismatch++;
      summary.mismatches.push({ url: snap.meta.final_url, missing: result.missing });
      continue;
    }
    result.warnings.forEach((w) => env.log.warn(`${snap.meta.final_url}: ${w}`));
    summary.pages_ok++;
    statements.push(...result.statements);
  }
  summary.statements = statements.length;
  return { statements, summary };
}

export async function scrapeKialo(opts: ScrapeOptions, env: ScrapeEnv): Promise<{ statements: KialoStatement[]; summary: ScrapeSummary }> {
  const frontier = new Frontier(env.store);
  if (opts.reparse) return extractAll(frontier, opts, env, 0);
  const polite = await politeClient(opts, env);
  const added = frontier.add(await discover(opts, polite));
  env.log.info(`discovery: ${added} new discussions, ${frontier.size()} in the frontier`);
  const fetched = await fetchAll(frontier, polite, opts, env);
  const result = extractAll(frontier, opts, env, fetched);
  result.summary.discovered_new = added;
  return result;
}
