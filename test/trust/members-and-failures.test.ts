import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DegradedError } from '../../src/errors.ts';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { RunLog } from '../../src/pipeline/runs.ts';
import { recipeStatus } from '../../src/pipeline/status.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { testSim } from '../llm/helpers.ts';
import { memberConfig, statementsProject } from './project.ts';
import { proxyTo } from './proxy.ts';

const RELEVANCE = 'data/interim/relevance.jsonl';
const llmOf = (report: Awaited<ReturnType<typeof runRecipe>>, stage: string) =>
  report.stages.find((s) => s.stage === stage)?.summary?.llm as Record<string, number> | undefined;

describe('panel members are inputs of the stages that ask them', () => {
  it('names a member change in status, reruns only the stages that ask it, and asks only the samples the new config lacks', async () => {
    const sim = await testSim({ seed: 5 });
    const proxy = await proxyTo(sim.url);
    const a = { id: 'a', baseURL: proxy.url };
    const b = { id: 'b', baseURL: proxy.url };
    const project = statementsProject(3, [a, b]);
    await runRecipe(project.open(), recipe, { from: 'translate', to: 'judge-relevance' });
    const before = proxy.forwarded();

    project.setConfig({ panel: [memberConfig(a), memberConfig({ ...b, runs: 3 })] });
    const ws = project.open();
    const status = await recipeStatus(ws, recipe);
    const relevance = status.find((s) => s.stage === 'judge-relevance')!;
    expect(relevance.state).toBe('stale');
    expect(relevance.reasons).toContain('member b: runs 2 → 3');
    expect(status.find((s) => s.stage === 'translate')!.reasons.filter((r) => r.startsWith('member'))).toEqual([]);

    const report = await runRecipe(ws, recipe, { from: 'translate', to: 'judge-relevance' });
    expect(report.stages.map((s) => [s.stage, s.action])).toEqual([
      ['translate', 'skipped'],
      ['judge-relevance', 'ran'],
    ]);
    // 3 statements × 6 dimensions × 2 languages: one new sample each for b, nothing else.
    expect(llmOf(report, 'judge-relevance')).toMatchObject({ new: 36, failed: 0 });
    expect(proxy.forwarded() - before).toBe(36);
  });

  it("a member moved from the simulator to a real provider is asked anew: no stage stays fresh on the simulator's answers", async () => {
    const sim = await testSim({ seed: 6 });
    const project = statementsProject(2, [{ id: 'a', baseURL: `${sim.url}/v1` }]);
    await runRecipe(project.open(), recipe, { from: 'translate', to: 'judge-relevance' });
    const real = await proxyTo(sim.url);
    project.setConfig({ panel: [memberConfig({ id: 'a', baseURL: real.url })] });
    const ws = project.open();
    const status = await recipeStatus(ws, recipe);
    expect(status.find((s) => s.stage === 'translate')!.reasons.join('\n')).toMatch(
      /member a: provider "http:\/\/127\.0\.0\.1:\d+\/v1" → "http:\/\/127\.0\.0\.1:\d+\/v1"/,
    );
    await runRecipe(ws, recipe, { from: 'translate', to: 'judge-relevance' });
    expect(real.forwarded()).toBeGreaterThan(0);
  });
});

