import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exportRelease } from '../../src/release/export.ts';
import { sweepLeftovers } from '../../src/pipeline/sweep.ts';
import { makeWorkspace, pactInstances, writeFinal } from './fixtures.ts';

const CHILD = join(import.meta.dirname, 'export-crash-child.ts');

/** A pid that no process holds any more: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.on('exit', done));
  return child.pid!;
}

const hidden = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((n) => n !== 'pact' && n !== 'sociocultural-statements') : [];

describe('leftovers of killed processes are swept in data/, annotation/ and release/', () => {
  it('an export killed with SIGKILL leaves its staging folder; the next export sweeps it', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ws.root, 'pact'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    for (let waited = 0; hidden(ws.releaseDir).length === 0; waited += 20) {
      if (child.exitCode !== null) throw new Error(`the export child ended before it could be killed:\n${stderr}`);
      if (waited > 45_000) throw new Error('the export child made no staging folder in time');
      await sleep(20);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(hidden(ws.releaseDir)).toHaveLength(1);

    await exportRelease(ws, 'pact');
    expect(hidden(ws.releaseDir)).toEqual([]);
    expect(existsSync(ws.path('release/pact/data/train.parquet'))).toBe(true);
  });

  it('sweeps temp files and staging folders of dead processes everywhere, restores a release caught mid-swap, leaves live ones alone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-sweep-'));
    const dead = await deadPid();
    const put = (rel: string, text = 'x') => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    put(`annotation/pact/round-1/ann.xlsx.nf-tmp-${dead}-0a1b2c3d`);
    put(`annotation/pact/round-1/manifest.json.nf-tmp-${process.pid}-0a1b2c3d`);
    put(`data/interim/normad.jsonl.nf-tmp-${dead}-0a1b2c3d`);
    put(`release/.sociocultural-statements.staging-1f2e3d4c/README.md`);
    put(`release/sociocultural-statements.nf-tmp-${dead}-99aa88bb/data/train.jsonl`);
    put(`release/pact.nf-tmp-${dead}-12345678-old/README.md`, '# the previous release\n');
    const removed = sweepLeftovers({
      dataDir: join(root, 'data'),
      annotationDir: join(root, 'annotation'),
      releaseDir: join(root, 'release'),
    });
    expect(removed).toBe(4);
    expect(readdirSync(join(root, 'annotation/pact/round-1'))).toEqual([
      `manifest.json.nf-tmp-${process.pid}-0a1b2c3d`,
    ]);
    expect(readdirSync(join(root, 'data/interim'))).toEqual([]);
    expect(readdirSync(join(root, 'release'))).toEqual(['pact']);
    expect(readFileSync(join(root, 'release/pact/README.md'), 'utf8')).toBe('# the previous release\n');
  });
});
