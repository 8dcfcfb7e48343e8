import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonl } from '../src/io/jsonl.ts';
import { runRecipe } from '../src/pipeline/runner.ts';
import { defineStage } from '../src/stages/contract.ts';
import type { Recipe } from '../src/pipeline/recipe.ts';
import { Workspace } from '../src/workspace/workspace.ts';
import { createLogger } from '../src/log/logger.ts';
import type { Figure } from './run.ts';

const RECORDS = 400_000;

/** A chain of five stages over a ~40 MB file, so an unchanged check that rehashed would show. */
function chain(): Recipe {
  const stages = Array.from({ length: 5 }, (_, i) =>
    defineStage({
      name: `copy-${i}`,
      description: 'copy',
      version: 1,
      inputs: i === 0 ? [] : [`data/interim/s${i - 1}.jsonl`],
      outputs: [`data/interim/s${i}.jsonl`],
      params: z.object({}),
      run: async (ctx) => {
        await writeJsonl(
          ctx.output(`data/interim/s${i}.jsonl`),
          (function* () {
            for (let n = 0; n < RECORDS; n++) yield { n, text: 'a statement about power distance and individualism' };
          })(),
        );
        return {};
      },
    }),
  );
  return { name: 'bench-chain', description: '', stages };
}

/** A no-op rerun of a finished pipeline: time, and how many stages did work (target 0). */
export async function benchNoop(): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'nf-bench-noop-'));
  writeFileSync(join(root, 'normforge.config.json'), '{}');
  const ws = Workspace.open({ cwd: root, log: createLogger({ level: 'warn' }) });
  const recipe = chain();
  const t0 = performance.now();
  await runRecipe(ws, recipe);
  const fullMs = performance.now() - t0;
  const t1 = performance.now();
  const report = await runRecipe(ws, recipe);
  const noopMs = performance.now() - t1;
  ws.close();
  return [
    { name: 'noop_rerun_ms', value: noopMs, unit: 'ms', target: '<1000' },
    {
      name: 'noop_stages_run',
      value: report.stages.filter((s) => s.action !== 'skipped').length,
      unit: 'count',
      target: '==0',
    },
    { name: 'noop_vs_full_run_ratio', value: noopMs / fullMs, unit: 'ratio', target: '<0.05' },
  ];
}

/** The bundled sample built end to end, then built again: the second build must do no stage work. */
export async function benchNoopDemo(): Promise<Figure[]> {
  const { buildDemo } = await import('../src/demo/build.ts');
  const root = mkdtempSync(join(tmpdir(), 'nf-bench-demo-'));
  const log = createLogger({ level: 'error' });
  const signal = new AbortController().signal;
  const t0 = performance.now();
  await buildDemo(root, log, signal);
  const fullMs = performance.now() - t0;
  const t1 = performance.now();
  const again = await buildDemo(root, log, signal);
  const noopMs = performance.now() - t1;
  const stagesRun = [...again.runs, ...again.evaluations]
    .flatMap((r) => r.stages)
    .filter((s) => s.action !== 'skipped').length;
  return [
    { name: 'demo_rebuild_noop_s', value: noopMs / 1000, unit: 's', target: '<5' },
    { name: 'demo_rebuild_stages_run', value: stagesRun, unit: 'count', target: '==0' },
    { name: 'demo_rebuild_vs_first_build_ratio', value: noopMs / fullMs, unit: 'ratio', target: '<0.2' },
  ];
}
