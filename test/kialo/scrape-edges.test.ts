import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { KialoStatementSchema } from '../../src/schemas/records.ts';
import { KialoBrowser } from '../../src/scrapers/kialo/browser.ts';
import { extractStatements } from '../../src/scrapers/kialo/extract.ts';
import { startKialoReplica, type KialoReplica, type ReplicaOptions } from '../../src/scrapers/kialo/replica/server.ts';
import { readSnapshot } from '../../src/scrapers/kialo/snapshots.ts';
import { slugify } from '../../src/scrapers/kialo/urls.ts';
import { scrapeKialo } from '../../src/stages/scrape-kialo.ts';
import { expectedStatements } from './ground-truth.ts';
import { runStage, tempWorkspace } from './helpers.ts';

const FAST = { delayMs: 20, renderTimeoutMs: 1500, retryBaseMs: 50, discovery: ['seeds'] as Array<'seeds'> };
const STATEMENTS = 'data/raw/kialo/statements.jsonl';
const comparable = ({ url: _u, scraped_at: _s, html_path: _h, ...rest }: Record<string, unknown>) => rest;

let replica: KialoReplica;
const start = async (opts: ReplicaOptions = {}) => (replica = await startKialoReplica({ crawlDelaySeconds: 0.01, retryAfterSeconds: 0.05, ...opts }));
afterEach(async () => {
  await replica?.close();
});

/** A workspace whose seeds file lists `lines`, and the scrape params reading it. */
function seeded(lines: string[]) {
  const logs: string[] = [];
  const ws = tempWorkspace(logs);
  const seeds = ws.path('seeds.txt');
  writeFileSync(seeds, `${lines.join('\n')}\n`);
  return { ws, logs, params: { ...FAST, baseUrl: replica.url, seeds } };
}

const discussion = (id: number) => replica.discussions.find((d) => d.id === id)!;

describe('scrape-kialo: seeds given as claim links', () => {
  it('scrapes the discussion page /<id> for a claim-link seed, so the thesis is the thesis, not the linked claim', async () => {
    await start();
    const single = discussion(1101);
    const claim = single.nodes.find((x) => x.n === 4)!;
    const claimLink = `${replica.url}/${encodeURIComponent(slugify(claim.text!))}-1101.4?path=1101.0~1101.1~1101.3~1101.4`;
    const { ws, params } = seeded([claimLink, `${replica.url}/1478.6`, '1205']);
    const result = await runStage(scrapeKialo, ws, params);
    const records = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
    expect(records.map(comparable)).toEqual([1101, 1205, 1478].flatMap((id) => expectedStatements(discussion(id), 'discussion-total')));
    expect(records.filter((r) => r.discussion_id === 1478).map((r) => [r.statement_id, r.thesis_claim_id])).toEqual([['1478#1', '1478.1'], ['1478#2', '1478.3'], ['1478#3', '1478.5']]);
    expect(result.counts).toMatchObject({ pages_ok: 3, layout_mismatch: 0 });
    expect([replica.hits.get('/1101'), replica.hits.get('/1478'), replica.hits.get('/1205')]).toEqual([1, 1, 1]);
    expect([...replica.hits.keys()].filter((path) => /\.\d+$/.test(path))).toEqual([]);
    ws.close();
  });

  it('a page opened on some other claim is a layout mismatch (no record), not a thesis', async () => {
    await start();
    const browser = await KialoBrowser.launch();
    try {
      const page = await browser.capture(`${replica.url}/should-voting-be-compulsory-1101.3?path=1101.0~1101.1~1101.3`, { renderTimeoutMs: 1500, isAllowed: () => true });
      expect(page.html).toContain(discussion(1101).nodes.find((x) => x.n === 3)!.text!);
      const snap = { meta: { discussion_id: 1101, requested_url: '', final_url: page.finalUrl, http_status: 200, fetched_at: 'x' }, html: page.html, api: page.api, htmlPath: 'x' };
      const result = extractStatements(snap, 'discussion-total');
      expect(result.kind).toBe('layout-mismatch');
      expect(result.kind === 'layout-mismatch' && result.missing[0]).toContain('thesis as selected claim');
    } finally {
      await browser.close();
    }
  });
});

