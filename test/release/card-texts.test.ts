import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportRelease } from '../../src/release/export.ts';
import { RunLog } from '../../src/pipeline/runs.ts';
import { makeWorkspace, pactInstances, statementLabels, writeFinal, writeLines } from './fixtures.ts';

function filesOf(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path, root) : [relative(root, path)];
  });
}

function sectionOf(card: string, heading: string): string {
  const start = card.indexOf(`## ${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const end = card.indexOf('\n## ', start + 1);
  return card.slice(start, end < 0 ? undefined : end);
}

/** Workspace-style paths a card names (`data/...`, `annotation/...`, `release/...`). */
const namedPaths = (card: string) =>
  [...card.matchAll(/\b(?:data|annotation|release)\/[\w./*-]+\.\w+/g)].map((m) => m[0]);

/** A statements card whose scrape ran against `baseUrl` (as the scrape run recorded it). */
async function statementsCard(config: Record<string, unknown> = {}, idsOnly = false): Promise<string> {
  const { ws } = makeWorkspace(config);
  const kialo = (config.sources as { kialo?: { baseUrl?: string } } | undefined)?.kialo;
  const runs = new RunLog(ws.store);
  const params = { baseUrl: kialo?.baseUrl ?? 'https://www.kialo.com', voteCount: 'discussion-total' };
  runs.finish(
    runs.start('sociocultural-statements', 'scrape-kialo', 'f', { version: 3, params, prompts: {}, inputs: {} }),
    'ok',
    { provenance: { params } },
  );
  writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false }));
  const { dir } = await exportRelease(ws, 'sociocultural-statements', { idsOnly });
  return readFileSync(join(dir, 'README.md'), 'utf8');
}

describe('card texts are true of the release', () => {
  it("PACT: names no file outside the release, even with the build's rejects files present", async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    for (const f of ['pact-candidates', 'pact-rejects', 'cultureatlas-usable', 'cultureatlas-rejects'])
      writeLines(ws.path(`data/interim/${f}.jsonl`), [{}]);
    const { dir } = await exportRelease(ws, 'pact');
    const card = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(card).toContain('1 of 1 generated items were rejected');
    const files = filesOf(dir);
    for (const path of namedPaths(card)) expect(files, path).toContain(path);
  });

  it("statements from a local replica: the Source line and the url field say the URLs are the replica's", async () => {
    const card = await statementsCard({ sources: { kialo: { baseUrl: 'http://127.0.0.1:47321' } } });
    const source = sectionOf(card, 'How it was built')
      .split('\n')
      .find((l) => l.startsWith('**Source.**'))!;
    expect(source).toContain('http://127.0.0.1:47321');
    expect(source).toMatch(/local replica of Kialo.*`url` column holds the replica's URLs, not kialo\.com's/);
  });

  it('statements from Kialo itself: the Source is kialo.com and no replica is mentioned', async () => {
    const card = await statementsCard();
    const source = sectionOf(card, 'How it was built')
      .split('\n')
      .find((l) => l.startsWith('**Source.**'))!;
    expect(source).toContain('https://www.kialo.com');
    expect(card).not.toMatch(/replica/i);
  });

  it('statements: the card does not call texts it includes not redistributable; the ids-only card says they are left out', async () => {
    const full = await statementsCard();
    expect(full).not.toMatch(/not be redistributable|not redistributable/);
    expect(sectionOf(full, 'Licence and texts')).toContain(
      "remain under Kialo's terms of use (https://www.kialo.com/terms), which govern any reuse of them",
    );
    const idsOnly = await statementsCard({}, true);
    expect(idsOnly).toContain("The `statement` column is null: this release leaves Kialo's texts out");
    expect(idsOnly).not.toMatch(/not be redistributable|not redistributable/);
  });

  it('citations say which fields are omitted because they could not be verified, and invent none', async () => {
    const citation = sectionOf(await statementsCard(), 'Citation');
    expect(citation).toContain('co-authors, year and venue could not be verified and are omitted');
    expect(citation).not.toMatch(/negru[\s\S]*year\s*=/i);
  });
});
