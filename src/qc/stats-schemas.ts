import { z } from 'zod';

/** The shape of `stats.json` written by `qc stats`, read back by the dataset card. */

const Ci95Schema = z.tuple([z.number(), z.number()]).nullable();

const PerAgreementStatistic = <T extends z.ZodType>(t: T) => z.object({ observed: t, pabak: t, gwet_ac1: t });

export const AgreementRowSchema = z.object({
  items_rated_twice: z.number().int(),
  observed: z.number().nullable(),
  pabak: z.number().nullable(),
  gwet_ac1: z.number().nullable(),
  ci95: PerAgreementStatistic(Ci95Schema),
  /** Why a value, or else its interval, is null: one entry for every null (absent in stats written before it existed). */
  reasons: PerAgreementStatistic(z.string().optional()).optional(),
  /** The bootstrap behind ci95: resamples drawn, and per statistic those on which it was defined. */
  bootstrap: z
    .object({ replicates: z.number().int(), seed: z.number().int(), used: PerAgreementStatistic(z.number().int()) })
    .optional(),
});
export type AgreementRow = z.infer<typeof AgreementRowSchema>;

export const ConfusionSchema = z.object({
  judgment: z.string(),
  human_labels: z.array(z.string()),
  llm_labels: z.array(z.string()),
  /** counts[h][l]: human ratings with label human_labels[h] on items the LLM labelled llm_labels[l]. */
  counts: z.array(z.array(z.number().int())),
});
export type Confusion = z.infer<typeof ConfusionSchema>;

export const CoverageSchema = z.object({
  annotators: z.number().int(),
  items: z.number().int(),
  expected_ratings: z.number().int(),
  imported_ratings: z.number().int(),
  missing_ratings: z.number().int(),
});
export type Coverage = z.infer<typeof CoverageSchema>;

export const PactCriterionSchema = z.object({
  criterion: z.string(),
  ratings: z.number().int(),
  pass_rate: z.number().nullable(),
  llm_pass_rate: z.number().nullable(),
  agreement: AgreementRowSchema,
});
export type PactCriterion = z.infer<typeof PactCriterionSchema>;

/** Set when any imported sheet was filled by the demo's simulated annotator: the "human" figures are not human. */
const RoundSchema = z.object({
  round: z.string(),
  simulated_ratings: z.boolean(),
  simulated_annotators: z.array(z.string()),
  coverage: CoverageSchema,
  confusion: z.array(ConfusionSchema),
});

export const PactQcStatsSchema = RoundSchema.extend({
  dataset: z.literal('pact'),
  criteria: z.array(PactCriterionSchema),
  /** All criteria pooled, each (item, criterion) one unit — the single figure PACT reports. */
  overall: AgreementRowSchema,
});
export type PactQcStats = z.infer<typeof PactQcStatsSchema>;

export const DimensionRowSchema = z.object({
  dimension: z.string(),
  pairs: z.number().int(),
  human_ratings: z.number().int(),
  relevance_precision: z.number().nullable(),
  pairwise_mae: z.number().nullable(),
  human_vs_llm_mae: z.number().nullable(),
});
export type DimensionRow = z.infer<typeof DimensionRowSchema>;

export const StatementsQcStatsSchema = RoundSchema.extend({
  dataset: z.literal('sociocultural-statements'),
  statements: z.number().int(),
  /** Share of LLM-relevant pairs that humans call relevant. */
  relevance_precision: z.number().nullable(),
  relevance_agreement: AgreementRowSchema,
  score_alpha_ordinal: z.number().nullable(),
  /** Why score_alpha_ordinal is null (absent when it is a number, and in stats written before it existed). */
  score_alpha_reason: z.string().optional(),
  pairwise_mae: z.number().nullable(),
  human_vs_llm_mae: z.number().nullable(),
  dimensions: z.array(DimensionRowSchema),
});
export type StatementsQcStats = z.infer<typeof StatementsQcStatsSchema>;

export const QcStatsSchema = z.discriminatedUnion('dataset', [PactQcStatsSchema, StatementsQcStatsSchema]);
export type QcStats = z.infer<typeof QcStatsSchema>;
