import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { planTotals } from '../../src/stages/shared/statement-count.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { projectWith } from './fixtures.ts';
import { callsPerSlot, DIMS, PAPER_STATEMENTS } from './expected-plan.ts';

const STATEMENTS = PAPER_STATEMENTS;

/** The paper's scale; one member without `n` support pays one request per sample. */
async function dryRun(mode: 'faithful' | 'economy') {
  const panel = DEFAULT_PANEL.map((m) => ({ ...m, supportsN: m.id !== 'qwen-2.5-72b' }));
  const assume = { assumeStatements: STATEMENTS };
  // The paper's method: translations are not back-translated (the check's requests are in translation-check.test.ts).
  const translate = { ...assume, backTranslate: false };
  const dir = projectWith([], { panel, stages: { translate, 'judge-relevance': { ...assume, mode } } });
  const ws = Workspace.open({ cwd: dir });
  try {
    const report = await runRecipe(ws, recipe, { from: 'translate', dryRun: true });
    return { report, panel };
  } finally {
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('dry-run plan at the paper scale (776 statements, 4 models, 2 languages, 5 runs)', () => {
  it('faithful: one request per statement x dimension x member x language (x runs without n)', async () => {
    const { report, panel } = await dryRun('faithful');
    const relevance = report.stages.find((s) => s.stage === 'judge-relevance')!;
    expect(report.stages.every((s) => s.action === 'planned')).toBe(true);
    for (const m of panel) {
      const row = relevance.plan!.rows.find((r) => r.model === m.id)!;
      expect(row.requests).toBe(STATEMENTS * DIMS * m.languages.length * callsPerSlot(m));
      expect(row.costUsd).toBeGreaterThan(0);
    }
    const expectedTotal = panel.reduce((n, m) => n + STATEMENTS * DIMS * m.languages.length * callsPerSlot(m), 0);
    expect(planTotals(relevance.plan!).requests).toBe(expectedTotal);
    const notes = relevance.plan!.notes!.join('\n');
    expect(notes).toContain(
      `faithful relevance: ${expectedTotal} requests (0 cached) for ${STATEMENTS * DIMS * 8 * 5} samples`,
    );
    expect(notes).toMatch(/economy \(relevance and polarity[^:]*: \d+ requests/);
    const polarity = report.stages.find((s) => s.stage === 'judge-polarity')!;
    expect(planTotals(polarity.plan!).requests).toBeGreaterThan(0);
  });

  it('economy: one request per statement x member x language, six times fewer; polarity needs none', async () => {
    const { report, panel } = await dryRun('economy');
    const relevance = report.stages.find((s) => s.stage === 'judge-relevance')!;
    for (const m of panel) {
      expect(relevance.plan!.rows.find((r) => r.model === m.id)!.requests).toBe(
        STATEMENTS * m.languages.length * callsPerSlot(m),
      );
    }
    const polarity = report.stages.find((s) => s.stage === 'judge-polarity')!;
    expect(planTotals(polarity.plan!).requests).toBe(0);
    const translate = report.stages.find((s) => s.stage === 'translate')!;
    expect(planTotals(translate.plan!).requests).toBe(STATEMENTS);
  });
});
