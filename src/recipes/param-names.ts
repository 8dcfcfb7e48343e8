import { closest } from 'fastest-levenshtein';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import type { Config } from '../schemas/config.ts';
import type { Stage } from '../stages/contract.ts';
import type { Recipe } from '../pipeline/recipe.ts';
import { evalPactStage } from '../stages/eval-pact.ts';
import { evalStatementsStage } from '../stages/eval-statements.ts';
import { loadRecipe, RECIPE_NAMES } from './index.ts';

/**
 * Stage names and stage params a user types (`stages.<stage>.<param>` in the config, `--param
 * stage.key=value`) are checked against the stages that exist: a typo is an error naming the key
 * and the closest valid one, never a setting silently ignored.
 */
export async function allStages(): Promise<Stage[]> {
  const recipes = await Promise.all(RECIPE_NAMES.map((name) => loadRecipe(name)));
  const byName = new Map<string, Stage>();
  for (const stage of [...recipes.flatMap((r) => r.stages), evalStatementsStage, evalPactStage])
    byName.set(stage.name, stage);
  return [...byName.values()];
}

function paramKeys(stage: Stage): string[] {
  return stage.params instanceof z.ZodObject ? Object.keys(stage.params.shape) : [];
}

function suggestion(key: string, valid: string[]): string {
  return valid.length ? `; did you mean "${closest(key, valid)}"? (valid: ${valid.join(', ')})` : '';
}

/** Every `<stage>.<param>` names a stage and one of its params; all typos are reported at once. */
export function checkStageParams(
  stages: readonly Stage[],
  overrides: Record<string, Record<string, unknown>>,
  where: (stage: string, key?: string) => string,
): void {
  const names = stages.map((s) => s.name);
  const problems: string[] = [];
  for (const [name, params] of Object.entries(overrides)) {
    const stage = stages.find((s) => s.name === name);
    if (!stage) {
      problems.push(`${where(name)}: unknown stage "${name}"${suggestion(name, names)}`);
      continue;
    }
    const keys = paramKeys(stage);
    for (const key of Object.keys(params)) {
      if (!keys.includes(key))
        problems.push(`${where(name, key)}: stage "${name}" has no param "${key}"${suggestion(key, keys)}`);
    }
  }
  if (problems.length === 1) throw new UserError(problems[0]);
  if (problems.length)
    throw new UserError(`unknown stage names or params:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** `--param` names against the recipe's stages (and the evaluation stages). */
export function checkParamNames(recipe: Recipe, params: Record<string, Record<string, unknown>>): void {
  const stages = [...recipe.stages, evalStatementsStage, evalPactStage];
  checkStageParams(stages, params, (stage, key) => `--param ${stage}${key ? `.${key}` : ''}`);
}

/** The config's `stages` section against every stage normforge has. */
export async function checkConfigStages(config: Config, file: string | undefined): Promise<void> {
  if (!Object.keys(config.stages).length) return;
  try {
    checkStageParams(await allStages(), config.stages, (stage, key) => `stages.${stage}${key ? `.${key}` : ''}`);
  } catch (err) {
    if (err instanceof UserError && file) throw new UserError(err.message, { file });
    throw err;
  }
}
