import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { BudgetExceededError, InterruptedError } from '../../src/errors.ts';
import { createPanel } from '../../src/llm/panel.ts';
import type { SimServer } from '../../src/llm/sim/server.ts';
import { member, RatingSchema, ratingRequests, ratingTask, testEnv, testSim, testSimulator } from './helpers.ts';

const maxPerKey = (s: SimServer) => Math.max(0, ...Object.values(s.stats().answersByKey));

describe('panel against sim-server', () => {
  it('answers every sample, then a rerun is served from the cache with zero requests', async () => {
    const sim = await testSim({ seed: 1 });
    const env = testEnv();
    const m = member({ id: 'model-a', baseURL: `${sim.url}/v1` });
    const requests = ratingRequests(m, 20, 3);
    const { answers: first } = await createPanel({ store: env.store, log: env.log, stage: 't' }).ask(requests);
    expect(first.flatMap((a) => a.samples).every((s) => s.value && !s.fromCache)).toBe(true);
    const before = sim.stats().requests;
    const panel = createPanel({ store: env.store, log: env.log, stage: 't' });
    const { answers: second } = await panel.ask(requests);
    expect(sim.stats().requests).toBe(before);
    expect(second.map((a) => a.samples.map((s) => s.value))).toEqual(first.map((a) => a.samples.map((s) => s.value)));
    expect(panel.stats()).toMatchObject({ cached: 60, new: 0, requests: 0 });
  });

  it('uses n when supported and one request per sample otherwise, with the same cache keys', async () => {
    const sim = await testSim({ seed: 2 });
    const env = testEnv();
    const withN = member({ id: 'model-a', baseURL: `${sim.url}/v1`, supportsN: true });
    await createPanel({ store: env.store, log: env.log, stage: 't' }).ask(ratingRequests(withN, 4, 5));
    expect(sim.stats().requests).toBe(4);
    // Only n differs: the same questions asked without n find every sample under the same keys.
    const withoutN = { ...withN, supportsN: false };
    const again = createPanel({ store: env.store, log: env.log, stage: 't' });
    await again.ask(ratingRequests(withoutN, 4, 5));
    expect(sim.stats().requests).toBe(4);
    expect(again.stats()).toMatchObject({ cached: 20, new: 0 });
    await createPanel({ store: env.store, log: env.log, stage: 't' }).ask(ratingRequests(withoutN, 8, 5).slice(4));
    expect(sim.stats().requests).toBe(4 + 20);
  });

  it('resumes after an interrupt: no answer lost, no sample asked twice', async () => {
    const sim = await testSim({ seed: 3, latencyMs: 20 });
    const env = testEnv();
    const m = member({ id: 'model-a', baseURL: `${sim.url}/v1`, supportsN: false, maxConcurrency: 2 });
    const requests = ratingRequests(m, 30, 2);
    const controller = new AbortController();
    let answered = 0;
    const interrupted = createPanel({ store: env.store, log: env.log, stage: 't', signal: controller.signal }).ask(
      requests,
      {
        onAnswer: () => {
          if (++answered === 5) controller.abort();
        },
      },
    );
    await expect(interrupted).rejects.toBeInstanceOf(InterruptedError);
    const asked = Object.keys(sim.stats().answersByKey).length;
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThan(60);
    const resumed = createPanel({ store: env.store, log: env.log, stage: 't' });
    const { answers } = await resumed.ask(requests);
    expect(answers.flatMap((a) => a.samples).filter((s) => s.value).length).toBe(60);
    expect(resumed.stats().cached).toBe(asked);
    expect(maxPerKey(sim)).toBe(1);
    expect(Object.keys(sim.stats().answersByKey).length).toBe(60);
  });

  it('re-derives values with a changed parser and makes no request', async () => {
    const sim = await testSim({ seed: 4 });
    const env = testEnv();
    const m = member({ id: 'model-a', baseURL: `${sim.url}/v1` });
    const panel = createPanel({ store: env.store, log: env.log, stage: 't' });
    const { answers } = await panel.ask(ratingRequests(m, 10, 3));
    const before = sim.stats().requests;
    const doubled = { ...ratingTask, schema: RatingSchema.transform((v) => ({ score: v.score * 2 })) };
    const requests = ratingRequests(m, 10, 3).map((r) => ({ ...r, task: doubled }));
    const { answers: rederived } = await createPanel({ store: env.store, log: env.log, stage: 't' }).ask(requests);
    expect(sim.stats().requests).toBe(before);
    expect(rederived.flatMap((a) => a.samples.map((s) => s.value?.score))).toEqual(
      answers.flatMap((a) => a.samples.map((s) => (s.value?.score ?? 0) * 2)),
    );
    expect(panel.derive(requests).flatMap((a) => a.samples.map((s) => s.fromCache))).not.toContain(false);
  });

  it('under a fault mix ends with every sample answered or failed with a reason', async () => {
    // A timed-out request is held until the client gives up; the client's limit leaves an answer
    // room to arrive on a machine whose CPU is shared (300 ms turned slow answers into failures).
    const sim = await testSim({ seed: 5, faults: '5xx=0.1,429=0.05,malformed=0.05,timeout=0.02' });
    const env = testEnv();
    const m = member({ id: 'model-a', baseURL: `${sim.url}/v1`, supportsN: false, maxConcurrency: 16 });
    const panel = createPanel({
      store: env.store,
      log: env.log,
      stage: 't',
      retry: { retries: 4, minDelayMs: 5, maxDelayMs: 20, retryAfterCapMs: 20, requestTimeoutMs: 2_000 },
      answerRetries: 1,
    });
    const { answers } = await panel.ask(ratingRequests(m, 100, 2));
    const samples = answers.flatMap((a) => a.samples);
    expect(samples).toHaveLength(200);
    for (const s of samples) expect(s.value !== undefined || (s.error ?? '').length > 0).toBe(true);
    const stats = sim.stats();
    expect(stats.faults['5xx']).toBeGreaterThan(0);
    expect(stats.faults.malformed).toBeGreaterThan(0);
    expect(panel.stats().retries).toBeGreaterThan(0);
    expect(samples.filter((s) => s.value).length).toBeGreaterThan(190);
  });

  it('records truncated and malformed answers as failures with their raw text after retries', async () => {
    const sim = await testSim({ seed: 6, faults: 'truncate=1' });
    const env = testEnv();
    const m = member({ id: 'model-a', baseURL: `${sim.url}/v1` });
    const panel = createPanel({ store: env.store, log: env.log, stage: 't', answerRetries: 2 });
    const [answer] = (await panel.ask(ratingRequests(m, 1, 1))).answers;
    expect(answer.samples[0]).toMatchObject({ error: 'truncated (finish_reason: length)' });
    expect(answer.samples[0].raw).toBeTruthy();
    expect(sim.stats().requests).toBe(3);
    expect(env.lines.some((l) => l.includes('item-0') && l.includes('failed'))).toBe(true);
  });

  it('stops before passing --max-cost, keeps what it bought, and the rerun pays only for the rest', async () => {
    const sim = await testSim({ seed: 7 });
    const env = testEnv();
    const m = member({
      id: 'model-a',
      baseURL: `${sim.url}/v1`,
      supportsN: false,
      maxConcurrency: 1,
      price: { inputPerMTok: 1000, outputPerMTok: 1000 },
    });
    const requests = ratingRequests(m, 20, 1);
    const panel = createPanel({ store: env.store, log: env.log, stage: 't', maxCostUsd: 0.3 });
    const plan = await panel.plan(requests);
    expect(plan.rows[0].costUsd).toBeGreaterThan(0.3);
    await expect(panel.ask(requests)).rejects.toBeInstanceOf(BudgetExceededError);
    expect(panel.stats().costUsd).toBeLessThanOrEqual(0.3);
    const bought = Object.keys(sim.stats().answersByKey).length;
    expect(bought).toBeGreaterThan(0);
    expect(bought).toBeLessThan(20);
    const rest = createPanel({ store: env.store, log: env.log, stage: 't' });
    await rest.ask(requests);
    expect(rest.stats()).toMatchObject({ cached: bought, new: 20 - bought });
    expect(maxPerKey(sim)).toBe(1);
  });

  it('plans requests, cached samples, tokens and cost without asking anything', async () => {
    const sim = await testSim({ seed: 8 });
    const env = testEnv();
    const m = member({ id: 'model-a', baseURL: `${sim.url}/v1`, supportsN: false });
    const requests = ratingRequests(m, 6, 2);
    const panel = createPanel({ store: env.store, log: env.log, stage: 't' });
    await panel.ask(requests.slice(0, 2));
    const before = sim.stats().requests;
    const plan = await panel.plan(requests);
    expect(sim.stats().requests).toBe(before);
    expect(plan.rows).toEqual([expect.objectContaining({ model: 'model-a', requests: 8, cached: 4 })]);
    expect(plan.rows[0].inputTokens).toBeGreaterThan(0);
  });

  it('never writes the API key to the cache, the run store or the logs', async () => {
    const sim = await testSim({ seed: 9 });
    const env = testEnv();
    // No recognisable prefix (sk-, hf_): only the registration of apiKeyEnv can scrub it from the logs.
    const secret = 'Qm7vTz2XpLw9RkHd4NcYb8JsGf3A';
    vi.stubEnv('NF_TEST_PANEL_KEY', secret);
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const m = member({ id: 'model-a', baseURL: `${sim.url}/v1`, apiKeyEnv: 'NF_TEST_PANEL_KEY' });
    const panel = createPanel({ store: env.store, log: env.log, stage: 't' });
    await panel.ask(ratingRequests(m, 5, 2));
    env.log.info(`debug dump of the environment value: ${process.env.NF_TEST_PANEL_KEY}`);
    expect(sim.stats().authorized).toBeGreaterThan(0);
    env.store.pragma('wal_checkpoint(TRUNCATE)');
    const dataDir = join(env.dir, 'data');
    for (const file of readdirSync(dataDir)) expect(readFileSync(join(dataDir, file)).includes(secret)).toBe(false);
    expect(env.lines.join('\n')).not.toContain(secret);
    expect(env.lines.length).toBeGreaterThan(0);
  });

  it('talks to an in-process simulator when a member has no baseURL and marks answers simulated', async () => {
    const env = testEnv();
    const panel = createPanel({ store: env.store, log: env.log, stage: 't', simulator: testSimulator() });
    const { answers } = await panel.ask(ratingRequests(member({ id: 'gpt-4.1', rpm: undefined }), 2, 2));
    await panel.close();
    expect(answers.flatMap((a) => a.samples).every((s) => s.simulated && s.value)).toBe(true);
    expect(env.lines.some((l) => l.includes('60000 RPM (provider headers)'))).toBe(true);
  });

  it('starts no simulator of its own: a member without baseURL and no simulator given is a configuration error', async () => {
    const env = testEnv();
    const panel = createPanel({ store: env.store, log: env.log, stage: 't' });
    await expect(panel.ask(ratingRequests(member({ id: 'gpt-4.1' }), 1, 1))).rejects.toThrow(
      /panel member "gpt-4.1" has no baseURL and no simulator was given/,
    );
    await panel.close();
  });
});
