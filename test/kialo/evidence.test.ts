import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { KialoStatementSchema } from '../../src/schemas/records.ts';
import { readSeeds } from '../../src/scrapers/kialo/discovery.ts';
import { thesisLocations } from '../../src/scrapers/kialo/graph.ts';
import { startKialoReplica, type KialoReplica, type ReplicaOptions } from '../../src/scrapers/kialo/replica/server.ts';
import { ConfigSchema } from '../../src/schemas/config.ts';
import { crossCheckPage } from '../../src/scrapers/kialo/cross-check.ts';
import { extractStatements } from '../../src/scrapers/kialo/extract.ts';
import { readSnapshot } from '../../src/scrapers/kialo/snapshots.ts';
import { DEFAULT_SELECTORS, resolveSurface } from '../../src/scrapers/kialo/surface.ts';
import { scrapeKialo } from '../../src/stages/scrape-kialo.ts';
import { expectedStatements } from './ground-truth.ts';
import { runStage, tempWorkspace } from './helpers.ts';

const FAST = { delayMs: 0, retryBaseMs: 20, discovery: ['seeds'] as Array<'seeds'> };
const STATEMENTS = 'data/raw/kialo/statements.jsonl';
const comparable = ({ url: _u, scraped_at: _s, html_path: _h, ...rest }: Record<string, unknown>) => rest;

let replica: KialoReplica | undefined;
const start = async (opts: ReplicaOptions = {}) =>
  (replica = await startKialoReplica({ crawlDelaySeconds: 0.01, ...opts }));
afterEach(async () => {
  await replica?.close();
  replica = undefined;
});
const getJson = async (path: string) => (await fetch(`${replica!.url}${path}`)).json();
const discussion = (id: number) => replica!.discussions.find((d) => d.id === id)!;

function seeded(lines: string[]) {
  const logs: string[] = [];
  const ws = tempWorkspace(logs);
  writeFileSync(ws.path('seeds.txt'), `${lines.join('\n')}\n`);
  return { ws, logs, params: { ...FAST, baseUrl: replica!.url, seeds: ws.path('seeds.txt') } };
}

const loc = (id: string, targetId: string, parentId: string | null, relation: number | null, extra = {}) => ({
  id,
  targetId,
  parentId,
  relation,
  ...extra,
});

describe('discussion graph semantics (reference/kialo.md)', () => {
  it('the root is the location without a parent, whatever its number; parentId resolves against location ids and claim ids', () => {
    const graph = {
      claims: [],
      locations: [
        loc('9.7', '9.7', null, null),
        // parentId names the root's claim id
        loc('9.20', '9.2', '9.7', 0),
        // parentId names the root by location id
        loc('9.10', '9.1', '9.7', 0),
        // a con under thesis 9.1, whose parentId is the thesis's claim id (not its location 9.10)
        loc('9.30', '9.3', '9.1', -1),
        // a deleted thesis is no thesis
        loc('9.40', '9.4', '9.7', 0, { isDeleted: true }),
      ],
    };
    const located = thesisLocations(graph)!;
    expect(located.root.id).toBe('9.7');
    expect(located.theses.map((l) => l.targetId)).toEqual(['9.1', '9.2']);
    const byTarget = {
      ...graph,
      locations: [loc('5.100', '5.0', null, null), loc('5.101', '5.1', '5.0', 0), loc('5.102', '5.2', '5.1', 1)],
    };
    expect(thesisLocations(byTarget)!.theses.map((l) => l.targetId)).toEqual(['5.1']);
    expect(thesisLocations({ claims: [], locations: [loc('5.1', '5.1', '5.0', 0)] })).toBeUndefined();
  });
});