describe('a stage with failed samples is degraded, never done', () => {
  it('a refused request (404 unknown model): degraded with one grouped message naming the member and the fix, outputs not replaced, the breaker stops paying, the fixed rerun completes', async () => {
    const sim = await testSim({ seed: 7 });
    const proxy = await proxyTo(sim.url);
    proxy.refuse = () => ({ status: 404, message: 'The model gpt-a does not exist' });
    const a = { id: 'gpt-a', baseURL: proxy.url, runs: 5, maxConcurrency: 1, languages: ['en'] };
    const project = statementsProject(4, [a]);
    const ws = project.open();
    proxy.refuse = undefined;
    await runRecipe(ws, recipe, { from: 'translate', to: 'translate' });
    proxy.refuse = () => ({ status: 404, message: 'The model gpt-a does not exist' });
    const before = proxy.requests();
    const error = await runRecipe(ws, recipe, { from: 'judge-relevance', to: 'judge-relevance' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DegradedError);
    const message = (error as Error).message;
    expect(message).toMatch(/120 of 120 samples failed/);
    expect(message).toContain(
      '120 × 404 The model gpt-a does not exist (95 of them not asked: gpt-a was stopped after 5 identical errors in a row) from gpt-a: check model',
    );
    expect(message.split('\n').filter((l) => l.includes('from gpt-a'))).toHaveLength(1);
    // The circuit breaker stopped after 5 identical client errors instead of sending all 24.
    expect(proxy.requests() - before).toBe(5);
    expect(new RunLog(ws.store).last('judge-relevance')?.status).toBe('degraded');
    expect(existsSync(join(project.dir, RELEVANCE))).toBe(false);
    expect((await recipeStatus(ws, recipe)).find((s) => s.stage === 'judge-relevance')!.state).not.toBe('fresh');

    proxy.refuse = undefined;
    const fixed = await runRecipe(project.open(), recipe, { from: 'judge-relevance', to: 'judge-relevance' });
    expect(llmOf(fixed, 'judge-relevance')).toMatchObject({ new: 120, failed: 0 });
  });

  it('400 "n ≤ 4" is a capability, not a failure: the limit is learned from the message, recorded, and the stage completes', async () => {
    const sim = await testSim({ seed: 7 });
    const proxy = await proxyTo(sim.url);
    proxy.refuse = (body) =>
      typeof body.n === 'number' && body.n > 4
        ? { status: 400, message: "Field 'n': Value must be between 1 <= value <= 4, but got 5" }
        : undefined;
    const project = statementsProject(4, [
      { id: 'gpt-a', baseURL: proxy.url, runs: 5, maxConcurrency: 1, languages: ['en'] },
    ]);
    const ws = project.open();
    const report = await runRecipe(ws, recipe, { from: 'translate', to: 'judge-relevance' });
    expect(llmOf(report, 'judge-relevance')).toMatchObject({ new: 120, failed: 0 });
    const run = new RunLog(ws.store).lastOk('judge-relevance')!;
    expect(run.provenance.capabilities).toMatchObject({ 'gpt-a': { maxN: 4, source: { n: 'negotiated' } } });
    // Learned once, kept in the run store: later runs start at n ≤ 4.
    expect(ws.store.prepare('SELECT max_n FROM llm_capabilities WHERE model = ?').get('gpt-a')).toEqual({ max_n: 4 });
  });

  it('a plain rerun asks only the failed samples; --accept-failures finishes anyway and says so in provenance', async () => {
    const sim = await testSim({ seed: 8 });
    const proxy = await proxyTo(sim.url);
    let seen = 0;
    proxy.refuse = () => (++seen % 3 === 0 ? { status: 400, message: 'content policy refusal' } : undefined);
    const project = statementsProject(3, [{ id: 'a', baseURL: proxy.url, languages: ['en'], runs: 1 }]);
    const ws = project.open();
    await runRecipe(ws, recipe, { from: 'translate', to: 'translate' });
    await expect(runRecipe(ws, recipe, { from: 'judge-relevance', to: 'judge-relevance' })).rejects.toThrow(
      /6 of 18 samples failed[\s\S]*6 × 400 content policy refusal from a/,
    );

    proxy.refuse = () => ({ status: 400, message: 'content policy refusal' });
    const accepted = await runRecipe(ws, recipe, {
      from: 'judge-relevance',
      to: 'judge-relevance',
      acceptFailures: 0.5,
    });
    expect(accepted.stages[0].action).toBe('ran');
    expect(llmOf(accepted, 'judge-relevance')).toMatchObject({ cached: 12, new: 0, failed: 6 });
    const run = new RunLog(ws.store).lastOk('judge-relevance')!;
    expect(run.provenance.failuresAccepted).toEqual({ failed: 6, samples: 18, rate: 1 / 3, limit: 0.5 });

    proxy.refuse = undefined;
    const before = proxy.forwarded();
    const rerun = await runRecipe(ws, recipe, { from: 'judge-relevance', to: 'judge-relevance', force: true });
    expect(llmOf(rerun, 'judge-relevance')).toMatchObject({ cached: 12, new: 6, failed: 0 });
    expect(proxy.forwarded() - before).toBe(6);
  });
});

describe('run summaries equal what was stored and paid', () => {
  it('summary requests = provider requests = ledger requests; summary answers = cache rows written', async () => {
    const sim = await testSim({ seed: 9 });
    const proxy = await proxyTo(sim.url);
    const project = statementsProject(3, [
      { id: 'a', baseURL: proxy.url },
      { id: 'b', baseURL: proxy.url, supportsN: false },
    ]);
    const ws = project.open();
    const report = await runRecipe(ws, recipe, { from: 'translate', to: 'judge-polarity' });
    const stages = ['translate', 'judge-relevance', 'judge-polarity'].map((s) => llmOf(report, s) ?? {});
    const sum = (key: string) => stages.reduce((n, s) => n + (s[key] ?? 0), 0);
    const ledger = ws.store
      .prepare('SELECT SUM(requests) AS requests, SUM(cost_usd) AS cost FROM llm_ledger')
      .get() as { requests: number; cost: number };
    const rows = ws.store.prepare('SELECT COUNT(*) AS n FROM llm_cache').get() as { n: number };
    expect(sum('requests')).toBe(proxy.forwarded());
    expect(ledger.requests).toBe(proxy.forwarded());
    expect(sum('new') + sum('failed')).toBe(rows.n);
    expect(sum('cost_usd')).toBeCloseTo(ledger.cost, 10);
  });
});
