import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { startSimServer } from '../../src/llm/sim/server.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { projectWith, statementFixture } from './fixtures.ts';

it('economy mode labels from one six-dimension answer per statement; polarity reuses it without a request', async () => {
  const sim = await startSimServer({ port: 0 });
  const panel = DEFAULT_PANEL.map((m) => ({ ...m, baseURL: `${sim.url}/v1`, rpm: 600_000, tpm: 1e9 }));
  const dir = projectWith(statementFixture(6), { panel, stages: { 'judge-relevance': { mode: 'economy' } } });
  const ws = Workspace.open({ cwd: dir });
  try {
    await runRecipe(ws, recipe, { from: 'translate', to: 'judge-relevance' });
    const afterRelevance = sim.stats().requests;
    await runRecipe(ws, recipe, { from: 'judge-polarity' });
    expect(sim.stats().requests).toBe(afterRelevance);
    const labels = readFileSync(join(dir, 'data/final/sociocultural-statements.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) {
      expect(l.relevant_votes).toBeGreaterThanOrEqual(4);
      expect(l.polarity_votes.length).toBeGreaterThan(0);
      expect(l.prompt_version).not.toContain(';');
    }
  } finally {
    ws.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
