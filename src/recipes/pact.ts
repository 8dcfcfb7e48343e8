import type { Stage } from '../stages/contract.ts';
import type { Recipe } from '../pipeline/recipe.ts';
import { ingestNormad } from '../stages/ingest-normad.ts';
import { ingestCultureAtlas } from '../stages/ingest-cultureatlas.ts';
import { filterUsable } from '../stages/filter-usable.ts';
import { generatePreferences } from '../stages/generate-preferences.ts';
import { validateItems } from '../stages/validate-items.ts';
import { expandDyads } from '../stages/expand-dyads.ts';

/** PACT (Borah, Augenstein and Mihalcea): NormAd-ETI and CultureAtlas to culture-vs-preference instances. */
export const pactRecipe: Recipe = {
  name: 'pact',
  description:
    'NormAd-ETI + CultureAtlas → usable filter → preference generation → validation → 48 dyads per item (data/final/pact.{jsonl,parquet})',
  stages: [ingestNormad, ingestCultureAtlas, filterUsable, generatePreferences, validateItems, expandDyads],
};

/** A stage of the PACT recipe by name, for readers of its runs and params (the release card). */
export function pactStage(name: string): Stage {
  const stage = pactRecipe.stages.find((s) => s.name === name);
  if (!stage) throw new Error(`the pact recipe has no stage "${name}"`);
  return stage;
}

export default pactRecipe;
