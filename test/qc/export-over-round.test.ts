import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportQcRound } from '../../src/qc/export.ts';
import { importQcFiles } from '../../src/qc/import.ts';
import { qcStats } from '../../src/qc/run-stats.ts';
import { fillSheetsWithSimulatedAnnotators } from '../../src/qc/simulated-annotators.ts';
import { runCli } from '../helpers/cli.ts';
import { fixtureWorkspace } from './fixtures.ts';

const design = { size: 10, overlap: 4, seed: 2, annotators: ['ann', 'bo'], round: 'round-1' };

async function roundWithRatings() {
  const ws = fixtureWorkspace();
  const { dir } = await exportQcRound(ws, 'pact', design);
  await importQcFiles(
    ws,
    'pact',
    await fillSheetsWithSimulatedAnnotators(ws, 'pact', 'round-1', join(dir, 'filled')),
    'round-1',
  );
  await qcStats(ws, 'pact', 'round-1');
  return {
    ws,
    dir,
    manifest: readFileSync(join(dir, 'manifest.json'), 'utf8'),
    ratings: readFileSync(join(dir, 'ratings.jsonl'), 'utf8'),
  };
}

describe('qc export over a round that already has imported ratings', () => {
  it('is refused (exit 2, names the round, suggests --round or --force) and changes nothing', async () => {
    const { ws, dir, manifest, ratings } = await roundWithRatings();
    const err = await exportQcRound(ws, 'pact', { ...design, seed: 9 }).catch((e: Error) => e);
    expect(err).toMatchObject({ exitCode: 2 });
    expect((err as Error).message).toMatch(/round "round-1" already has imported ratings/);
    expect((err as Error).message).toMatch(/--round/);
    expect((err as Error).message).toMatch(/--force/);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(manifest);
    expect(readFileSync(join(dir, 'ratings.jsonl'), 'utf8')).toBe(ratings);

    const cli = await runCli(
      ['qc', 'export', 'pact', '--size', '10', '--annotators', 'ann,bo', '--overlap', '4', '--seed', '9'],
      { cwd: ws.root },
    );
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('round "round-1" already has imported ratings');
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(manifest);
  });

  it('a new --round is fine, and --force starts the round over with the old ratings kept aside', async () => {
    const { ws, dir, ratings } = await roundWithRatings();
    const second = await exportQcRound(ws, 'pact', { ...design, round: 'round-2' });
    expect(second.dir).not.toBe(dir);

    const forced = await exportQcRound(ws, 'pact', { ...design, seed: 9, force: true });
    expect(forced.manifest.seed).toBe(9);
    expect(existsSync(join(dir, 'ratings.jsonl'))).toBe(false);
    expect(readFileSync(join(dir, 'ratings.superseded.jsonl'), 'utf8')).toBe(ratings);
    for (const stale of ['stats.json', 'report.md', 'report.html']) expect(existsSync(join(dir, stale))).toBe(false);
  });

  it('exporting the very same design again keeps the round and its ratings (e.g. a demo rerun)', async () => {
    const { ws, dir, manifest, ratings } = await roundWithRatings();
    await exportQcRound(ws, 'pact', design);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(manifest);
    expect(readFileSync(join(dir, 'ratings.jsonl'), 'utf8')).toBe(ratings);
  });

  it('re-exporting a round nobody has imported into yet is allowed', async () => {
    const ws = fixtureWorkspace();
    await exportQcRound(ws, 'pact', design);
    const again = await exportQcRound(ws, 'pact', { ...design, seed: 5 });
    expect(again.manifest.seed).toBe(5);
  });
});
