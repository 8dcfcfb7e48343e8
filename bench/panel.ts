import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { z } from 'zod';
import { providerIdentity } from '../src/llm/provider.ts';
import { LlmCache, type CacheRow } from '../src/llm/cache.ts';
import { createPanel } from '../src/llm/panel.ts';
import { toWire } from '../src/llm/request.ts';
import { startSimServer } from '../src/llm/sim/server.ts';
import type { LlmRequest, LlmTask } from '../src/llm/types.ts';
import { createLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/run-store.ts';
import { PanelMemberSchema } from '../src/schemas/config.ts';
import { modeOfRuns } from '../src/stats/votes.ts';
import type { Figure } from './run.ts';

/**
 * Panel figures, each measured side by side in one run: sustained throughput against the
 * simulator's rate limit (next to a sequential client), the panel's own CPU per request (panel
 * minus a bare openai client on the same workload) and re-deriving labels from cached answers.
 */
const task: LlmTask<{ score: number }> = {
  name: 'bench',
  schema: z.object({ score: z.number().int().min(1).max(5) }),
  promptVersion: 'bench',
};
const silent = createLogger({ sink: () => undefined });

/**
 * Bench members set `tpm` far above what they use: the simulator limits requests only, so the
 * figures measure the RPM limiter (and the panel's overhead), not the default TPM budget.
 */
function requests(models: string[], perModel: number, baseURL: string, rpm: number): LlmRequest<{ score: number }>[] {
  return models.flatMap((model) => {
    const member = PanelMemberSchema.parse({
      id: model,
      model,
      baseURL,
      rpm,
      tpm: 100_000_000,
      maxConcurrency: 64,
      supportsN: false,
    });
    return Array.from({ length: perModel }, (_, i) => ({
      task,
      itemId: `${model}-${i}`,
      member,
      language: 'en',
      messages: [{ role: 'user' as const, content: `<statement>bench ${i}</statement>` }],
      samples: 1,
    }));
  });
}

function withStore<T>(fn: (store: ReturnType<typeof openStore>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'nf-bench-'));
  const store = openStore(join(dir, 'normforge.db'));
  return fn(store).finally(() => (store.close(), rmSync(dir, { recursive: true, force: true })));
}

/**
 * Sustained throughput against 4 simulated models at 3000 RPM each (200 req/s in all) and 300 ms
 * latency. Each member's request bucket starts with one second of credit (50 requests) that a
 * correct limiter may spend at once, and the first requests also pay for opening connections; so
 * the first WARMUP_MS after the first answer are left out explicitly and the rate is measured over
 * the rest of the run (about 3.3 s, some 650 answers) as the least-squares slope of answers counted
 * against time, which a late or early answer at the window's edges barely moves. A limiter pacing at
 * its limit scores 1.0; one letting more through scores above and fails the target's upper bound.
 * A sequential client (one request at a time, its own model) runs alongside for comparison.
 */
const WARMUP_MS = 2_000;

async function throughput(): Promise<Figure[]> {
  const rpm = 3000;
  const perModel = 300;
  const models = ['m1', 'm2', 'm3', 'm4'];
  const limit = (rpm / 60) * models.length;
  const sim = await startSimServer({ latencyMs: 300, rpm });
  try {
    const done: number[] = [];
    const panelRun = withStore(async (store) => {
      const panel = createPanel({ store, log: silent, stage: 'bench' });
      await panel.ask(requests(models, perModel, `${sim.url}/v1`, rpm), {
        onAnswer: () => done.push(performance.now()),
      });
    });
    const [, sequential] = await Promise.all([panelRun, sequentialRps(`${sim.url}/v1`, 10)]);
    const rps = answersPerSecond(done.filter((t) => t >= done[0] + WARMUP_MS));
    return [
      { name: 'panel_rps_ratio', value: round(rps / limit), unit: 'ratio', target: '>=0.95,<=1.05' },
      { name: 'panel_429s', value: sim.stats().rateLimited, unit: 'count', target: '<=12' },
      { name: 'sequential_rps_ratio', value: round(sequential / limit), unit: 'ratio', target: '-' },
    ];
  } finally {
    await sim.close();
  }
}

/** Slope of the answer count over time (answers/s), by least squares. */
function answersPerSecond(times: number[]): number {
  const seconds = times.map((t) => t / 1000);
  const meanT = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  const meanI = (seconds.length - 1) / 2;
  let covariance = 0;
  let variance = 0;
  seconds.forEach((t, i) => {
    covariance += (t - meanT) * (i - meanI);
    variance += (t - meanT) ** 2;
  });
  return covariance / variance;
}

