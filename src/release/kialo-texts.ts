import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InterruptedError } from '../errors.ts';
import { openStore } from '../store/run-store.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { configuredScrapeOptions } from '../scrapers/kialo/options.ts';
import { scrapeKialoDiscussions } from '../scrapers/kialo/scrape.ts';
import type { RehydrateTarget, TextSource } from './rehydrate.ts';

/**
 * Restores statement texts by scraping the discussions again from `sources.kialo.baseUrl`. The
 * scrape runs in a scratch folder with its own frontier, so the workspace's own scrape state is
 * left alone and every discussion is fetched fresh.
 */
export const kialoTextSource: TextSource = async (targets: RehydrateTarget[], ws: Workspace, signal: AbortSignal) => {
  const scratch = mkdtempSync(join(tmpdir(), 'nf-rehydrate-'));
  const store = openStore(join(scratch, 'rehydrate.db'));
  try {
    const seeds = join(scratch, 'seeds.txt');
    writeFileSync(seeds, targets.map((t) => `${t.discussion_id}\n`).join(''));
    // The configured scrape (sources.kialo and the scrape-kialo stage's params), fetching just these
    // discussions from the API: no other discovery, no rendering, no reparse of old snapshots.
    const opts = configuredScrapeOptions(ws.config, {
      seeds,
      discovery: ['seeds'],
      maxDiscussions: undefined,
      render: false,
      reparse: false,
    });
    const { statements } = await scrapeKialoDiscussions(opts, {
      root: scratch,
      store,
      log: ws.log.child('rehydrate'),
      signal,
    });
    return new Map(statements.map((s) => [s.statement_id, s.thesis]));
  } catch (err) {
    // an abort surfaces as whatever was in flight (fetch's AbortError, the scraper's own error)
    if (signal.aborted) throw new InterruptedError('rehydrate interrupted; the release was left unchanged');
    throw err;
  } finally {
    store.close();
    rmSync(scratch, { recursive: true, force: true });
  }
};
