import { z } from 'zod';
import { ConfigurationSchema, DimensionSchema, PactSourceSchema, RelationSchema } from '../schemas/records.ts';
import { DecimalTextSchema } from '../schemas/decimal.ts';

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

export const PactDecisionValueSchema = z.enum(['FOLLOW_CULTURE', 'ALLOW_PREFERENCE', 'UNKNOWN']);
export type PactDecisionValue = z.infer<typeof PactDecisionValueSchema>;

/** The zod-parsed answer to a PACT choice: the letter of the chosen option. */
export const PactAnswerSchema = z.object({ reasoning: z.string(), choice: z.enum(['A', 'B']) });
export type PactAnswer = z.infer<typeof PactAnswerSchema>;

export const SystemPromptConditionSchema = z.enum(['no-balance', 'balance']);
export type SystemPromptCondition = z.infer<typeof SystemPromptConditionSchema>;
export const DemographicConditionSchema = z.enum(['full_demo', 'age_only', 'gender_only', 'no_demo']);
export type DemographicCondition = z.infer<typeof DemographicConditionSchema>;

/** One model answer on a PACT instance; the strata are copied in so analysis needs only this file. */
export const PactDecisionSchema = z.object({
  instance_id: z.string(),
  scenario_id: z.string(),
  model: z.string(),
  condition: z.string().describe('"<system prompt>/<demographic condition>"'),
  system_prompt: SystemPromptConditionSchema,
  demographics: DemographicConditionSchema,
  configuration: ConfigurationSchema.nullable(),
  relation: RelationSchema,
  source: PactSourceSchema,
  actor_country: z.string(),
  receiver_country: z.string(),
  receiver_region: z.string(),
  culture_option: z.enum(['A', 'B']),
  run: z.number().int(),
  decision: PactDecisionValueSchema,
  error: z.string().nullable(),
  cache_key: z.string(),
  prompt_version: z.string(),
  simulated: z.boolean(),
});
export type PactDecision = z.infer<typeof PactDecisionSchema>;

/** Human country scores for Figure 1 (`country,dimension,score`, Hofstede's 0-100 scale). */
export const HumanScoreRowSchema = z.object({
  country: z.string().min(1),
  dimension: DimensionSchema,
  score: DecimalTextSchema.pipe(z.number().min(0).max(120)),
  /** Where the score was published (the file's optional `source` column), cited by the report. */
  source: z.string().optional(),
});
export type HumanScoreRow = z.infer<typeof HumanScoreRowSchema>;

const ChoiceSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toUpperCase().replace(/[\s-]+/g, '_') : v),
  z.enum(['FOLLOW_CULTURE', 'ALLOW_PREFERENCE']),
);

/** One respondent's answers on a PACT scenario (the human study's two questions). */
export const HumanResponseRowSchema = z.object({
  scenario_id: z.string().min(1),
  respondent_country: z.string().min(1),
  personal_choice: ChoiceSchema,
  norm_judgment: ChoiceSchema,
});
export type HumanResponseRow = z.infer<typeof HumanResponseRowSchema>;

export const EVAL_DATASETS = ['sociocultural-statements', 'pact'] as const;
export type EvalDataset = (typeof EVAL_DATASETS)[number];
