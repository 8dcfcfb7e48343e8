import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecipe, type RunReport } from '../../src/pipeline/runner.ts';
import { marginalPlan, reportTotals, type MarginalPlan } from '../../src/pipeline/marginal.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { planTotals } from '../../src/llm/plan.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { projectWith } from './fixtures.ts';

const BIN = resolve(import.meta.dirname, '../../bin/normforge.js');
const STATEMENTS = 40;
const STAGES = { translate: { assumeStatements: STATEMENTS }, 'judge-relevance': { assumeStatements: STATEMENTS } };
/** Members with different languages: qwen speaks only Chinese, llama only English; gpt-4.1 (first) translates. */
const LANGUAGES: Record<string, string[]> = {
  'gpt-4.1': ['en', 'zh'],
  'llama-3-70b-instruct': ['en'],
  'deepseek-r1': ['en', 'zh'],
  'qwen-2.5-72b': ['zh'],
};
const PANEL = DEFAULT_PANEL.map((m) => ({ ...m, languages: LANGUAGES[m.id] }));

async function dryRun(dir: string): Promise<{ ws: Workspace; report: RunReport }> {
  const ws = Workspace.open({ cwd: dir });
  return { ws, report: await runRecipe(ws, recipe, { dryRun: true }) };
}

/** Requests, tokens and cost of one member's rows over the planned stages. */
function memberRows(report: RunReport, id: string) {
  return planTotals({ rows: report.stages.flatMap((s) => s.plan?.rows ?? []).filter((r) => r.model === id) });
}

describe('run --dry-run: what each panel language and member adds to the plan', () => {
  const dirs: string[] = [];
  let base: RunReport;
  let marginal: MarginalPlan;
  let rowCount: number;

  beforeAll(async () => {
    const dir = projectWith([], { panel: PANEL, stages: STAGES });
    dirs.push(dir);
    const { ws, report } = await dryRun(dir);
    try {
      base = report;
      marginal = await marginalPlan(ws, recipe, { dryRun: true }, report);
    } finally {
      ws.close();
    }
    rowCount = base.stages.flatMap((s) => s.plan?.rows ?? []).length;
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('languages add up to the plan: every request of this recipe is asked in, or translated into, one language', () => {
    expect(marginal.total).toEqual(reportTotals(base));
    expect(marginal.total.requests).toBeGreaterThan(0);
    expect(marginal.languages.map((l) => l.name).sort()).toEqual(['en', 'zh']);
    const sum = (key: 'requests' | 'inputTokens' | 'outputTokens' | 'costUsd') =>
      marginal.languages.reduce((n, l) => n + l.cost![key], 0);
    expect(sum('requests')).toBe(marginal.total.requests);
    expect(sum('costUsd')).toBeCloseTo(marginal.total.costUsd, 9);
    // Token estimates are rounded per plan row when scaled to the statement count.
    expect(Math.abs(sum('inputTokens') - marginal.total.inputTokens)).toBeLessThanOrEqual(rowCount);
    expect(Math.abs(sum('outputTokens') - marginal.total.outputTokens)).toBeLessThanOrEqual(rowCount);
    const zh = marginal.languages.find((l) => l.name === 'zh')!;
    expect(zh.note).toBe('also drops qwen-2.5-72b (speaks only zh)');
  });

  it("a member that only judges costs exactly its own rows; the translator's translations pass to the next member", () => {
    for (const id of ['llama-3-70b-instruct', 'deepseek-r1', 'qwen-2.5-72b']) {
      const m = marginal.members.find((x) => x.name === id)!;
      const own = memberRows(base, id);
      expect(m.cost!.requests, id).toBe(own.requests);
      expect(m.cost!.inputTokens, id).toBe(own.inputTokens);
      expect(m.cost!.costUsd, id).toBeCloseTo(own.costUsd, 9);
      expect(m.note, id).toBeUndefined();
    }
    const translations = memberRows(
      { ...base, stages: base.stages.filter((s) => s.stage === 'translate') },
      'gpt-4.1',
    ).requests;
    // Forward and back: one of each per statement into zh.
    expect(translations).toBe(2 * STATEMENTS);
    const gpt = marginal.members.find((x) => x.name === 'gpt-4.1')!;
    expect(gpt.cost!.requests).toBe(memberRows(base, 'gpt-4.1').requests - translations);
    expect(gpt.note).toBe(`without it: llama-3-70b-instruct +${translations} requests`);
  });

  it('removing a language from the config reduces the plan by exactly the figure the CLI prints for it', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'run', recipe.name, '--dry-run'], {
      cwd: dirs[0],
      timeout: 60_000,
    });
    const line = stdout.split('\n').find((l) => /^\s+language zh\s/.test(l))!;
    const [, requests, input, output, cost] = /(\d+) requests · ~(\d+) in \/ ~(\d+) out tokens · ~\$(\d+\.\d\d)/.exec(
      line,
    )!;

    // The same project, its config written without Chinese (qwen, which speaks only Chinese, goes with it).
    const panel = PANEL.map((m) => ({ ...m, languages: m.languages.filter((l) => l !== 'zh') })).filter(
      (m) => m.languages.length,
    );
    const dir = projectWith([], { panel, stages: STAGES });
    dirs.push(dir);
    const { ws, report } = await dryRun(dir);
    ws.close();
    const before = reportTotals(base);
    const after = reportTotals(report);
    expect(before.requests - after.requests).toBe(Number(requests));
    expect(before.inputTokens - after.inputTokens).toBe(Number(input));
    expect(before.outputTokens - after.outputTokens).toBe(Number(output));
    expect((before.costUsd - after.costUsd).toFixed(2)).toBe(cost);
    expect(Number(requests)).toBeGreaterThan(0);
    expect(stdout).toContain(`of ${before.requests} requests`);
  });
});
