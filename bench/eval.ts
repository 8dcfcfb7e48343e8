import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readJsonlAll, writeJsonl } from '../src/io/jsonl.ts';
import { DIMENSIONS } from '../src/eval/statements-analysis.ts';
import { StatementDecisionSchema, type StatementDecision } from '../src/eval/records.ts';
import { summariseStatements } from '../src/eval/statements-summary.ts';
import { seededUnit } from '../src/pact/seeded.ts';

const MODELS = ['gpt-4.1', 'llama-3-70b-instruct', 'deepseek-r1', 'qwen-2.5-72b'];
const LANGUAGES = ['en', 'zh'];
const RUNS = 5;
const STATEMENTS = 2_500; // 4 models × 2 languages × 5 runs × 2,500 statements = 100,000 answers

/**
 * Re-aggregating an evaluation from 100,000 stored answers: read decisions.jsonl (schema-checked),
 * take the modes, score, build Table 3 with 10,000 bootstrap resamples per cell and Figure 1.
 */
export async function benchEval(): Promise<Array<{ name: string; value: number; unit: string; target: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'nf-bench-eval-'));
  try {
    const labels = Array.from({ length: STATEMENTS }, (_, i) => ({ statement_id: String(i), dimension: DIMENSIONS[i % DIMENSIONS.length], score: [-2, -1, 1, 2][i % 4] }));
    const decisions: StatementDecision[] = [];
    for (const model of MODELS)
      for (const language of LANGUAGES)
        for (const l of labels)
          for (let run = 0; run < RUNS; run++) {
            const u = seededUnit(model, `${language}:${l.statement_id}:${run}`);
            decisions.push({ statement_id: l.statement_id, model, language, run, decision: u < 0.02 ? 'unparseable' : u < 0.5 ? 'agree' : 'disagree', error: null, cache_key: `${model}:${l.statement_id}:${language}:${run}`, prompt_version: 'bench', simulated: true });
          }
    const file = join(dir, 'decisions.jsonl');
    await writeJsonl(file, decisions);
    const start = performance.now();
    const read = await readJsonlAll(file, StatementDecisionSchema);
    summariseStatements(read, labels, { models: MODELS.map((id) => ({ id, model: id })), languages: LANGUAGES, resamples: 10_000, seed: 0, alpha: 0.05, onlyDiffering: false, human: [], humanSource: null });
    const seconds = (performance.now() - start) / 1000;
    return [{ name: 'eval_reaggregate_100k_s', value: Number(seconds.toFixed(2)), unit: 's', target: '<5' }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
