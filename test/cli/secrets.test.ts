import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';

const REPO = resolve(import.meta.dirname, '../..');
const CLI = join(REPO, 'bin/normforge.js');
/** No recognisable prefix, so only the registered env-var scrubbing can hide it. */
const SECRET = 'qz7Rw2mXv9TtLpA4nB8s';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ rpm: 60_000, tpm: 50_000_000 });
});
afterAll(async () => sim.close());

describe('API keys', () => {
  // The simulator runs in this process, so the CLI runs asynchronously (a sync spawn would block its answers).
  it('reach the provider but none of the logs, outputs, caches, run store or release of a full PACT build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-secret-'));
    const member = (id: string) => ({
      id,
      model: id,
      baseURL: `${sim.url}/v1`,
      apiKeyEnv: 'NF_TEST_PROVIDER_KEY',
      runs: 1,
      rpm: 60_000,
      tpm: 50_000_000,
    });
    writeFileSync(
      join(dir, 'normforge.config.json'),
      JSON.stringify({
        sources: {
          normad: join(REPO, 'examples/pact/normad_sample.csv'),
          cultureatlas: { path: join(REPO, 'examples/pact/cultureatlas_sample.csv') },
        },
        panel: [member('gpt-4.1'), member('qwen-2.5-72b')],
      }),
    );
    writeFileSync(join(dir, '.env'), `NF_TEST_PROVIDER_KEY=${SECRET}\n`);
    const env = { ...process.env, NORMFORGE_LOG: 'debug' };
    const run = promisify(execFile);
    for (const args of [
      ['run', 'pact', '--json'],
      ['export', 'pact'],
    ]) {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
        cwd: dir,
        env,
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(stdout + stderr).not.toContain(SECRET);
    }
    const written = filesUnder(dir).filter((f) => !f.endsWith('.env'));
    expect(written.some((f) => f.endsWith('normforge.db'))).toBe(true);
    expect(written.some((f) => f.endsWith('pact.parquet'))).toBe(true);
    for (const file of written) expect(readFileSync(file).includes(SECRET), file).toBe(false);
    expect(sim.stats().authorized).toBeGreaterThan(0);
  });
});
