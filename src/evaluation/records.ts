import { z } from 'zod';
import { DimensionCodeSchema } from '../schemas/framework.ts';
import { DecimalTextSchema } from '../schemas/decimal.ts';
import { DATASET_IDS, type DatasetId } from '../datasets/registry.ts';

export * from './pact-records.ts';

/** What a model answered about a statement in one run; `unparseable` is recorded, never guessed. */
export const StatementDecisionValueSchema = z.enum(['agree', 'disagree', 'unparseable']);
export type StatementDecisionValue = z.infer<typeof StatementDecisionValueSchema>;

/** The zod-parsed final answer of the arguments-first agree/disagree prompt. */
export const AgreeAnswerSchema = z.object({
  arguments_for: z.string(),
  arguments_against: z.string(),
  answer: z.enum(['agree', 'disagree']),
});
export type AgreeAnswer = z.infer<typeof AgreeAnswerSchema>;

export const StatementDecisionSchema = z.object({
  statement_id: z.string(),
  model: z.string().describe('evaluated member id'),
  language: z.string(),
  run: z.number().int().describe('sample index'),
  decision: StatementDecisionValueSchema,
  error: z.string().nullable().describe('why the answer is unparseable'),
  cache_key: z.string().describe('cache key of the raw answer'),
  prompt_version: z.string(),
  simulated: z.boolean(),
});
export type StatementDecision = z.infer<typeof StatementDecisionSchema>;

/**
 * Human country scores for Figure 1 (`country,dimension,score`, on a 0-100 scale such as
 * Hofstede's); `dimension` is a code of the value framework in force.
 */
export const HumanScoreRowSchema = z.object({
  country: z.string().min(1),
  dimension: DimensionCodeSchema,
  score: DecimalTextSchema.pipe(z.number().min(0).max(120)),
  /** Where the score was published (the file's optional `source` column), cited by the report. */
  source: z.string().optional(),
});
export type HumanScoreRow = z.infer<typeof HumanScoreRowSchema>;

/** Every dataset of the registry has an evaluation. */
export const EVAL_DATASETS = DATASET_IDS;
export type EvalDataset = DatasetId;
