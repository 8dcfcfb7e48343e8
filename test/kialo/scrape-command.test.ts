import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKialoReplica, type KialoReplica } from '../../src/scrapers/kialo/replica/server.ts';
import { discussionPath } from '../../src/scrapers/kialo/urls.ts';
import { runCli } from '../helpers/cli.ts';

/** `normforge <args>` in-process; a non-zero exit fails the test, as a rejected execFile did. */
async function run(args: string[], cwd: string) {
  const result = await runCli(args, { cwd });
  expect(result.code, result.stderr).toBe(0);
  return result;
}

let replica: KialoReplica;
beforeEach(async () => {
  replica = await startKialoReplica({ crawlDelaySeconds: 0.01 });
});
afterEach(async () => {
  await replica.close();
});

/** A workspace whose config seeds an ordinary discussion, the changed-layout one and the deleted one. */
function workspaceWithSeeds(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nf-kialo-cli-'));
  const byBehaviour = (b: string) => replica.discussions.find((d) => d.behaviour === b)!;
  const normal = byBehaviour('normal');
  writeFileSync(
    join(dir, 'seeds.txt'),
    [
      `${replica.url}${discussionPath(normal.title, normal.id)}`,
      `${replica.url}/${byBehaviour('changed-layout').id}`,
      String(byBehaviour('gone').id),
      '',
    ].join('\n'),
  );
  const config = {
    sources: { kialo: { seeds: 'seeds.txt', discovery: ['seeds'], delayMs: 20 } },
    stages: { 'scrape-kialo': { renderTimeoutMs: 1500, retryBaseMs: 50 } },
  };
  writeFileSync(join(dir, 'normforge.config.json'), JSON.stringify(config));
  return dir;
}

describe('normforge scrape kialo', () => {
  it('prints the run summary, naming the field and URL of a changed-layout page, readable and with --json', async () => {
    const cwd = workspaceWithSeeds();
    const changed = replica.discussions.find((d) => d.behaviour === 'changed-layout')!;
    const gone = replica.discussions.find((d) => d.behaviour === 'gone')!;
    const changedUrl = `${replica.url}/${changed.id}`;

    const readable = await run(['scrape', 'kialo', '--base-url', replica.url, '--render'], cwd);
    expect(readable.stdout).toMatch(/pages ok +2\n/);
    expect(readable.stdout).toMatch(/layout mismatch +1\n/);
    expect(readable.stdout).toMatch(/not found \(404\) +1\n/);
    expect(readable.stdout).toMatch(/errors +0\n/);
    expect(readable.stdout).toContain(
      `${changedUrl}: not found: title (h1.topbar-title__discussion-title); thesis text (.selected-claim .claim-text__content)`,
    );
    expect(readable.stdout).toContain(`${replica.url}/${gone.id}: not-found (HTTP 404)`);
    expect(readable.stdout).toMatch(/statements +2 in /);

    expect(readable.stdout).toMatch(
      /robots\.txt +http:\/\/127\.0\.0\.1:\d+\/robots\.txt \(HTTP 200, sha256 [0-9a-f]{12}…\)\n/,
    );

    const hits = replica.pageHits(changed.id) + replica.apiHits(changed.id);
    const json = await run(['scrape', 'kialo', '--base-url', replica.url, '--reparse', '--json'], cwd);
    expect(replica.pageHits(changed.id) + replica.apiHits(changed.id)).toBe(hits);
    const report = JSON.parse(json.stdout);
    // The changed layout is reported, and its statement is kept: the API is the source, the page a cross-check.
    expect(report).toMatchObject({
      stage: 'scrape-kialo',
      action: 'ran',
      counts: { pages_ok: 2, layout_mismatch: 1, not_found: 1, errors: 0, statements: 2 },
    });
    expect(report.summary.mismatches).toEqual([
      {
        url: changedUrl,
        missing: ['title (h1.topbar-title__discussion-title)', 'thesis text (.selected-claim .claim-text__content)'],
      },
    ]);
    expect(report.summary.failures).toEqual([
      { url: `${replica.url}/${gone.id}`, status: 'not-found', error: 'HTTP 404' },
    ]);
  });
});
