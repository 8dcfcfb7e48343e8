import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { InterruptedError } from '../../src/errors.ts';
import { readJsonlAll, writeJsonl } from '../../src/io/jsonl.ts';
import { defineStage } from '../../src/stages/contract.ts';
import type { Recipe } from '../../src/pipeline/recipe.ts';

/** Three toy stages a → b → c, for runner tests; b can be made slow or failing through params. */
export const stageA = defineStage({
  name: 'toy-a',
  description: 'numbers 1..count',
  version: 1,
  inputs: [],
  outputs: ['data/interim/a.jsonl'],
  params: z.object({ count: z.number().int().default(5) }),
  async run(ctx) {
    const n = await writeJsonl(
      ctx.output('data/interim/a.jsonl'),
      Array.from({ length: ctx.params.count }, (_, i) => ({ n: i + 1 })),
    );
    return { counts: { written: n } };
  },
});

export const stageB = defineStage({
  name: 'toy-b',
  description: 'numbers times factor',
  version: 1,
  inputs: ['data/interim/a.jsonl'],
  outputs: ['data/interim/b.jsonl'],
  params: z.object({
    factor: z.number().default(2),
    fail: z.boolean().default(false),
    slowMs: z.number().default(0),
    concurrency: z.number().default(1),
  }),
  cosmeticParams: ['concurrency'],
  async run(ctx) {
    const rows = await readJsonlAll(ctx.input('data/interim/a.jsonl'));
    const out = ctx.output('data/interim/b.jsonl');
    writeFileSync(out, '{"partial":'); // a half-written output, as a crash would leave it
    for (let i = 0; i < ctx.params.slowMs / 50; i++) {
      if (ctx.signal.aborted) throw new InterruptedError();
      await sleep(50);
    }
    if (ctx.params.fail) throw new Error('toy-b failed on purpose');
    await writeJsonl(
      out,
      (rows as { n: number }[]).map((r) => ({ n: r.n * ctx.params.factor })),
    );
    return { counts: { written: rows.length } };
  },
});

export const stageC = defineStage({
  name: 'toy-c',
  description: 'sum',
  version: 1,
  inputs: ['data/interim/b.jsonl'],
  outputs: ['data/final/c.json'],
  params: z.object({}),
  async run(ctx) {
    const rows = (await readJsonlAll(ctx.input('data/interim/b.jsonl'))) as { n: number }[];
    writeFileSync(ctx.output('data/final/c.json'), JSON.stringify({ sum: rows.reduce((a, r) => a + r.n, 0) }));
    return {};
  },
});

export const toyRecipe: Recipe = { name: 'toy', description: 'toy pipeline', stages: [stageA, stageB, stageC] };

export function readSum(root: string): number {
  return JSON.parse(readFileSync(`${root}/data/final/c.json`, 'utf8')).sum;
}
