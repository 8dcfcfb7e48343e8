import { UserError } from '../errors.ts';
import type { Recipe } from '../pipeline/recipe.ts';

/** Recipe ids users type, and the modules that define them. */
const RECIPE_MODULES: Record<string, () => Promise<{ default: Recipe }>> = {
  'sociocultural-statements': () => import('./sociocultural-statements.ts'),
  pact: () => import('./pact.ts'),
};

export const RECIPE_NAMES = Object.keys(RECIPE_MODULES);

export async function loadRecipe(name: string): Promise<Recipe> {
  const load = RECIPE_MODULES[name];
  if (!load) throw new UserError(`unknown recipe "${name}" (recipes: ${RECIPE_NAMES.join(', ')})`);
  return (await load()).default;
}

/** One stage of a recipe, for a command that runs it alone (`normforge scrape kialo` runs `scrape-kialo`). */
export async function loadRecipeStage(recipeName: string, stageName: string): Promise<Recipe['stages'][number]> {
  const recipe = await loadRecipe(recipeName);
  const stage = recipe.stages.find((s) => s.name === stageName);
  if (!stage) throw new Error(`recipe "${recipeName}" has no stage "${stageName}"`);
  return stage;
}
