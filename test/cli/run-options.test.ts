import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const REPO = resolve(import.meta.dirname, '../..');

function cli(cwd: string, ...args: string[]) {
  return runCli(args, { cwd });
}

describe('run --max-cost', () => {
  it('stops before the budget is passed, records budget-exceeded, and the rerun pays only for the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-budget-'));
    writeFileSync(
      join(dir, 'normforge.config.json'),
      JSON.stringify({ sources: { normad: join(REPO, 'examples/pact/normad_sample.csv') } }),
    );

    const capped = await cli(dir, 'run', 'pact', '--max-cost', '0.02');
    expect(capped.code).toBe(1);
    expect(capped.stderr).toMatch(/budget reached: generate-preferences: stopped before passing the budget of \$0\.02/);

    const status = JSON.parse((await cli(dir, 'status', 'pact', '--json')).stdout).pact as Array<{
      stage: string;
      lastRun?: { status: string };
    }>;
    expect(status.find((s) => s.stage === 'generate-preferences')?.lastRun?.status).toBe('budget-exceeded');

    const rerun = await cli(dir, 'run', 'pact', '--json');
    expect(rerun.code).toBe(0);
    const report = JSON.parse(rerun.stdout) as {
      stages: Array<{ stage: string; summary?: { llm?: Record<string, number> } }>;
    };
    const llm = report.stages.find((s) => s.stage === 'generate-preferences')?.summary?.llm;
    expect(llm?.cached).toBeGreaterThan(0);
    expect(llm?.new).toBeGreaterThan(0);
    expect(llm?.failed).toBe(0);
  });
});

describe('run --configurations', () => {
  it('writes one PACT instance per configuration C1–C3 (three times the instances)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-configs-'));
    writeFileSync(
      join(dir, 'normforge.config.json'),
      JSON.stringify({ sources: { normad: join(REPO, 'examples/pact/normad_sample.csv') } }),
    );
    const plain = await cli(dir, 'run', 'pact', '--json');
    expect(plain.code, plain.stderr).toBe(0);
    const count = (r: Awaited<ReturnType<typeof cli>>) =>
      (JSON.parse(r.stdout) as { stages: Array<{ stage: string; counts?: Record<string, number> }> }).stages.find(
        (s) => s.stage === 'expand-dyads',
      )?.counts?.instances;
    const expanded = await cli(dir, 'run', 'pact', '--configurations', '--json');
    expect(expanded.code, expanded.stderr).toBe(0);
    expect(count(expanded)).toBe(3 * (count(plain) ?? 0));
    expect(count(plain)).toBeGreaterThan(0);
  });
});
