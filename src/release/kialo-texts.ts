import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InterruptedError } from '../errors.ts';
import { openStore } from '../store/run-store.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { scrapeKialo } from '../scrapers/kialo/scrape.ts';
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
    const kialo = ws.config.sources.kialo;
    const { statements } = await scrapeKialo(
      {
        baseUrl: kialo.baseUrl,
        seeds,
        discovery: ['seeds'],
        voteCount: kialo.voteCount,
        delayMs: kialo.delayMs,
        concurrency: kialo.concurrency,
        render: false,
        renderTimeoutMs: 15_000,
        maxAttempts: 4,
        retryBaseMs: 2000,
        reparse: false,
        endpoints: kialo.endpoints,
        selectors: kialo.selectors,
        session: kialo.session,
      },
      { root: scratch, store, log: ws.log.child('rehydrate'), signal },
    );
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
