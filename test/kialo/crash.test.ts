import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_MARKER } from '../../src/io/atomic.ts';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { openStore } from '../../src/store/run-store.ts';
import { KialoStatementSchema } from '../../src/schemas/records.ts';
import { Frontier } from '../../src/scrapers/kialo/frontier.ts';
import { startKialoReplica, type KialoReplica } from '../../src/scrapers/kialo/replica/server.ts';
import { listSnapshotIds } from '../../src/scrapers/kialo/snapshots.ts';
import { expectedStatements, scrapable } from './ground-truth.ts';
import { replicaWorkspace, runScrapeRecipe } from './helpers.ts';

const CHILD = join(import.meta.dirname, 'crash-child.ts');
const comparable = ({ url: _u, scraped_at: _s, html_path: _h, ...rest }: Record<string, unknown>) => rest;

/** Every file under `dir`, workspace-relative (the runner's own empty staging folder is no partial file). */
function filesUnder(dir: string, root: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

let replica: KialoReplica;
beforeEach(async () => {
  replica = await startKialoReplica({ crawlDelaySeconds: 0.01, retryAfterSeconds: 0.05, pageDelayMs: 250 });
});
afterEach(async () => {
  await replica.close();
});

describe('scrape-kialo after a crash', () => {
  it('a scrape killed with SIGKILL resumes: finished pages are fetched once overall, every page ends scraped, no partial file remains', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-kialo-crash-'));
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, root, replica.url], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );

    for (let waited = 0; listSnapshotIds(root).length < 3; waited += 20) {
      if (child.exitCode !== null) throw new Error(`the scrape ended before it could be killed:\n${stderr}`);
      if (waited > 45_000) throw new Error('the scrape finished no page in time');
      await sleep(20);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = openStore(join(root, 'data', 'normforge.db'));
    const notFound = new Frontier(store)
      .all()
      .filter((e) => e.status === 'not-found')
      .map((e) => e.discussion_id);
    store.close();
    const finished = [...listSnapshotIds(root), ...notFound];
    expect(finished.length).toBeLessThan(replica.discussions.length);
    const hitsAtKill = replica.discussions.reduce((n, d) => n + replica.apiHits(d.id), 0);

    const ws = replicaWorkspace(root, replica.url);
    const report = await runScrapeRecipe(ws);
    expect(report.stages[0]).toMatchObject({ action: 'ran', counts: { errors: 0, not_found: 1, layout_mismatch: 0 } });
    const hitsOfRerun = replica.discussions.reduce((n, d) => n + replica.apiHits(d.id), 0) - hitsAtKill;
    expect(hitsOfRerun).toBeGreaterThan(0);
    for (const id of finished) {
      const d = replica.discussions.find((x) => x.id === id)!;
      expect(replica.apiHits(id), `API hits of finished ${id}`).toBe(d.behaviour === 'rate-limit-once' ? 2 : 1);
    }
    expect(
      new Frontier(ws.store)
        .all()
        .map((e) => e.status)
        .filter((s) => s !== 'fetched' && s !== 'not-found'),
    ).toEqual([]);
    const records = await readJsonlAll(ws.path('data/raw/kialo/statements.jsonl'), KialoStatementSchema);
    expect(records.map(comparable)).toEqual(
      scrapable(replica.discussions).flatMap((d) => expectedStatements(d, 'discussion-total')),
    );

    const leftovers = filesUnder(ws.dataDir, root).filter((f) => f.includes(TEMP_MARKER) || f.includes('.staging'));
    expect(leftovers).toEqual([]);
    ws.close();
  });
});