describe('scrape-kialo: API answers', () => {
  it('asks again, politely, for an API answer the page got 429 for, and records the right votes', async () => {
    await start({ statisticsRateLimit: { 1101: 1 } });
    const { ws, params } = seeded(['1101', '1205']);
    const result = await runStage(scrapeKialo, ws, params);
    expect(replica.hits.get('/api/v1/discussions/1101/statistics')).toBe(2);
    expect(result.counts).toMatchObject({ pages_ok: 2, layout_mismatch: 0, api_missing: 0, errors: 0 });
    const records = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
    expect(records.map(comparable)).toEqual([1101, 1205].flatMap((id) => expectedStatements(discussion(id), 'discussion-total')));
    ws.close();
  });

  it('an answer still refused after every retry is reported as "API answer missing", not a layout change, and fetched again next run', async () => {
    await start({ statisticsRateLimit: { 1101: 2 } });
    const { ws, params } = seeded(['1101', '1205']);
    const first = await runStage(scrapeKialo, ws, { ...params, maxAttempts: 1 });
    expect(first.counts).toMatchObject({ pages_ok: 1, layout_mismatch: 0, api_missing: 1, errors: 0 });
    expect(first.summary?.apiMissing).toEqual([{ url: `${replica.url}/1101`, missing: ['api answer "statistics" HTTP 429'] }]);
    expect(existsSync(ws.path('data/raw/kialo/html/1101'))).toBe(false);
    const second = await runStage(scrapeKialo, ws, params);
    expect(second.counts).toMatchObject({ pages_ok: 2, api_missing: 0, fetched_this_run: 1 });
    ws.close();
  });

  it('needs only the answers of the chosen vote count: no statistics is fine for thesis votes, and "missing" (not layout) for discussion totals', async () => {
    await start();
    const { ws, params } = seeded(['1101']);
    await runStage(scrapeKialo, ws, params);
    const dir = ws.path('data/raw/kialo/html/1101');
    rmSync(join(dir, 'statistics.json'));
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...meta, api_failures: { statistics: 503 } }));

    const byThesis = await runStage(scrapeKialo, ws, { ...params, reparse: true, voteCount: 'thesis' });
    expect(byThesis.counts).toMatchObject({ pages_ok: 1, api_missing: 0, layout_mismatch: 0 });
    expect((await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema)).map(comparable)).toEqual(expectedStatements(discussion(1101), 'thesis'));

    const byTotal = await runStage(scrapeKialo, ws, { ...params, reparse: true });
    expect(byTotal.counts).toMatchObject({ pages_ok: 0, api_missing: 1, layout_mismatch: 0, statements: 0 });
    // An answer the page never asked for is another matter: the site's app changed.
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    const snap = readSnapshot(ws.root, 1101)!;
    expect(extractStatements(snap, 'discussion-total')).toEqual({ kind: 'layout-mismatch', missing: ['api answer "statistics" (not fetched by the page)'] });
    ws.close();
  });
});

describe('scrape-kialo: robots.txt', () => {
  it('checks every URL the page fetches: a disallowed API path is never requested and the page is reported as disallowed', async () => {
    await start({ robotsDisallow: ['/api/v1/discussions/1101/'] });
    const { ws, params, logs } = seeded(['1101', '1205']);
    const result = await runStage(scrapeKialo, ws, params);
    expect(result.counts).toMatchObject({ pages_ok: 1, disallowed: 1, errors: 0 });
    expect(replica.hits.get('/api/v1/discussions/1101/statistics')).toBeUndefined();
    expect(replica.hits.get('/api/v1/discussions/1101/perspectives/1/votes')).toBeUndefined();
    expect(replica.hits.get('/api/v1/discussions/1205/statistics')).toBe(1);
    expect(result.summary?.failures).toEqual([{ url: `${replica.url}/1101`, status: 'disallowed', error: expect.stringMatching(/^robots\.txt disallows http:\/\/127\.0\.0\.1:\d+\/api\/v1\/discussions\/1101\/(statistics|perspectives\/1\/votes)\S* \(fetched by the page\)$/) }]);
    expect(existsSync(ws.path('data/raw/kialo/html/1101'))).toBe(false);
    expect(logs.join('\n')).toContain('robots.txt disallows');
    ws.close();
  });
});
