import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { KialoStatementSchema } from '../../src/schemas/records.ts';
import { startKialoReplica, type KialoReplica } from '../../src/scrapers/kialo/replica/server.ts';
import { loadSession, parseCookieFile } from '../../src/scrapers/kialo/session.ts';
import { slugify } from '../../src/scrapers/kialo/urls.ts';
import { scrapeKialo } from '../../src/stages/scrape-kialo.ts';
import { expectedStatements } from './ground-truth.ts';
import { runCli } from '../helpers/cli.ts';
import { runStage, tempWorkspace } from './helpers.ts';

/** `normforge <args>` in-process; a non-zero exit fails the test, as a rejected execFile did. */
async function run(args: string[], cwd: string) {
  const result = await runCli(args, { cwd });
  expect(result.code, result.stderr).toBe(0);
  return result;
}
const SESSION = { sessionId: 'sess-7f3a9c1e0b2d', xsrf: 'xsrf-4c8e2a6b9d1f' };
const STATEMENTS = 'data/raw/kialo/statements.jsonl';
const comparable = ({ url: _u, scraped_at: _s, html_path: _h, ...rest }: Record<string, unknown>) => rest;

let replica: KialoReplica;
beforeEach(async () => {
  replica = await startKialoReplica({ crawlDelaySeconds: 0.01, session: SESSION });
});
afterEach(async () => {
  await replica.close();
});

const cookieFile = (host: string) =>
  [
    '# Netscape HTTP Cookie File',
    `#HttpOnly_${host}\tFALSE\t/\tFALSE\t0\tsessionid\t${SESSION.sessionId}`,
    `${host}\tFALSE\t/\tFALSE\t0\t_xsrf\t${SESSION.xsrf}`,
    `${host}\tFALSE\t/\tFALSE\t1000\told\texpired`,
    '',
  ].join('\n');

/** Every file of a workspace (records, snapshots, summaries, the run store) that holds a session secret. */
function filesWithSecrets(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== 'cookies.txt')
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => {
      const bytes = readFileSync(f).toString('latin1');
      return bytes.includes(SESSION.sessionId) || bytes.includes(SESSION.xsrf);
    });
}

