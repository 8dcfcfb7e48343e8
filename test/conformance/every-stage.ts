import { readFileSync, writeFileSync } from 'node:fs';
import { EVAL_STAGES } from '../../src/recipes/evaluation.ts';
import type { EvalDataset } from '../../src/evaluation/records.ts';
import { runRecipe, type RunReport } from '../../src/pipeline/runner.ts';
import { RunLog } from '../../src/pipeline/runs.ts';
import type { Recipe } from '../../src/pipeline/recipe.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';
import { pactRecipe } from '../../src/recipes/pact.ts';
import statementsRecipe from '../../src/recipes/sociocultural-statements.ts';

export interface Capabilities {
  structured: string;
  maxN: number;
  reasoning: boolean | null;
  source: { structured: string; n: string };
}

/** What one LLM stage's run recorded: its `llm` counters and the capabilities in its provenance. */
export interface StageOutcome {
  stage: string;
  /** The runner's word for it: `ran` when it completed without failures. */
  action: string;
  llm: Record<string, number>;
  counts: Record<string, number>;
  capabilities: Record<string, Capabilities> | undefined;
}

/** Every LLM stage, as the suite names them (judge-relevance once per mode). */
export const LLM_STAGES = [
  'translate',
  'judge-relevance (faithful)',
  'judge-polarity',
  'judge-relevance (economy)',
  'filter-usable',
  'generate-preferences',
  'validate-items',
  'eval-statements',
  'eval-pact',
] as const;
export type LlmStage = (typeof LLM_STAGES)[number];

const NAMES: Record<LlmStage, string> = {
  translate: 'translate',
  'judge-relevance (faithful)': 'judge-relevance',
  'judge-polarity': 'judge-polarity',
  'judge-relevance (economy)': 'judge-relevance',
  'filter-usable': 'filter-usable',
  'generate-preferences': 'generate-preferences',
  'validate-items': 'validate-items',
  'eval-statements': 'eval-statements',
  'eval-pact': 'eval-pact',
};

/** The dataset's recipe with its evaluation appended (as `normforge eval` runs it, without the report's screenshot). */
function withEvaluation(recipe: Recipe, dataset: EvalDataset): Recipe {
  return { ...recipe, stages: [...recipe.stages, EVAL_STAGES[dataset]] };
}

function outcomes(ws: Workspace, report: RunReport, labels: readonly LlmStage[]): Array<[LlmStage, StageOutcome]> {
  const runs = new RunLog(ws.store);
  return labels.map((label) => {
    const stage = NAMES[label];
    const reported = report.stages.find((s) => s.stage === stage);
    const run = runs.last(stage);
    return [
      label,
      {
        stage,
        action: reported?.action ?? 'not run',
        llm: (reported?.summary?.llm ?? {}) as Record<string, number>,
        counts: run?.counts ?? {},
        capabilities: run?.provenance.capabilities as Record<string, Capabilities> | undefined,
      },
    ];
  });
}

/** Pairs judge-polarity asks about, whatever the tiny model said of their relevance (its words are nonsense). */
const POLARITY_PAIRS = 2;

/**
 * Marks the first pairs of the relevance output relevant and the rest not, so judge-polarity always
 * has exactly POLARITY_PAIRS questions to ask (the model, left alone, may judge none relevant).
 */
function markRelevant(ws: Workspace): void {
  const file = ws.path('data/interim/relevance.jsonl');
  const records = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line, i) => ({ ...(JSON.parse(line) as Record<string, unknown>), relevant: i < POLARITY_PAIRS }));
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

/**
 * Runs every LLM stage of both recipes and both evaluations on the project's tiny input, in the
 * order a user would: the statements recipe (faithful relevance, then polarity on pairs marked
 * relevant), judge-relevance again in economy mode, the PACT recipe, then the two evaluations.
 */
export async function runEveryStage(ws: Workspace): Promise<Map<LlmStage, StageOutcome>> {
  const found = new Map<LlmStage, StageOutcome>();
  const collect = (w: Workspace, report: RunReport, labels: readonly LlmStage[]) => {
    for (const [label, outcome] of outcomes(w, report, labels)) found.set(label, outcome);
  };
  const statements = await runRecipe(ws, statementsRecipe, { from: 'translate', to: 'judge-relevance' });
  collect(ws, statements, ['translate', 'judge-relevance (faithful)']);
  markRelevant(ws);
  collect(ws, await runRecipe(ws, statementsRecipe, { only: 'judge-polarity' }), ['judge-polarity']);
  const economyWs = ws.withStageParams('judge-relevance', { mode: 'economy' });
  const economy = await runRecipe(economyWs, statementsRecipe, { only: 'judge-relevance' });
  collect(economyWs, economy, ['judge-relevance (economy)']);
  const pact = await runRecipe(ws, pactRecipe);
  collect(ws, pact, ['filter-usable', 'generate-preferences', 'validate-items']);
  const evalStatements = withEvaluation(statementsRecipe, 'sociocultural-statements');
  collect(ws, await runRecipe(ws, evalStatements, { only: 'eval-statements' }), ['eval-statements']);
  collect(ws, await runRecipe(ws, withEvaluation(pactRecipe, 'pact'), { only: 'eval-pact' }), ['eval-pact']);
  return found;
}
