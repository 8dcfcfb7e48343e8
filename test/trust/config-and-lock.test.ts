import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const CLI = resolve(import.meta.dirname, '../../bin/normforge.js');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** In-process: the lock holder below is another process, so the lock is still between processes. */
function cli(cwd: string, ...args: string[]) {
  return runCli(args, { cwd, env: { NO_COLOR: '1' } });
}

function project(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'nf-trust-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'normforge.config.json'), JSON.stringify(config));
  return dir;
}

describe('configuration typos are errors that name the key and the closest valid one', () => {
  it('an unknown stage under stages', async () => {
    const r = await cli(project({ stages: { 'judge-relevanse': { mode: 'economy' } } }), 'status');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stages.judge-relevanse');
    expect(r.stderr).toContain('did you mean "judge-relevance"');
  });

  it('an unknown param of a stage, including the stages whose params used to be stripped silently, all named at once', async () => {
    const typos = [
      ['filter-votes', 'minVotez', 'minVotes'],
      ['scrape-kialo', 'delayMS', 'delayMs'],
      ['judge-relevance', 'relevanceTreshold', 'relevanceThreshold'],
    ];
    const r = await cli(
      project({ stages: Object.fromEntries(typos.map(([stage, key]) => [stage, { [key]: 1 }])) }),
      'status',
    );
    expect(r.code).toBe(2);
    for (const [stage, key, closest] of typos) {
      expect(r.stderr).toContain(
        `stages.${stage}.${key}: stage "${stage}" has no param "${key}"; did you mean "${closest}"`,
      );
    }
  });

  it('an unknown --param name', async () => {
    const r = await cli(
      project({}),
      'run',
      'sociocultural-statements',
      '--dry-run',
      '--param',
      'judge-relevance.relevanceTreshold=3',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--param judge-relevance.relevanceTreshold');
    expect(r.stderr).toContain('did you mean "relevanceThreshold"');
  });

  it('--accept-failures takes a share in plain decimal form only', async () => {
    for (const bad of ['1.5', '0x1']) {
      const r = await cli(project({}), 'run', 'pact', '--accept-failures', bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--accept-failures');
    }
  });
});

describe('one writer per workspace', () => {
  it('refuses a second run at once naming the holder, lets status read, and takes over the lock of a dead process', async () => {
    const dir = project({});
    mkdirSync(join(dir, 'data'), { recursive: true });
    // A live process holding the lock (what a running `normforge run` writes).
    const holder = spawn('sleep', ['60']);
    const startedAt = '2026-12-05T07:00:00.000Z';
    writeFileSync(
      join(dir, 'data', 'normforge.lock'),
      JSON.stringify({ pid: holder.pid, command: 'run pact', startedAt }),
    );
    try {
      const refused = await cli(dir, 'run', 'sociocultural-statements', '--only', 'assemble-statements');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`pid ${holder.pid} (run pact), started ${startedAt}`);
      expect(refused.stderr).toContain('--wait');
      expect((await cli(dir, 'status')).code).toBe(0);
      const exported = await cli(dir, 'export', 'pact');
      expect(exported.code).toBe(2);
      expect(exported.stderr).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    // The holder is gone (as after kill -9): the next run takes the lock over and gets on with its work.
    const next = await cli(dir, 'run', 'sociocultural-statements', '--only', 'assemble-statements');
    expect(next.stderr).not.toContain('holds this workspace');
  });

  it('--wait waits for the holder to finish (the waiting normforge a real process too)', async () => {
    const dir = project({});
    mkdirSync(join(dir, 'data'), { recursive: true });
    const holder = spawn('sleep', ['2']);
    writeFileSync(
      join(dir, 'data', 'normforge.lock'),
      JSON.stringify({ pid: holder.pid, command: 'run pact', startedAt: 'now' }),
    );
    const waited = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(
        process.execPath,
        [CLI, 'run', 'sociocultural-statements', '--only', 'assemble-statements', '--wait'],
        { cwd: dir },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => done({ code, stderr }));
    });
    expect(waited.stderr).not.toContain('holds this workspace');
  });
});
