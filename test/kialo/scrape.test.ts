import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/errors.ts';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { KialoStatementSchema } from '../../src/schemas/records.ts';
import { statementsFromExport } from '../../src/scrapers/kialo/export-parser.ts';
import { startKialoReplica, type KialoReplica } from '../../src/scrapers/kialo/replica/server.ts';
import { listSnapshotIds } from '../../src/scrapers/kialo/snapshots.ts';
import { slugify } from '../../src/scrapers/kialo/urls.ts';
import { scrapeKialo } from '../../src/stages/scrape-kialo.ts';
import { expectedStatements, scrapable } from './ground-truth.ts';
import { replicaWorkspace, runStage, tempWorkspace } from './helpers.ts';

const FAST = {
  delayMs: 20,
  renderTimeoutMs: 1500,
  retryBaseMs: 50,
  discovery: ['listing', 'sitemap'] as Array<'listing' | 'sitemap'>,
};
const STATEMENTS = 'data/raw/kialo/statements.jsonl';
const totalHits = (r: KialoReplica) => [...r.hits.values()].reduce((a, b) => a + b, 0);
const comparable = ({ url: _u, scraped_at: _s, html_path: _h, ...rest }: Record<string, unknown>) => rest;

let replica: KialoReplica;
beforeEach(async () => {
  replica = await startKialoReplica({ crawlDelaySeconds: 0.01 });
});
afterEach(async () => {
  await replica.close();
});

