import type { DatasetId } from '../datasets/registry.ts';
import type { Recipe } from '../pipeline/recipe.ts';
import type { Stage } from '../stages/contract.ts';
import { evalPactStage } from '../stages/eval-pact.ts';
import { evalStatementsStage } from '../stages/eval-statements.ts';
import { loadRecipe } from './index.ts';

/** Each dataset's evaluation stage (`eval-<dataset>`), run by `normforge eval` and the demo. */
export const EVAL_STAGES: Record<DatasetId, Stage> = {
  'sociocultural-statements': evalStatementsStage,
  pact: evalPactStage,
};

/**
 * The dataset's recipe with its evaluation appended: the chain check sees where the evaluated files
 * come from, and a rebuilt dataset makes the evaluation stale.
 */
export async function loadEvalRecipe(dataset: DatasetId): Promise<{ recipe: Recipe; stage: Stage }> {
  const stage = EVAL_STAGES[dataset];
  const recipe = await loadRecipe(dataset);
  return { recipe: { ...recipe, stages: [...recipe.stages.filter((s) => s.name !== stage.name), stage] }, stage };
}
