import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '../../src/hub/fake-hub.ts';
import { exportRelease } from '../../src/release/export.ts';
import { publishRelease } from '../../src/release/publish.ts';
import {
  makeWorkspace,
  pactInstances,
  pactQcStats,
  statementLabels,
  statementsQcStats,
  writeFinal,
} from './fixtures.ts';
import { runCli } from '../helpers/cli.ts';

const TOKEN = 'hf_testtoken123456';
const BIN = resolve(import.meta.dirname, '../../bin/normforge.js');

/**
 * Runs the installed command in a real process (everything it prints, progress included, is
 * checked for the token), without blocking this process, which also serves the fake Hub.
 */
function cli(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NORMFORGE_LOG: 'debug', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub();
});
afterAll(async () => {
  await hub.close();
});

describe('publish', () => {
  it('uploads the release to the fake Hub: every file arrives with its exact bytes', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    const result = await publishRelease(ws, 'pact', {
      repo: 'norm-org/pact-rebuild',
      endpoint: hub.url,
      token: TOKEN,
      private: true,
    });
    const repo = hub.received.repos.get('norm-org/pact-rebuild')!;
    expect(repo.private).toBe(true);
    expect([...repo.files.keys()].sort()).toEqual([
      'README.md',
      'data/train.jsonl',
      'data/train.parquet',
      'manifest.json',
    ]);
    for (const [path, content] of repo.files)
      expect(content.equals(readFileSync(ws.path(`release/pact/${path}`)))).toBe(true);
    expect(result.commitUrl).toBe(`${hub.url}/datasets/norm-org/pact-rebuild/commit/${repo.commits[0].oid}`);
    expect(hub.received.requests.some((r) => r.path.includes('/info/lfs/objects/batch'))).toBe(true);
    expect(result.warnings.join()).toContain('no human QC results');
  });

  it('publishes again into an existing repo as a new commit', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    const first = await publishRelease(ws, 'pact', { repo: 'norm-org/twice', endpoint: hub.url, token: TOKEN });
    const second = await publishRelease(ws, 'pact', { repo: 'norm-org/twice', endpoint: hub.url, token: TOKEN });
    expect([first.created, second.created]).toEqual([true, false]);
    expect(hub.received.repos.get('norm-org/twice')!.commits).toHaveLength(2);
  });

  it('rejects a token that is not a Hub token, without echoing it', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    const err = await publishRelease(ws, 'pact', { repo: 'a/b', endpoint: hub.url, token: 'secret-value-123' }).catch(
      (e: Error) => e,
    );
    expect(err).toMatchObject({ exitCode: 2 });
    expect((err as Error).message).not.toContain('secret-value-123');
  });

  it('refuses a release whose QC section reports simulated human ratings, and uploads nothing', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    const round = ws.path('annotation/pact/round-1');
    mkdirSync(round, { recursive: true });
    writeFileSync(join(round, 'stats.json'), JSON.stringify(pactQcStats({ simulatedAnnotators: ['ann1', 'ann2'] })));
    await exportRelease(ws, 'pact');
    expect(readFileSync(ws.path('release/pact/README.md'), 'utf8')).toMatch(/Simulated human ratings.*ann1, ann2/);
    const before = hub.received.requests.length;
    const err = await publishRelease(ws, 'pact', { repo: 'norm-org/sim-qc', endpoint: hub.url, token: TOKEN }).catch(
      (e: Error) => e,
    );
    expect(err).toMatchObject({ exitCode: 2, message: expect.stringContaining('simulated annotator') });
    expect(hub.received.requests.length).toBe(before);
  });

  it('CLI: refuses simulated data with exit 2 and uploads nothing', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: true }));
    expect((await runCli(['export', 'sociocultural-statements'], { cwd: ws.root })).code).toBe(0);
    const before = hub.received.requests.length;
    const res = await runCli(['publish', 'sociocultural-statements', '--repo', 'norm-org/sim', '--endpoint', hub.url], {
      cwd: ws.root,
      env: { HF_TOKEN: TOKEN, NORMFORGE_LOG: 'debug' },
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('simulated');
    expect(hub.received.requests.length).toBe(before);
  });

  it('CLI: the token appears in nothing printed or written (stdout, stderr, logs, release, DB)', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false }));
    mkdirSync(ws.path('annotation/sociocultural-statements/r1'), { recursive: true });
    writeFileSync(ws.path('annotation/sociocultural-statements/r1/stats.json'), JSON.stringify(statementsQcStats()));
    writeFileSync(ws.path('.env'), `HF_TOKEN=${TOKEN}\n`);
    const outputs = [
      await cli(ws.root, ['export', 'sociocultural-statements', '--json']),
      await cli(ws.root, [
        'publish',
        'sociocultural-statements',
        '--repo',
        'norm-org/statements',
        '--endpoint',
        hub.url,
        '--json',
      ]),
      await cli(ws.root, ['publish', 'sociocultural-statements', '--repo', 'not a repo', '--endpoint', hub.url]),
      await cli(ws.root, [
        'publish',
        'sociocultural-statements',
        '--repo',
        'norm-org/denied',
        '--endpoint',
        `${hub.url}/nowhere`,
      ]),
    ];
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 2, 1]);
    const published = JSON.parse(outputs[1].stdout) as { commitUrl: string };
    expect(published.commitUrl).toContain('/datasets/norm-org/statements/commit/');
    expect(hub.received.repos.get('norm-org/statements')!.files.size).toBe(4);
    for (const o of outputs) expect(o.stdout + o.stderr).not.toContain(TOKEN);
    const written = allFiles(ws.root).filter((f) => !f.endsWith('.env'));
    expect(written.some((f) => f.endsWith('README.md'))).toBe(true);
    for (const file of written) expect(readFileSync(file).includes(TOKEN), file).toBe(false);
    for (const content of hub.received.repos.get('norm-org/statements')!.files.values())
      expect(content.includes(TOKEN)).toBe(false);
  }, 240_000); // four CLI processes: slow on a busy machine, no timing asserted
});