describe('scrape-kialo against the replica', () => {
  it('scrapes every discussion from the API once, without Chromium, matches ground truth, reports 404, retries 429; --reparse re-extracts offline', async () => {
    const logs: string[] = [];
    const ws = tempWorkspace(logs);
    const result = await runStage(scrapeKialo, ws, { ...FAST, baseUrl: replica.url });
    const records = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);

    const expected = scrapable(replica.discussions).flatMap((d) => expectedStatements(d, 'discussion-total'));
    expect(records.map(comparable)).toEqual(expected);
    // URLs as the site spells them (its sitemap), never rebuilt from a title: "… collectivism ?" is "…collectivism--2488".
    expect(records.find((r) => r.discussion_id === 1512)?.url).toBe(
      `${replica.url}/sollte-man-tempolimits-auf-autobahnen-einschr%C3%A4nken-1512`,
    );
    expect(records.find((r) => r.discussion_id === 2488)?.url).toBe(
      `${replica.url}/is-individualism-better-than-collectivism--2488`,
    );
    for (const d of replica.discussions)
      expect(replica.apiHits(d.id), `API hits of ${d.id}`).toBe(d.behaviour === 'rate-limit-once' ? 2 : 1);
    for (const d of replica.discussions) expect(replica.pageHits(d.id), `page hits of ${d.id}`).toBe(0);

    expect(result.counts).toMatchObject({
      pages_ok: 13,
      layout_mismatch: 0,
      not_found: 1,
      errors: 0,
      statements: expected.length,
    });
    expect(logs.join('\n')).toMatch(/HTTP 429 .*1733.*retrying/);

    const before = totalHits(replica);
    await runStage(scrapeKialo, ws, { ...FAST, baseUrl: replica.url, reparse: true, voteCount: 'thesis' });
    expect(totalHits(replica)).toBe(before);
    const byThesis = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
    expect(byThesis.map(comparable)).toEqual(
      scrapable(replica.discussions).flatMap((d) => expectedStatements(d, 'thesis')),
    );
    await runStage(scrapeKialo, ws, { ...FAST, baseUrl: replica.url, reparse: true, voteCount: 'participants' });
    const byParticipants = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
    expect(byParticipants.map(comparable)).toEqual(
      scrapable(replica.discussions).flatMap((d) => expectedStatements(d, 'participants')),
    );
    ws.close();
  });

  it('--render gives the same statements as the API-only scrape; a changed layout is a reported mismatch and a warning, never a dropped statement', async () => {
    const apiOnly = tempWorkspace();
    await runStage(scrapeKialo, apiOnly, { ...FAST, baseUrl: replica.url });
    const fromApi = await readJsonlAll(apiOnly.path(STATEMENTS), KialoStatementSchema);
    apiOnly.close();

    const logs: string[] = [];
    const ws = tempWorkspace(logs);
    const result = await runStage(scrapeKialo, ws, { ...FAST, baseUrl: replica.url, render: true });
    const rendered = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
    const same = ({ scraped_at: _s, html_path: _h, ...rest }: Record<string, unknown>) => rest;
    expect(rendered.map(same)).toEqual(fromApi.map(same));
    expect(rendered.filter((r) => r.discussion_id === 1620)).toHaveLength(1);
    for (const d of scrapable(replica.discussions)) expect(replica.pageHits(d.id), `page hits of ${d.id}`).toBe(1);
    expect(existsSync(ws.path('data/raw/kialo/html/1620/page.html'))).toBe(true);

    expect(result.counts).toMatchObject({
      pages_ok: 13,
      layout_mismatch: 1,
      not_found: 1,
      errors: 0,
      statements: fromApi.length,
    });
    expect(result.summary?.mismatches).toEqual([
      {
        url: `${replica.url}/should-zoos-exist-1620`,
        missing: ['title (h1.topbar-title__discussion-title)', 'thesis text (.selected-claim .claim-text__content)'],
      },
    ]);
    expect(logs.join('\n')).toMatch(
      /layout mismatch on .*should-zoos-exist-1620 \(rendered cross-check; statements kept\): not found: title \(h1\.topbar-title__discussion-title\)/,
    );
    ws.close();
  });

  it('resumes an interrupted scrape: finished discussions are not fetched again, the rest are', async () => {
    const ws = tempWorkspace();
    const controller = new AbortController();
    const apiHits = () => replica.discussions.reduce((n, d) => n + replica.apiHits(d.id), 0);
    const watch = setInterval(() => apiHits() >= 4 && controller.abort(), 5);
    const first = runStage(scrapeKialo, ws, { ...FAST, baseUrl: replica.url, concurrency: 1 }, controller.signal);
    await expect(first).rejects.toBeInstanceOf(InterruptedError);
    clearInterval(watch);
    // Finished: a complete snapshot, or the 404 of the deleted discussion. An abort cuts the discussion in flight short (its answers are asked again).
    const finished = [
      ...listSnapshotIds(ws.root),
      ...replica.discussions.filter((d) => d.behaviour === 'gone' && replica.apiHits(d.id) > 0).map((d) => d.id),
    ];
    const hitsAtAbort = new Map(replica.discussions.map((d) => [d.id, replica.apiHits(d.id)]));
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.length).toBeLessThan(replica.discussions.length);

    await runStage(scrapeKialo, ws, { ...FAST, baseUrl: replica.url });
    for (const id of finished) expect(replica.apiHits(id), `API hits of finished ${id}`).toBe(hitsAtAbort.get(id));
    for (const d of replica.discussions) expect(replica.apiHits(d.id), `API hits of ${d.id}`).toBeGreaterThan(0);
    const records = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
    expect(records.map(comparable)).toEqual(
      scrapable(replica.discussions).flatMap((d) => expectedStatements(d, 'discussion-total')),
    );
    ws.close();
  });

  it('--reparse rebuilds the records from the snapshots on disk alone when the run store is deleted; incomplete snapshots are ignored', async () => {
    const ws = tempWorkspace();
    await runStage(scrapeKialo, ws, { ...FAST, baseUrl: replica.url });
    const scraped = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
    ws.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(ws.path(`data/normforge.db${suffix}`), { force: true });
    rmSync(ws.path(STATEMENTS));
    // A snapshot cut short by a crash: the page came, meta.json (written last) did not.
    mkdirSync(ws.path('data/raw/kialo/html/9999'), { recursive: true });
    writeFileSync(ws.path('data/raw/kialo/html/9999/discussion.json'), '{"discussion":');

    const before = totalHits(replica);
    const fresh = replicaWorkspace(ws.root, replica.url);
    const result = await runStage(scrapeKialo, fresh, { ...FAST, baseUrl: replica.url, reparse: true });
    expect(totalHits(replica)).toBe(before);
    expect(await readJsonlAll(fresh.path(STATEMENTS), KialoStatementSchema)).toEqual(scraped);
    expect(result.counts).toMatchObject({ pages_ok: 13, layout_mismatch: 0, statements: scraped.length });

    // A full scrape with the new store fetches no discussion that has a complete snapshot.
    const hitsBefore = replica.discussions.map((d) => replica.apiHits(d.id));
    await runStage(scrapeKialo, fresh, { ...FAST, baseUrl: replica.url });
    const refetched = replica.discussions
      .filter((d, i) => replica.apiHits(d.id) !== hitsBefore[i])
      .map((d) => [d.id, d.behaviour]);
    expect(refetched).toEqual([[replica.discussions.find((d) => d.behaviour === 'gone')!.id, 'gone']]);
    expect(await readJsonlAll(fresh.path(STATEMENTS), KialoStatementSchema)).toEqual(scraped);
    fresh.close();
  });

  it('imports the replica exports (both formats) to the same statements as the scrape', async () => {
    const ws = tempWorkspace();
    await runStage(scrapeKialo, ws, { ...FAST, baseUrl: replica.url });
    const scraped = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
    const dir = mkdtempSync(join(tmpdir(), 'nf-kialo-exports-'));
    const imported = [];
    for (const d of scrapable(replica.discussions)) {
      const name = `${slugify(d.title)}-${d.id}.txt`;
      const text = await (await fetch(`${replica.url}/export/${encodeURIComponent(name)}`)).text();
      writeFileSync(join(dir, name), text);
      imported.push(
        ...statementsFromExport(join(dir, name), readFileSync(join(dir, name), 'utf8'), {
          baseUrl: replica.url,
          voteCountKind: 'discussion-total',
          importedAt: 'x',
        }),
      );
    }
    expect(new Set(scrapable(replica.discussions).map((d) => d.exportFormat))).toEqual(new Set(['old', 'new']));
    const key = (s: { statement_id: string; discussion_id: number; url: string; title: string; thesis: string }) => [
      s.statement_id,
      s.discussion_id,
      s.url,
      s.title,
      s.thesis,
    ];
    expect(imported.map(key)).toEqual(scraped.map(key));
    ws.close();
  });
});
