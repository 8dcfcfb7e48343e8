import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { PactDecisionSchema } from '../../src/evaluation/records.ts';
import { writePactCsv } from './pact-fixture.ts';

const BIN = resolve(import.meta.dirname, '../../bin/normforge.js');
const MODELS = ['gpt-4.1', 'qwen-2.5-72b'];
const dir = mkdtempSync(join(tmpdir(), 'nf-eval-cmd-'));
const decisionsFile = join(dir, 'data/final/eval/pact/decisions.jsonl');
let sim: SimServer;
let items: number;

async function normforge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  sim = await startSimServer({ port: 0, host: '127.0.0.1', rpm: 60_000 });
  items = writePactCsv(join(dir, 'pact-release.csv'), 4);
  writeFileSync(
    join(dir, 'normforge.config.json'),
    JSON.stringify({
      eval: {
        pactInput: join(dir, 'pact-release.csv'),
        // A simulator the test owns, so its request counter shows whether the command asked anything.
        models: MODELS.map((id) => ({
          id,
          model: id,
          baseURL: `${sim.url}/v1`,
          runs: 1,
          rpm: 60_000,
          tpm: 100_000_000,
        })),
      },
      stages: { 'eval-pact': { demographics: ['no_demo'] } },
    }),
  );
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('normforge eval', () => {
  it('refuses an unknown dataset with exit 2', async () => {
    const r = await normforge('eval', 'kialo-debates');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown dataset "kialo-debates"');
  });

  it('refuses a sample size that is not a positive whole number with exit 2', async () => {
    const r = await normforge('eval', 'pact', '--sample', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--sample');
  });

  it('--dry-run prints the plan per model and asks nothing', async () => {
    const r = await normforge('eval', 'pact', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    for (const model of MODELS)
      expect(r.stdout).toMatch(
        new RegExp(`${model.replace('.', '\\.')}\\s+${items * 2} requests to make · 0 answers cached`),
      );
    expect(sim.stats().requests).toBe(0);
    expect(existsSync(decisionsFile)).toBe(false);
  });

  it('--sample N --seed S evaluates N items, stratified by source, country and relation', async () => {
    const r = await normforge('eval', 'pact', '--sample', '12', '--seed', '3');
    expect(r.code, r.stderr).toBe(0);
    const decisions = await readJsonlAll(decisionsFile, PactDecisionSchema);
    const instances = new Map(decisions.map((d) => [d.instance_id, d]));
    expect(instances.size).toBe(12);
    const strata = new Map<string, number>();
    for (const d of instances.values())
      strata.set(
        `${d.source}|${d.receiver_country}|${d.relation}`,
        (strata.get(`${d.source}|${d.receiver_country}|${d.relation}`) ?? 0) + 1,
      );
    // 2 sources × 3 relations, 4 items each in the fixture: 12 drawn = 2 from every stratum.
    expect([...strata.values()]).toEqual([2, 2, 2, 2, 2, 2]);
    expect(decisions).toHaveLength(12 * MODELS.length * 2);
    const summary = JSON.parse(readFileSync(join(dir, 'data/final/eval/pact/summary.json'), 'utf8'));
    expect(summary.sample).toMatchObject({ n: 12, seed: 3, drawn: 12, of: items, minPerCell: 2 });
    // Every configuration × relation × source cell the input has is covered (unexpanded rows: one configuration level).
    expect(summary.sample.coverage.map((c: { cell: string; drawn: number }) => [c.cell, c.drawn]).sort()).toEqual(
      ['close', 'far', 'same']
        .flatMap((r) => ['cultureatlas', 'normad'].map((s) => [`unexpanded · ${r} · ${s}`, 2]))
        .sort(),
    );
    // The readable summary: each model's rate and where the reports are.
    for (const model of MODELS) expect(r.stdout).toMatch(new RegExp(`${model.replace('.', '\\.')}\\s+\\d+\\.\\d% \\[`));
    expect(r.stdout).toContain('data/final/eval/pact/report.html');
  });

  it('the same sample again is up to date; --json prints the run report', async () => {
    const before = sim.stats().requests;
    const r = await normforge('eval', 'pact', '--sample', '12', '--seed', '3', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.stages).toEqual([expect.objectContaining({ stage: 'eval-pact', action: 'skipped' })]);
    expect(sim.stats().requests).toBe(before);
  });

  it('another seed draws another sample of the same size', async () => {
    const first = new Set((await readJsonlAll(decisionsFile, PactDecisionSchema)).map((d) => d.instance_id));
    const r = await normforge('eval', 'pact', '--sample', '12', '--seed', '4');
    expect(r.code, r.stderr).toBe(0);
    const second = new Set((await readJsonlAll(decisionsFile, PactDecisionSchema)).map((d) => d.instance_id));
    expect(second.size).toBe(12);
    expect(second).not.toEqual(first);
  });
});