describe('Kialo session (cookie file or environment variable)', () => {
  it('reads a Netscape/curl cookie file: #HttpOnly_ lines, comments, expired cookies; a bad line names file and line, not its content', () => {
    const cookies = parseCookieFile(cookieFile('.kialo.com'), 'cookies.txt', Date.UTC(2026, 0, 1));
    expect(cookies.map((c) => [c.domain, c.includeSubdomains, c.name])).toEqual([
      ['kialo.com', true, 'sessionid'],
      ['kialo.com', true, '_xsrf'],
    ]);
    expect(() => parseCookieFile(`kialo.com\tFALSE\t/\t${SESSION.sessionId}`, 'cookies.txt')).toThrow(
      /cookies\.txt.*line 1/,
    );
    try {
      parseCookieFile(`kialo.com\tFALSE\t/\t${SESSION.sessionId}`, 'cookies.txt');
    } catch (err) {
      expect((err as Error).message).not.toContain(SESSION.sessionId);
    }
    const ws = tempWorkspace();
    writeFileSync(ws.path('cookies.txt'), cookieFile('www.kialo.com'));
    const session = loadSession({ cookieFile: ws.path('cookies.txt') }, 'https://www.kialo.com')!;
    expect(session.headersFor('https://www.kialo.com/api/v1/discussions/1')).toEqual({
      cookie: `sessionid=${SESSION.sessionId}; _xsrf=${SESSION.xsrf}`,
      'x-csrftoken': SESSION.xsrf,
    });
    expect(session.headersFor('https://elsewhere.example/')).toEqual({});
    // However it is printed, a session shows where it came from and no cookie.
    for (const shown of [JSON.stringify({ session }), inspect(session), String(session)])
      expect(shown).not.toContain(SESSION.sessionId);
    ws.close();
  });

  it('without a session the logged-in API stops the scrape, saying which config key to set', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.path('seeds.txt'), '1101\n1205\n');
    const params = {
      baseUrl: replica.url,
      seeds: ws.path('seeds.txt'),
      discovery: ['seeds'] as Array<'seeds'>,
      delayMs: 0,
      retryBaseMs: 20,
      concurrency: 1,
    };
    await expect(runStage(scrapeKialo, ws, params)).rejects.toThrow(/HTTP 401 .*sources\.kialo\.session/);
    expect(replica.apiHits(1205)).toBe(0);
    ws.close();
  });

  it('with a cookie file or a Cookie header in an environment variable: cookies and X-Csrftoken sent, statements scraped, no secret in any log or file', async () => {
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    for (const how of ['file', 'env'] as const) {
      const logs: string[] = [];
      const ws = tempWorkspace(logs);
      writeFileSync(ws.path('cookies.txt'), cookieFile('127.0.0.1'));
      writeFileSync(ws.path('seeds.txt'), '1101\n2044\n');
      vi.stubEnv('NF_TEST_KIALO_COOKIE', `sessionid=${SESSION.sessionId}; _xsrf=${SESSION.xsrf}`);
      const session = how === 'file' ? { cookieFile: ws.path('cookies.txt') } : { cookieEnv: 'NF_TEST_KIALO_COOKIE' };
      const params = {
        baseUrl: replica.url,
        seeds: ws.path('seeds.txt'),
        discovery: ['seeds'] as Array<'seeds'>,
        delayMs: 0,
        retryBaseMs: 20,
        session,
      };
      const result = await runStage(scrapeKialo, ws, { ...params, render: how === 'file' });
      expect(result.counts, how).toMatchObject({ pages_ok: 2, errors: 0, layout_mismatch: 0 });
      const records = await readJsonlAll(ws.path(STATEMENTS), KialoStatementSchema);
      expect(records.map(comparable)).toEqual(
        [1101, 2044].flatMap((id) =>
          expectedStatements(replica.discussions.find((d) => d.id === id)!, 'discussion-total'),
        ),
      );
      const api = replica.requestHeaders.filter((r) => r.path === '/api/v1/discussions/2044/statistics').at(-1)!;
      expect(api.headers).toMatchObject({
        'x-csrftoken': SESSION.xsrf,
        cookie: expect.stringContaining(`sessionid=${SESSION.sessionId}`),
      });
      expect(logs.join('\n')).not.toContain(SESSION.sessionId);
      expect(logs.join('\n')).not.toContain(SESSION.xsrf);
      expect(JSON.stringify(result)).not.toContain(SESSION.sessionId);
      ws.close();
      expect(filesWithSecrets(ws.root), how).toEqual([]);
    }
  });

  it('normforge fetch kialo-exports downloads exports politely with the session, resumes, and import reads them: theses without markers, sources kept', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.path('cookies.txt'), cookieFile('127.0.0.1'));
    writeFileSync(
      ws.path('normforge.config.json'),
      JSON.stringify({
        sources: { kialo: { baseUrl: replica.url, delayMs: 0, session: { cookieFile: 'cookies.txt' } } },
      }),
    );
    const d2044 = replica.discussions.find((d) => d.id === 2044)!;
    writeFileSync(ws.path('ids.csv'), `slug-id,tags\n${slugify(d2044.title)}-2044,Ethics\n1205\n`);
    const first = await run(['fetch', 'kialo-exports', '1101', '--seeds', 'ids.csv', '--json'], ws.root);
    const names = [
      'should-voting-be-compulsory-1101.txt',
      'is-it-ethical-to-eat-meat-2044.txt',
      'is-nuclear-energy-the-best-way-to-fight-climate-change-1205.txt',
    ];
    expect(JSON.parse(first.stdout)).toEqual({ downloaded: names, kept: [], failed: [] });
    expect(readdirSync(ws.path('data/raw/kialo/exports')).sort()).toEqual([...names].sort());
    // 1101 and 1205 were named by id: their slug came from the site's page, not from the title.
    expect(replica.hits.get('/1101')).toBe(1);
    expect(replica.hits.get('/2044')).toBeUndefined();
    const exportHeaders = replica.requestHeaders.find((r) => r.path.startsWith('/export/'))!.headers;
    expect(exportHeaders['x-csrftoken']).toBe(SESSION.xsrf);

    const again = await run(['fetch', 'kialo-exports', '1101', '--seeds', 'ids.csv', '--json'], ws.root);
    expect(JSON.parse(again.stdout)).toMatchObject({ downloaded: [], kept: names.map(() => expect.any(String)) });
    expect(replica.hits.get('/export/should-voting-be-compulsory-1101.txt')).toBe(1);

    await run(['import', 'kialo-export'], ws.root);
    const imported = await readJsonlAll(ws.path('data/raw/kialo/imported.jsonl'), KialoStatementSchema);
    const eat = imported.find((s) => s.discussion_id === 2044)!;
    expect(eat.thesis).toBe('It is ethical to eat meat.');
    expect(eat.sources).toEqual([{ ref: 1, url: d2044.sources[0].url, excerpt: d2044.sources[0].excerpt }]);
    expect(imported.map((s) => s.discussion_id)).toEqual([1101, 1205, 2044]);
    expect(first.stdout + first.stderr + again.stderr).not.toContain(SESSION.sessionId);
    expect(filesWithSecrets(ws.root)).toEqual([]);
    ws.close();
  });

  it('fetch kialo-exports without a session is a usage error (exit 2) naming the config key', async () => {
    const ws = tempWorkspace();
    writeFileSync(
      ws.path('normforge.config.json'),
      JSON.stringify({ sources: { kialo: { baseUrl: replica.url, delayMs: 0 } } }),
    );
    const err = await runCli(['fetch', 'kialo-exports', '1101'], { cwd: ws.root });
    expect(err).toMatchObject({ code: 2, stderr: expect.stringContaining('sources.kialo.session') });
    ws.close();
  });
});
