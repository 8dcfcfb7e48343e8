import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startKialoReplica } from '../../src/scrapers/kialo/replica/server.ts';
import { exportRelease } from '../../src/release/export.ts';
import { kialoTextSource } from '../../src/release/kialo-texts.ts';
import { rehydrateRelease } from '../../src/release/rehydrate.ts';
import { makeWorkspace, statementLabels, writeLines } from './fixtures.ts';

const FILES = ['data/train.parquet', 'data/train.jsonl', 'README.md'];
const SINGLE_THESIS = [1101, 1205, 1512, 2044];

function snapshot(root: (rel: string) => string): Buffer[] {
  return FILES.map((f) => readFileSync(root(`release/sociocultural-statements/${f}`)));
}

describe('ids-only and rehydrate', () => {
  it('ids-only then rehydrate against the Kialo replica gives back the full release byte for byte', async () => {
    const replica = await startKialoReplica();
    try {
      const { ws } = makeWorkspace({ sources: { kialo: { baseUrl: replica.url, delayMs: 0, concurrency: 2 } } });
      const discussions = replica.discussions
        .filter((d) => SINGLE_THESIS.includes(d.id))
        .map((d) => ({ id: d.id, url: `https://www.kialo.com/discussion-${d.id}`, theses: [d.nodes.find((n) => n.parent === 0 && n.relation === 0)!.text!] }));
      writeLines(ws.path('data/final/sociocultural-statements.jsonl'), statementLabels({ simulated: false, discussions }));
      await exportRelease(ws, 'sociocultural-statements');
      const full = snapshot(ws.path.bind(ws));
      await exportRelease(ws, 'sociocultural-statements', { idsOnly: true });
      const idsOnly = readFileSync(ws.path('release/sociocultural-statements/data/train.jsonl'), 'utf8');
      for (const line of idsOnly.trim().split('\n')) expect(JSON.parse(line)).toMatchObject({ statement: null, url: expect.stringContaining('kialo.com') });
      for (const d of discussions) expect(idsOnly).not.toContain(d.theses[0]);
      const result = await rehydrateRelease(ws, kialoTextSource);
      expect(result.discussions).toBe(SINGLE_THESIS.length);
      snapshot(ws.path.bind(ws)).forEach((bytes, i) => expect(bytes.equals(full[i]), FILES[i]).toBe(true));
    } finally {
      await replica.close();
    }
  });

  it('leaves the release unchanged and names what is missing when a text cannot be restored', async () => {
    const { ws } = makeWorkspace();
    writeLines(ws.path('data/final/sociocultural-statements.jsonl'), statementLabels({ simulated: false }));
    await exportRelease(ws, 'sociocultural-statements', { idsOnly: true });
    const before = snapshot(ws.path.bind(ws));
    const partial = async () => new Map([['101', 'Elders should always have the final say in family decisions.']]);
    const err = await rehydrateRelease(ws, partial).catch((e: Error) => e);
    expect(err).toMatchObject({ exitCode: 2, message: expect.stringContaining('discussion 202') });
    expect((err as Error).message).toContain('202.1, 202.2');
    snapshot(ws.path.bind(ws)).forEach((bytes, i) => expect(bytes.equals(before[i])).toBe(true));
  });
});
