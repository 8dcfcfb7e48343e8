import { z } from 'zod';

/**
 * The datasets normforge builds, and the files the rest of the house reads instead of a stage
 * module: each dataset's final records (what its last stage writes), its evaluation folder and the
 * release formats its builders in src/release offer. Stages declare their outputs from here, so a
 * path is written once.
 */
export const DatasetIdSchema = z.enum(['sociocultural-statements', 'pact']);
export type DatasetId = z.infer<typeof DatasetIdSchema>;
export const DATASET_IDS = DatasetIdSchema.options;

export const ReleaseFormatSchema = z.enum(['normforge', 'pact-hf']);
export type ReleaseFormat = z.infer<typeof ReleaseFormatSchema>;

export interface FinalFiles {
  jsonl: string;
  parquet: string;
  /** Counts and distributions the assembling stage writes beside the records, when it does. */
  summary?: string;
}

export interface DatasetEntry {
  final: FinalFiles;
  /** Where `eval-<dataset>` writes decisions, summary and reports. */
  evalDir: string;
  /** Release layouts a builder in src/release writes for this dataset (the first is the default). */
  releaseFormats: readonly ReleaseFormat[];
}

export const DATASETS = {
  'sociocultural-statements': {
    final: {
      jsonl: 'data/final/sociocultural-statements.jsonl',
      parquet: 'data/final/sociocultural-statements.parquet',
      summary: 'data/final/sociocultural-statements.summary.json',
    },
    evalDir: 'data/final/eval/sociocultural-statements',
    releaseFormats: ['normforge'],
  },
  pact: {
    final: { jsonl: 'data/final/pact.jsonl', parquet: 'data/final/pact.parquet' },
    evalDir: 'data/final/eval/pact',
    releaseFormats: ['normforge', 'pact-hf'],
  },
} as const satisfies Record<DatasetId, DatasetEntry>;

/**
 * The raw Kialo records: what `scrape-kialo` (and `normforge scrape kialo`) writes, and the
 * statements `normforge import kialo-export` adds, which `filter-votes` reads when present.
 */
export const KIALO_RAW = {
  statements: 'data/raw/kialo/statements.jsonl',
  scrapeSummary: 'data/raw/kialo/scrape-summary.json',
  imported: 'data/raw/kialo/imported.jsonl',
} as const;
