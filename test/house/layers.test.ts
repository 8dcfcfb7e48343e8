import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Cruises `dirs` under `baseDir` with the project's rules (.dependency-cruiser.cjs); returns "from -> to (rule)" lines. */
async function violations(baseDir: string, dirs: string[], tsConfigFile?: string): Promise<string[]> {
  const options: ICruiseOptions = {
    ...(await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'))),
    baseDir,
  };
  const transpile = tsConfigFile ? { tsConfig: extractTSConfig(tsConfigFile) } : undefined;
  const { output } = await cruise(dirs, options, undefined, transpile);
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => {
    const cycle = v.cycle ? ` via ${v.cycle.map((c) => c.name).join(' -> ')}` : '';
    return `${v.from} -> ${v.to} (${v.rule.name}${cycle})`;
  });
}

describe('layers (README "Architecture", .dependency-cruiser.cjs)', () => {
  it('src/ has no import that points up a layer, reaches into a stage from a consumer, or closes a cycle', async () => {
    const found = await violations(ROOT, ['src'], join(ROOT, 'tsconfig.json'));
    expect(found, `layer violations:\n${found.join('\n')}`).toEqual([]);
  });

  describe('the rules bite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'normforge-layers-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const files: Record<string, string> = {
      // Allowed: down the layers, the Stage contract seen by a consumer, type imports inside a layer.
      'src/cli/main.ts': "import { run } from '../pipeline/runner.ts';\nexport const main = run;\n",
      'src/pipeline/runner.ts':
        "import type { Stage } from '../stages/contract.ts';\nexport const run = (s?: Stage) => s;\n",
      'src/stages/contract.ts': "import type { Plan } from '../llm/plan.ts';\nexport type Stage = { plan?: Plan };\n",
      'src/stages/judge.ts': "import { ask } from '../llm/panel.ts';\nexport const judge = ask;\n",
      'src/eval/report.ts':
        "import type { Stage } from '../stages/contract.ts';\nimport { judge } from '../stages/judge.ts';\n" +
        'export const report = (s: Stage) => [s, judge];\n',
      // A type-only cycle inside the domain (reported once): counted, since the rules see type imports too.
      'src/llm/panel.ts': "import type { Plan } from './plan.ts';\nexport const ask = (p?: Plan) => p;\n",
      'src/llm/plan.ts': "import type { ask } from './panel.ts';\nexport type Plan = typeof ask;\n",
      'src/stats/mean.ts': "import { run } from '../pipeline/runner.ts';\nexport const mean = run;\n",
      'src/schemas/record.ts': "import { mean } from '../stats/mean.ts';\nexport const record = mean;\n",
      'src/loose.ts': "import { mean } from './stats/mean.ts';\nexport const loose = mean;\n",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }

    it('reports exactly the forbidden edges of a small tree, and none of the allowed ones', async () => {
      const found = await violations(dir, ['src']);
      expect(found.sort()).toEqual(
        [
          'src/eval/report.ts -> src/stages/judge.ts (consumer-imports-stage)',
          'src/llm/panel.ts -> src/llm/plan.ts (no-circular via src/llm/plan.ts -> src/llm/panel.ts)',
          'src/loose.ts -> src/stats/mean.ts (module-outside-layers)',
          'src/schemas/record.ts -> src/stats/mean.ts (schemas-import-ours)',
          'src/stats/mean.ts -> src/pipeline/runner.ts (base-imports-up)',
        ].sort(),
      );
    });
  });
});
