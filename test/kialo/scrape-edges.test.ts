import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { KialoStatementSchema } from '../../src/schemas/records.ts';
import { KialoBrowser } from '../../src/scrapers/kialo/browser.ts';
import { API_ANSWER_NAMES } from '../../src/scrapers/kialo/api.ts';
import { extractStatements } from '../../src/scrapers/kialo/extract.ts';
import { DEFAULT_SELECTORS, resolveSurface } from '../../src/scrapers/kialo/surface.ts';
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
const start = async (opts: ReplicaOptions = {}) =>
  (replica = await startKialoReplica({ crawlDelaySeconds: 0.01, retryAfterSeconds: 0.05, ...opts }));
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
    expect(records.map(comparable)).toEqual(
      [1101, 1205, 1478].flatMap((id) => expectedStatements(discussion(id), 'discussion-total')),
    );
    expect(records.filter((r) => r.discussion_id === 1478).map((r) => [r.statement_id, r.thesis_claim_id])).toEqual([
      ['1478#1', '1478.1'],
      ['1478#2', '1478.3'],
      ['1478#3', '1478.5'],
    ]);
    expect(result.counts).toMatchObject({ pages_ok: 3, layout_mismatch: 0 });
    expect(records.map((r) => r.url)).toEqual([
      `${replica.url}/1101`,
      `${replica.url}/1205`,
      ...[1, 2, 3].map(() => `${replica.url}/1478`),
    ]);
    expect([replica.apiHits(1101), replica.apiHits(1478), replica.apiHits(1205)]).toEqual([1, 1, 1]);
    expect([...replica.hits.keys()].filter((path) => /\.\d+$/.test(path))).toEqual([]);
    ws.close();
  });

  it('a rendered page opened on some other claim is a cross-check warning; the statement comes from the API and stays', async () => {
    await start();
    const browser = await KialoBrowser.launch();
    try {
      const page = await browser.capture(
        `${replica.url}/should-voting-be-compulsory-1101.3?path=1101.0~1101.1~1101.3`,
        { renderTimeoutMs: 1500, renderedMarker: DEFAULT_SELECTORS.selectedClaimText, isAllowed: () => true },
      );
      expect(page.html).toContain(discussion(1101).nodes.find((x) => x.n === 3)!.text!);
      const api = Object.fromEntries(
        await Promise.all(
          API_ANSWER_NAMES.map(async (name) => [
            name,
            await (await fetch(resolveSurface(replica.url).url(name, { id: 1101 }))).text(),
          ]),
        ),
      );
      const snap = {
        meta: {
          discussion_id: 1101,
          requested_url: '',
          final_url: `${replica.url}/1101`,
          http_status: 200,
          fetched_at: 'x',
        },
        html: page.html,
        api,
        htmlPath: 'x',
      };
      const result = extractStatements(snap, 'discussion-total', DEFAULT_SELECTORS);
      expect(result.kind).toBe('ok');
      if (result.kind !== 'ok') return;
      expect(result.statements.map(comparable)).toEqual(expectedStatements(discussion(1101), 'discussion-total'));
      expect(result.layout).toEqual([]);
      expect(result.warnings.some((w) => w.startsWith('thesis as selected claim'))).toBe(true);
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
    expect(records.map(comparable)).toEqual(
      [1101, 1205].flatMap((id) => expectedStatements(discussion(id), 'discussion-total')),
    );
    ws.close();
  });

  it('an answer still refused after every retry is reported as "API answer missing", not a layout change, and fetched again next run', async () => {
    await start({ statisticsRateLimit: { 1101: 2 } });
    const { ws, params } = seeded(['1101', '1205']);
    const first = await runStage(scrapeKialo, ws, { ...params, maxAttempts: 1 });
    expect(first.counts).toMatchObject({ pages_ok: 1, layout_mismatch: 0, api_missing: 1, errors: 0 });
    expect(first.summary?.apiMissing).toEqual([
      { url: `${replica.url}/1101`, missing: ['api answer "statistics" HTTP 429'] },
    ]);
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
    expect((await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema)).map(comparable)).toEqual(
      expectedStatements(discussion(1101), 'thesis'),
    );

    const byTotal = await runStage(scrapeKialo, ws, { ...params, reparse: true });
    expect(byTotal.counts).toMatchObject({ pages_ok: 0, api_missing: 1, layout_mismatch: 0, statements: 0 });
    // An answer never fetched at all is another matter: the scraper's endpoints no longer fit the site.
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    const snap = readSnapshot(ws.root, 1101)!;
    expect(extractStatements(snap, 'discussion-total', DEFAULT_SELECTORS)).toEqual({
      kind: 'layout-mismatch',
      missing: ['api answer "statistics" (not fetched)'],
    });
    ws.close();
  });
});

describe('scrape-kialo: robots.txt', () => {
  it('a disallowed API path the scrape needs stops it before any discussion is fetched, naming the rule; robots.txt is recorded', async () => {
    await start({ robotsDisallow: ['/api/v1/discussions/1101/'] });
    const { ws, params } = seeded(['1101', '1205']);
    await expect(runStage(scrapeKialo, ws, params)).rejects.toThrow(
      /robots\.txt at http:\/\/127\.0\.0\.1:\d+\/robots\.txt disallows http:\/\/127\.0\.0\.1:\d+\/api\/v1\/discussions\/1101\/statistics \(the "statistics" API answer\), which the scrape needs: line 4: Disallow: \/api\/v1\/discussions\/1101\//,
    );
    expect([...replica.hits.keys()].filter((p) => p.startsWith('/api/'))).toEqual([]);
    expect(existsSync(ws.path('data/raw/kialo/html/1101'))).toBe(false);
    expect(readFileSync(ws.path('data/raw/kialo/robots.txt'), 'utf8')).toContain('Disallow: /api/v1/discussions/1101/');
    ws.close();
  });

  it('records robots.txt with the scrape (its text beside the snapshots, URL, status and sha256 in the summary)', async () => {
    await start();
    const { ws, params } = seeded(['1205']);
    const result = await runStage(scrapeKialo, ws, params);
    const text = readFileSync(ws.path('data/raw/kialo/robots.txt'), 'utf8');
    expect(text).toMatch(/^User-agent: \*\nCrawl-delay: 0.01\n/);
    expect(result.summary?.robots).toEqual({
      url: `${replica.url}/robots.txt`,
      status: 200,
      sha256: createHash('sha256').update(text).digest('hex'),
      fetched_at: expect.any(String),
    });
    ws.close();
  });
});
