/**
 * The dataset ids and release layouts users type, as plain tuples: the dataset registry
 * (src/datasets/registry.ts) builds its zod enums from them, and the CLI's help reads them
 * without loading zod.
 */
export const DATASET_IDS = ['sociocultural-statements', 'pact'] as const;
export const RELEASE_FORMATS = ['normforge', 'pact-hf'] as const;