/** Requests per second of a plain openai client sending one request at a time. */
async function sequentialRps(baseURL: string, count: number): Promise<number> {
  const client = new OpenAI({ apiKey: 'bench', baseURL, maxRetries: 0 });
  const started = performance.now();
  for (let i = 0; i < count; i++)
    await client.chat.completions.create({ model: 'seq', messages: [{ role: 'user', content: `seq ${i}` }] });
  return count / ((performance.now() - started) / 1000);
}

/**
 * A sim-server in its own process (`normforge sim-server --json`), so the CPU this process spends
 * is the client's alone: the simulator's answering is not mixed in.
 */
async function externalSim(): Promise<{ baseURL: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../bin/normforge.js', import.meta.url)), 'sim-server', '--json'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { baseURL } = JSON.parse(line) as { baseURL: string };
  return {
    baseURL,
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The panel's own CPU per request: this process's CPU while the panel asks 2000 requests, minus
 * its CPU while a bare openai client sends the same number of equal requests, both against the
 * external simulator. Negative would mean the panel costs less than the bare client: printed as
 * measured, never clamped.
 */
async function cpuPerRequest(): Promise<Figure> {
  const sim = await externalSim();
  const n = 2000;
  try {
    const bare = requests(['cpu'], n, sim.baseURL, 1_000_000);
    // Two retries, like the panel's own policy would: a keep-alive socket the simulator closes under load must not end the benchmark.
    const client = new OpenAI({ apiKey: 'bench', baseURL: sim.baseURL, maxRetries: 2 });
    const bareStart = process.cpuUsage();
    const queue = bare.map((r) => toWire(r).body);
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        for (let body = queue.pop(); body; body = queue.pop())
          await client.chat.completions.create(body as OpenAI.ChatCompletionCreateParamsNonStreaming);
      }),
    );
    const bareCpu = process.cpuUsage(bareStart);
    const panelCpu = await withStore(async (store) => {
      const start = process.cpuUsage();
      await createPanel({ store, log: silent, stage: 'bench' }).ask(requests(['cpu2'], n, sim.baseURL, 1_000_000));
      return process.cpuUsage(start);
    });
    const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    return {
      name: 'panel_cpu_ms_per_request',
      value: round((ms(panelCpu) - ms(bareCpu)) / n),
      unit: 'ms',
      target: '<=0.5',
    };
  } finally {
    await sim.stop();
  }
}

async function rederive(): Promise<Figure> {
  const count = 100_000;
  return withStore(async (store) => {
    const cache = new LlmCache(store);
    const member = PanelMemberSchema.parse({ id: 'r', model: 'r', baseURL: 'http://127.0.0.1:9/v1' });
    const asked = Array.from(
      { length: count / 5 },
      (_, i): LlmRequest<{ score: number }> => ({
        task,
        itemId: `r${i}`,
        member,
        language: 'en',
        messages: [{ role: 'user', content: `<statement>r ${i}</statement>` }],
        samples: 5,
      }),
    );
    const rows: CacheRow[] = asked.flatMap((r) => {
      const wire = toWire(r);
      return wire.keys.map((key, index) => ({
        provider: providerIdentity(member),
        key,
        request_hash: wire.hash,
        sample_index: index,
        model: 'r',
        reported_model: null,
        task: 'bench',
        item_id: r.itemId,
        stage: 'bench',
        language: 'en',
        prompt_version: 'bench',
        status: 'ok' as const,
        raw: JSON.stringify({ score: 1 + ((index * 7 + r.itemId.length) % 5) }),
        finish_reason: 'stop',
        error: null,
        prompt_tokens: 10,
        completion_tokens: 5,
        latency_ms: 1,
        attempts: 1,
        simulated: 1,
        created_at: new Date().toISOString(),
      }));
    });
    cache.put(rows);
    const panel = createPanel({ store, log: silent, stage: 'bench' });
    const started = performance.now();
    const labels = panel.derive(asked).map((a) => modeOfRuns(a.samples.map((s) => s.value?.score ?? null)));
    const seconds = (performance.now() - started) / 1000;
    if (labels.some((l) => l === null)) throw new Error('re-derive bench: a label was not derived');
    return { name: 'panel_rederive_100k_s', value: round(seconds), unit: 's', target: '<5' };
  });
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

export async function benchPanel(): Promise<Figure[]> {
  return [...(await throughput()), await cpuPerRequest(), await rederive()];
}