describe('the replica follows the evidence', () => {
  it('listing rows carry voteCount, participantCount, language and tags; statistics a voteCount total; 2488 has no ".0" root; 2044 names parents by claim id', async () => {
    await start();
    const rows = (await getJson('/api/v1/discussions?limit=100&skip=0')).discussions;
    const row1512 = rows.find((r: { id: number }) => r.id === 1512);
    expect(row1512).toMatchObject({
      id: 1512,
      language: 'de',
      tags: discussion(1512).tags,
      participantCount: discussion(1512).participants.length,
      voteCount: expect.any(Number),
    });
    const stats = await getJson('/api/v1/discussions/1512/statistics');
    expect(stats.voteCount).toBe(row1512.voteCount);
    expect(stats.voteCount).toBe(discussion(1512).nodes.reduce((n, x) => n + x.votes.reduce((a, b) => a + b, 0), 0));

    const graph2488 = await getJson('/api/v1/discussiongraph?discussionId=2488');
    const root2488 = graph2488.locations.find((l: { parentId: string | null }) => l.parentId === null);
    expect(root2488.id).not.toBe('2488.0');
    const graph2044 = await getJson('/api/v1/discussiongraph?discussionId=2044');
    const locationIds = new Set(graph2044.locations.map((l: { id: string }) => l.id));
    const claimIds = new Set(graph2044.claims.map((c: { id: string }) => c.id));
    const parents = graph2044.locations
      .map((l: { parentId: string | null }) => l.parentId)
      .filter((p: string | null) => p !== null);
    expect(parents.every((p: string) => claimIds.has(p) && !locationIds.has(p))).toBe(true);
    expect(graph2044.claims.find((c: { id: string }) => c.id === '2044.1').text).toMatch(/\u200b.*\[1\]/);
  });

  it('scrapes those discussions to their ground truth: theses without markers, votes of each kind, language and tags from the API', async () => {
    await start();
    const { ws, params } = seeded(['2044', '2488', '1205']);
    for (const voteCount of ['discussion-total', 'participants', 'thesis'] as const) {
      const result = await runStage(scrapeKialo, ws, {
        ...params,
        voteCount,
        reparse: voteCount !== 'discussion-total',
      });
      expect(result.counts).toMatchObject({ pages_ok: 3, layout_mismatch: 0, warned: 0 });
      const records = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
      expect(records.map(comparable)).toEqual(
        [1205, 2044, 2488].flatMap((id) => expectedStatements(discussion(id), voteCount)),
      );
    }
    const records = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
    expect(records.map((r) => r.thesis)).toEqual([
      'Nuclear energy is the best way to fight climate change.',
      'It is ethical to eat meat.',
      'Individualism is better than collectivism.',
    ]);
    ws.close();
  });

  it('a renamed graph endpoint: reported as a mismatch naming the config key, then answered through sources.kialo.endpoints', async () => {
    await start({ graphPath: '/api/v1/arguments' });
    const { ws, params } = seeded(['1101']);
    const stale = await runStage(scrapeKialo, ws, params);
    expect(stale.counts).toMatchObject({ pages_ok: 0, layout_mismatch: 1, api_missing: 0, statements: 0 });
    expect(stale.summary?.mismatches).toEqual([
      {
        url: `${replica!.url}/1101`,
        missing: [
          'api answer "discussiongraph" (HTTP 404: endpoint renamed? set sources.kialo.endpoints.discussiongraph)',
        ],
      },
    ]);

    const fresh = tempWorkspace();
    const endpoints = { discussiongraph: '/api/v1/arguments?discussionId={id}' };
    const result = await runStage(scrapeKialo, fresh, { ...params, endpoints });
    expect(result.counts).toMatchObject({ pages_ok: 1, layout_mismatch: 0 });
    expect((await readJsonlAll(fresh.path(STATEMENTS), KialoStatementSchema)).map(comparable)).toEqual(
      expectedStatements(discussion(1101), 'discussion-total'),
    );
    expect(replica!.hits.get('/api/v1/arguments')).toBe(1);
    ws.close();
    fresh.close();
  });

  it('language and tags missing from the discussion answer come from the listing row kept with the snapshot; a listing total that differs is a warning', async () => {
    await start();
    const ws = tempWorkspace();
    const result = await runStage(scrapeKialo, ws, {
      ...FAST,
      baseUrl: replica!.url,
      discovery: ['listing'],
      maxDiscussions: 2,
    });
    expect(result.counts).toMatchObject({ pages_ok: 2, warned: 0 });
    const snap = readSnapshot(ws.root, 1101)!;
    expect(snap.meta.listing).toMatchObject({
      id: 1101,
      language: 'en',
      tags: discussion(1101).tags,
      voteCount: expect.any(Number),
      participantCount: 4,
    });

    // The real discussion answer's fields are open (reference/kialo.md): without language and tags, the listing row's are used.
    const { language: _l, tags: _t, ...bare } = JSON.parse(snap.api.discussion!).discussion;
    const listing = { id: 1101, language: 'fr', tags: ['Listed'], voteCount: 999 };
    const stripped = {
      ...snap,
      meta: { ...snap.meta, listing },
      api: { ...snap.api, discussion: JSON.stringify({ discussion: bare }) },
    };
    const extraction = extractStatements(stripped, 'discussion-total', DEFAULT_SELECTORS);
    expect(extraction.kind === 'ok' && extraction.statements.map((s) => [s.language, s.topics])).toEqual([
      ['fr', ['Listed']],
    ]);
    expect(extraction.kind === 'ok' && extraction.warnings).toEqual([
      expect.stringMatching(/^listing voteCount \(999\) differs from the statistics total \(\d+\)$/),
    ]);
    ws.close();
  });
});

