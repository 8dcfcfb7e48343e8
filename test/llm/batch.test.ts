import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { register } from '../../src/cli/commands/batch.ts';
import { batchJobs } from '../../src/llm/batch.ts';
import { createPanel } from '../../src/llm/panel.ts';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import type { LlmRequest } from '../../src/llm/types.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { member, ratingRequests, testEnv, type TestEnv } from './helpers.ts';

let sim: SimServer | undefined;
let env: TestEnv | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await sim?.close();
  env?.dispose();
  sim = env = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `normforge batch <args>` against a workspace in the test folder and returns what it printed. */
async function batchCli(dir: string, args: string[]): Promise<string> {
  let printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
  const program = new Command().exitOverride();
  register(program, () => Workspace.open({ cwd: dir }));
  try {
    await program.parseAsync(['node', 'normforge', 'batch', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  return printed;
}

describe('batch jobs: errors, cancel, status', () => {
  it('records the lines of the error file as failures with their error instead of dropping them', async () => {
    sim = await startSimServer({ batchDelayMs: 20 });
    env = testEnv();
    // A root that is not an object is outside strict mode: the provider refuses every line.
    const task = { name: 'bare', schema: z.string(), promptVersion: 'test' };
    const m = member({ id: 'batcher', baseURL: `${sim.url}/v1`, batch: true });
    const requests: LlmRequest<string>[] = [0, 1].map((i) => ({
      task,
      itemId: `b${i}`,
      member: m,
      language: 'en',
      messages: [{ role: 'user', content: `q${i}` }],
      samples: 2,
    }));
    const { answers } = await createPanel({ store: env.store, log: env.log, stage: 't', batchPollMs: 10 }).ask(
      requests,
    );
    const samples = answers.flatMap((a) => a.samples);
    expect(samples).toHaveLength(4);
    for (const s of samples)
      expect(s.error).toMatch(/^batch request failed: HTTP 400: Invalid schema for response_format 'bare'/);
    expect(batchJobs(env.store)).toEqual([
      expect.objectContaining({ status: 'completed', requests: 4, collected_at: expect.any(String) }),
    ]);
  });

  it('cancel from the CLI: the next run records the cancelled lines as failures, the run after asks them again', async () => {
    sim = await startSimServer({ batchDelayMs: 400 });
    env = testEnv();
    const m = member({ id: 'batcher', baseURL: `${sim.url}/v1`, batch: true });
    writeFileSync(join(env.dir, 'normforge.config.json'), JSON.stringify({ panel: [m] }));
    const controller = new AbortController();
    const first = createPanel({
      store: env.store,
      log: env.log,
      stage: 'judge',
      batchPollMs: 20,
      signal: controller.signal,
    }).ask(ratingRequests(m, 3, 1));
    await sleep(60);
    controller.abort();
    await expect(first).rejects.toThrow(/interrupted/);

    expect(await batchCli(env.dir, ['status'])).toMatch(/judge\s+batcher\s+in_progress\s+3 requests.*open/);
    const cancelled = JSON.parse(await batchCli(env.dir, ['cancel', '--stage', 'judge', '--json'])) as Array<{
      batch_id: string;
      status: string;
    }>;
    expect(cancelled).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    expect((await (await fetch(`${sim.url}/v1/batches/${cancelled[0].batch_id}`)).json()).status).toBe('cancelled');

    const { answers: collected } = await createPanel({
      store: env.store,
      log: env.log,
      stage: 'judge',
      batchPollMs: 20,
    }).ask(ratingRequests(m, 3, 1));
    expect(collected.flatMap((a) => a.samples.map((s) => s.error))).toEqual(
      Array(3).fill('batch cancelled before answering this request'),
    );

    const { answers: retried } = await createPanel({
      store: env.store,
      log: env.log,
      stage: 'judge',
      batchPollMs: 20,
    }).ask(ratingRequests(m, 3, 1));
    expect(retried.flatMap((a) => a.samples).filter((s) => s.value)).toHaveLength(3);
    expect(
      batchJobs(env.store, 'judge')
        .map((j) => j.status)
        .sort(),
    ).toEqual(['cancelled', 'completed']);
    expect(JSON.parse(await batchCli(env.dir, ['cancel', '--json']))).toEqual([]);
  });
});
