import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/run-store.ts';
import { startKialoReplica } from '../src/scrapers/kialo/replica/server.ts';
import { scrapeKialo } from '../src/scrapers/kialo/scrape.ts';
import type { Figure } from './run.ts';

const silent = createLogger({ sink: () => undefined });

/** One full scrape of the replica's discussions into a fresh folder: its time and its statements (times left out). */
async function timedScrape(
  baseUrl: string,
  ids: number[],
  render: boolean,
): Promise<{ seconds: number; statements: string }> {
  const root = mkdtempSync(join(tmpdir(), `nf-bench-kialo-${render ? 'render' : 'api'}-`));
  const store = openStore(join(root, 'data', 'normforge.db'));
  try {
    writeFileSync(join(root, 'seeds.txt'), ids.map((id) => `${id}\n`).join(''));
    const opts = {
      baseUrl,
      seeds: join(root, 'seeds.txt'),
      discovery: ['seeds' as const],
      voteCount: 'discussion-total' as const,
      // The same politeness for both: every request waits its turn at the host gate.
      delayMs: 20,
      concurrency: 2,
      render,
      renderTimeoutMs: 1500,
      maxAttempts: 4,
      retryBaseMs: 50,
      reparse: false,
    };
    const start = performance.now();
    const { statements } = await scrapeKialo(opts, { root, store, log: silent, signal: new AbortController().signal });
    const seconds = (performance.now() - start) / 1000;
    return {
      seconds,
      statements: JSON.stringify(statements.map(({ scraped_at: _s, html_path: _h, ...rest }) => rest)),
    };
  } finally {
    store.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The replica's 14 discussions scraped API-only and with the rendered cross-check, side by side in
 * one run on one replica: each time, and API-only over rendered as a ratio (target below 1). The
 * statements of both runs must be the same, or the figure is meaningless.
 */
export async function benchKialo(): Promise<Figure[]> {
  const replica = await startKialoReplica({ crawlDelaySeconds: 0, retryAfterSeconds: 0.05 });
  try {
    const ids = replica.discussions.map((d) => d.id);
    const api = await timedScrape(replica.url, ids, false);
    const rendered = await timedScrape(replica.url, ids, true);
    if (api.statements !== rendered.statements)
      throw new Error('the API-only and rendered scrapes gave different statements');
    return [
      { name: 'kialo_api_only_seconds', value: api.seconds, unit: 's', target: '-' },
      { name: 'kialo_render_seconds', value: rendered.seconds, unit: 's', target: '-' },
      { name: 'kialo_api_vs_render_ratio', value: api.seconds / rendered.seconds, unit: 'ratio', target: '<1' },
    ];
  } finally {
    await replica.close();
  }
}
