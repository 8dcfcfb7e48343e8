import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startKialoReplica } from '../../src/scrapers/kialo/replica/server.ts';
import { exportRelease } from '../../src/release/export.ts';
import { kialoTextSource } from '../../src/release/kialo-texts.ts';
import { rehydrateRelease } from '../../src/release/rehydrate.ts';
import { expectedStatements } from '../kialo/ground-truth.ts';
import { makeWorkspace, statementLabels, writeFinal } from './fixtures.ts';

const FILES = ['data/train.parquet', 'data/train.jsonl', 'README.md', 'manifest.json'];
/** Single-thesis discussions, and 1478: a multiple-choice discussion whose theses are 1478#1, 1478#2, 1478#3. */
const DISCUSSIONS = [1101, 1205, 1478, 1512, 2044];
const MULTI_THESIS = 1478;
/** The installed entry point, run by node itself: the signal goes straight to the CLI (the tsx CLI relays it, and SIGKILLs after 30 ms under load). */
const BIN = resolve(import.meta.dirname, '../../bin/normforge.js');

type Replica = Awaited<ReturnType<typeof startKialoReplica>>;

/** The replica's discussions as released rows expect them: every thesis (relation-0 child of the root) as a statement (no footnote marker), in order. */
function replicaDiscussions(replica: Replica, ids: number[]) {
  return replica.discussions
    .filter((d) => ids.includes(d.id))
    .map((d) => ({
      id: d.id,
      url: `https://www.kialo.com/discussion-${d.id}`,
      theses: expectedStatements(d, 'discussion-total').map((s) => s.thesis),
    }));
}

function snapshot(root: (rel: string) => string): Buffer[] {
  return FILES.map((f) => readFileSync(root(`release/sociocultural-statements/${f}`)));
}

describe('ids-only and rehydrate', () => {
  it('ids-only then rehydrate against the Kialo replica gives back the full release byte for byte', async () => {
    // A short Crawl-delay: the API-first scrape asks four answers per discussion, each waiting its turn.
    const replica = await startKialoReplica({ crawlDelaySeconds: 0.01 });
    try {
      const { ws } = makeWorkspace({ sources: { kialo: { baseUrl: replica.url, delayMs: 0, concurrency: 2 } } });
      const discussions = replicaDiscussions(replica, DISCUSSIONS);
      expect(discussions.find((d) => d.id === MULTI_THESIS)!.theses).toHaveLength(3);
      writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false, discussions }));
      await exportRelease(ws, 'sociocultural-statements');
      const full = snapshot(ws.path.bind(ws));
      await exportRelease(ws, 'sociocultural-statements', { idsOnly: true });
      const idsOnly = readFileSync(ws.path('release/sociocultural-statements/data/train.jsonl'), 'utf8');
      for (const line of idsOnly.trim().split('\n'))
        expect(JSON.parse(line)).toMatchObject({ statement: null, url: expect.stringContaining('kialo.com') });
      for (const d of discussions) for (const thesis of d.theses) expect(idsOnly).not.toContain(JSON.stringify(thesis));
      expect(idsOnly).toContain(`"statement_id":"${MULTI_THESIS}#3"`);
      const result = await rehydrateRelease(ws, kialoTextSource);
      expect(result.discussions).toBe(DISCUSSIONS.length);
      snapshot(ws.path.bind(ws)).forEach((bytes, i) => expect(bytes.equals(full[i]), FILES[i]).toBe(true));
    } finally {
      await replica.close();
    }
  });

  it('Ctrl-C during `normforge rehydrate` stops cleanly: exit 130, the ids-only release unchanged', async () => {
    const replica = await startKialoReplica({ crawlDelaySeconds: 0, pageDelayMs: 1500 });
    try {
      const { ws } = makeWorkspace();
      writeFileSync(
        ws.path('normforge.config.json'),
        JSON.stringify({ sources: { kialo: { baseUrl: replica.url, delayMs: 0, concurrency: 1 } } }),
      );
      writeFinal(
        ws,
        'sociocultural-statements',
        statementLabels({ simulated: false, discussions: replicaDiscussions(replica, DISCUSSIONS) }),
      );
      await exportRelease(ws, 'sociocultural-statements', { idsOnly: true });
      const before = snapshot(ws.path.bind(ws));

      const child = spawn(process.execPath, [BIN, 'rehydrate', 'sociocultural-statements'], {
        cwd: ws.root,
        env: { ...process.env, NORMFORGE_LOG: 'debug' },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      // The first request of each discussion is its discussion answer (API-first; nothing is rendered).
      const pagesRequested = () => DISCUSSIONS.reduce((n, id) => n + replica.apiHits(id), 0);
      while (pagesRequested() === 0) {
        if (child.exitCode !== null) throw new Error(`rehydrate ended before any discussion was requested: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toMatch(/interrupted/i);
      expect(pagesRequested()).toBeLessThan(DISCUSSIONS.length);
      snapshot(ws.path.bind(ws)).forEach((bytes, i) => expect(bytes.equals(before[i]), FILES[i]).toBe(true));
    } finally {
      await replica.close();
    }
  });

  it('honours the configured scrape-kialo overrides (here maxAttempts and retryBaseMs), not defaults of its own', async () => {
    // 1101's statistics answer is refused four times: more than the default four attempts allow.
    const replica = await startKialoReplica({
      crawlDelaySeconds: 0.01,
      retryAfterSeconds: 0.01,
      statisticsRateLimit: { 1101: 4 },
    });
    try {
      const { ws } = makeWorkspace({
        sources: { kialo: { baseUrl: replica.url, delayMs: 0, concurrency: 2 } },
        stages: { 'scrape-kialo': { maxAttempts: 6, retryBaseMs: 1 } },
      });
      writeFinal(
        ws,
        'sociocultural-statements',
        statementLabels({ simulated: false, discussions: replicaDiscussions(replica, [1101, 1205]) }),
      );
      await exportRelease(ws, 'sociocultural-statements', { idsOnly: true });
      const result = await rehydrateRelease(ws, kialoTextSource);
      expect(result.discussions).toBe(2);
      expect(replica.hits.get('/api/v1/discussions/1101/statistics')).toBe(5);
    } finally {
      await replica.close();
    }
  });

  it('leaves the release unchanged and names what is missing when a text cannot be restored', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false }));
    await exportRelease(ws, 'sociocultural-statements', { idsOnly: true });
    const before = snapshot(ws.path.bind(ws));
    const partial = async () => new Map([['101', 'Elders should always have the final say in family decisions.']]);
    const err = await rehydrateRelease(ws, partial).catch((e: Error) => e);
    expect(err).toMatchObject({ exitCode: 2, message: expect.stringContaining('discussion 202') });
    expect((err as Error).message).toContain('202#1, 202#2');
    snapshot(ws.path.bind(ws)).forEach((bytes, i) => expect(bytes.equals(before[i])).toBe(true));
  });
});