describe('rendered cross-check', () => {
  const page = (title: string, thesis: string, ld?: string) =>
    `<html><head>${ld === undefined ? '' : `<script id="metadata-qapage" type="application/ld+json">${JSON.stringify({ mainEntity: { text: ld } })}</script>`}</head>` +
    `<body><h1 class="topbar-title__discussion-title">${title}</h1><div class="selected-claim"><span class="claim-text__content">${thesis}</span></div></body></html>`;
  const expected = {
    title: 'Is it ethical to eat meat?',
    focusText: 'It is ethical to eat\u200b meat [1].',
    focusKind: 'thesis' as const,
  };

  it('DOM and JSON-LD that agree with the API give no warning (markers and zero-width characters aside); disagreements are warnings, a missing element a layout finding', () => {
    expect(
      crossCheckPage(
        page('Is it ethical to eat meat?', 'It is ethical to eat meat.', 'It is ethical to eat meat [1].'),
        DEFAULT_SELECTORS,
        expected,
      ),
    ).toEqual({ layout: [], warnings: [] });
    expect(
      crossCheckPage(
        page('Is it ethical to eat meat?', 'It is ethical to eat meat.', 'Meat is murder.'),
        DEFAULT_SELECTORS,
        expected,
      ).warnings,
    ).toEqual(['JSON-LD says "Meat is murder." but the discussion graph says "It is ethical to eat\u200b meat [1]."']);
    expect(
      crossCheckPage(page('Other title', 'It is ethical to eat meat.'), DEFAULT_SELECTORS, expected).warnings,
    ).toEqual([
      'page title "Other title" differs from the API\'s "Is it ethical to eat meat?"',
      'no JSON-LD QAPage block',
    ]);
    expect(
      crossCheckPage('<html><body></body></html>', { ...DEFAULT_SELECTORS, title: 'h1.renamed' }, expected).layout,
    ).toEqual(['title (h1.renamed)', 'thesis text (.selected-claim .claim-text__content)']);
  });
});

describe('Kialo config', () => {
  it('endpoints, selectors and session are strict: an unknown key or both session kinds are refused, naming the field', () => {
    const parse = (kialo: unknown) => ConfigSchema.safeParse({ sources: { kialo } });
    const issue = (kialo: unknown) => {
      const r = parse(kialo);
      return r.success ? undefined : { path: r.error.issues[0].path.join('.'), message: r.error.issues[0].message };
    };
    expect(issue({ endpoints: { graph: '/x/{id}' } })).toMatchObject({
      path: 'sources.kialo.endpoints',
      message: expect.stringContaining('graph'),
    });
    expect(issue({ endpoints: { discussiongraph: 'api/{id}' } })).toMatchObject({
      path: 'sources.kialo.endpoints.discussiongraph',
    });
    expect(issue({ selectors: { thesis: '.x' } })).toMatchObject({
      path: 'sources.kialo.selectors',
      message: expect.stringContaining('thesis'),
    });
    expect(issue({ session: { cookieFile: 'c.txt', cookieEnv: 'KIALO_COOKIE' } })).toMatchObject({
      path: 'sources.kialo.session',
    });
    expect(issue({ session: { cookieEnv: 'sessionid=abc' } })).toMatchObject({
      path: 'sources.kialo.session.cookieEnv',
    });
    expect(
      parse({
        voteCount: 'participants',
        session: { cookieEnv: 'KIALO_COOKIE' },
        endpoints: { discussiongraph: '/api/v1/arguments?discussionId={id}' },
      }).success,
    ).toBe(true);
  });
});

describe('endpoint surface and id lists', () => {
  it('every endpoint has a default and can be overridden; an override without {id} is refused naming the key', () => {
    const surface = resolveSurface('https://www.kialo.com', { discussiongraph: '/api/v1/arguments?discussionId={id}' });
    expect(surface.url('discussiongraph', { id: 42 })).toBe('https://www.kialo.com/api/v1/arguments?discussionId=42');
    expect(surface.url('statistics', { id: 42 })).toBe('https://www.kialo.com/api/v1/discussions/42/statistics');
    expect(surface.url('export', { slug: 'does-god-exist', id: 2629 })).toBe(
      'https://www.kialo.com/export/does-god-exist-2629.txt',
    );
    expect(() => resolveSurface('https://www.kialo.com', { statistics: '/api/v1/stats' })).toThrow(
      /sources\.kialo\.endpoints\.statistics.*lacks \{id\}|lacks \{id\}.*sources\.kialo\.endpoints\.statistics/,
    );
  });

  it('reads a public id list (slug-id or id a line, optional tags) as seeds, keeping the slug as the site spelled it', () => {
    const ws = tempWorkspace();
    const file = ws.path('ids.csv');
    writeFileSync(
      file,
      'slug-id,tags\nshould-all-americans-have-health-care-paid-by-the-government--61124,Politics;Health\n2629\ndoes-god-exist-2629,"Religion, Philosophy"\n',
    );
    expect(readSeeds(file, 'https://www.kialo.com')).toEqual([
      {
        id: 61124,
        url: 'https://www.kialo.com/should-all-americans-have-health-care-paid-by-the-government--61124',
        row: { id: 61124, tags: ['Politics', 'Health'] },
      },
      { id: 2629, url: 'https://www.kialo.com/2629' },
      {
        id: 2629,
        url: 'https://www.kialo.com/does-god-exist-2629',
        row: { id: 2629, tags: ['Religion', 'Philosophy'] },
      },
    ]);
    writeFileSync(file, '101\nnot a seed\n');
    expect(() => readSeeds(file, 'https://www.kialo.com')).toThrow(/ids\.csv.*line 2|line 2.*ids\.csv/);
    ws.close();
  });
});
