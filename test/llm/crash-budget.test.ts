import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../../src/errors.ts';
import { createPanel } from '../../src/llm/panel.ts';
import type { SimStats } from '../../src/llm/sim/server.ts';
import { crashRequests, member, ratingRequests, testEnv, testSim } from './helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function simStats(url: string): Promise<SimStats> {
  return (await fetch(`${url}/sim/stats`)).json() as Promise<SimStats>;
}

/** Runs the crash child against the store and kills it with SIGKILL once `after` answers are reported. */
function runAndKill(
  storeFile: string,
  simUrl: string,
  after: number,
): Promise<{ reported: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/llm/crash-child.ts'), storeFile, simUrl],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let reported = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      reported += d
        .toString()
        .split('\n')
        .filter((l) => l.startsWith('answered ')).length;
      if (reported >= after && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal ? resolve({ reported, signal }) : reject(new Error(`child exited ${code} before the kill: ${stderr}`)),
    );
  });
}

describe('crash and shared budget', () => {
  it('after a SIGKILL mid-run, the rerun finishes without asking any stored answer again', async () => {
    const sim = await testSim({ seed: 11, latencyMs: 40 });
    const env = testEnv();
    // The child writes through its own connection; WAL lets this one read what it committed.
    const storeFile = join(env.dir, 'data', 'normforge.db');

    const { reported, signal } = await runAndKill(storeFile, sim.url, 8);
    expect(signal).toBe('SIGKILL');
    expect(reported).toBeGreaterThanOrEqual(8);

    const stored = (
      env.store.prepare("SELECT key FROM llm_cache WHERE stage = 'crash'").all() as Array<{ key: string }>
    ).map((r) => r.key);
    const atKill = await simStats(sim.url);
    expect(stored.length).toBeGreaterThanOrEqual(reported * 2);
    expect(stored.length).toBeLessThan(80);
    for (const key of stored) expect(atKill.answersByKey[key]).toBe(1);

    const panel = createPanel({ store: env.store, log: env.log, stage: 'crash' });
    const { answers } = await panel.ask(crashRequests(sim.url));
    const after = await simStats(sim.url);
    expect(answers.flatMap((a) => a.samples).filter((s) => s.value !== undefined)).toHaveLength(80);
    expect(panel.stats()).toMatchObject({ cached: stored.length, new: 80 - stored.length, failed: 0 });
    for (const key of stored) expect(after.answersByKey[key]).toBe(1);
    expect(Object.keys(after.answersByKey)).toHaveLength(80);
  });

  it('panels of one run share its budget through the ledger when given the run start', async () => {
    const sim = await testSim({ seed: 12 });
    const env = testEnv();
    const runStart = new Date().toISOString();
    const price = { inputPerMTok: 1000, outputPerMTok: 1000 };
    const first = createPanel({
      store: env.store,
      log: env.log,
      stage: 'stage-a',
      maxCostUsd: 0.3,
      budgetSince: runStart,
    });
    await expect(
      first.ask(
        ratingRequests(
          member({ id: 'model-a', baseURL: `${sim.url}/v1`, supportsN: false, maxConcurrency: 1, price }),
          20,
          1,
        ),
      ),
    ).rejects.toBeInstanceOf(BudgetExceededError);
    const spentByFirst = first.stats().costUsd;
    expect(spentByFirst).toBeGreaterThan(0);
    expect(spentByFirst).toBeLessThanOrEqual(0.3);

    const otherMember = member({ id: 'model-b', baseURL: `${sim.url}/v1`, supportsN: false, maxConcurrency: 1, price });
    const second = createPanel({
      store: env.store,
      log: env.log,
      stage: 'stage-b',
      maxCostUsd: 0.3,
      budgetSince: runStart,
    });
    await expect(second.ask(ratingRequests(otherMember, 20, 1))).rejects.toThrow(/since/);
    expect(spentByFirst + second.stats().costUsd).toBeLessThanOrEqual(0.3);

    const unscoped = createPanel({ store: env.store, log: env.log, stage: 'stage-c', maxCostUsd: 0.3 });
    await expect(unscoped.ask(ratingRequests(otherMember, 20, 1))).rejects.toBeInstanceOf(BudgetExceededError);
    expect(unscoped.stats().costUsd).toBeGreaterThan(0);
  });
});
