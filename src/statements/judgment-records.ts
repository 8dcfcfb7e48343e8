import { z } from 'zod';
import { PanelVoteSchema } from '../schemas/records.ts';
import { DimensionCodeSchema } from '../schemas/framework.ts';
import { PromptReviewByLanguageSchema } from '../schemas/prompts.ts';

/** How the value-framework questions are asked (see the `mode` param of judge-relevance). */
export const JudgeModeSchema = z.enum(['faithful', 'economy']);
export type JudgeMode = z.infer<typeof JudgeModeSchema>;

/** One (statement, dimension) pair after `judge-relevance` (data/interim/relevance.jsonl). */
export const RelevanceRecordSchema = z.object({
  statement_id: z.string(),
  dimension: DimensionCodeSchema,
  mode: JudgeModeSchema,
  relevant_votes: z.number().int().describe('member votes (mode of runs) saying relevant'),
  relevant_total: z.number().int().describe('member votes cast (members whose runs all failed cast none)'),
  threshold: z.number().int().describe('yes-votes needed'),
  relevant: z.boolean(),
  votes: z.array(PanelVoteSchema).describe('per member and language: the answer of each run and its mode'),
  failed_samples: z.number().int().describe('runs with no valid answer after retries'),
  prompt_version: z.string(),
  prompt_review: PromptReviewByLanguageSchema,
  simulated: z.boolean(),
});
export type RelevanceRecord = z.infer<typeof RelevanceRecordSchema>;

/** One relevant pair after `judge-polarity` (data/interim/polarity.jsonl). */
export const PolarityRecordSchema = z.object({
  statement_id: z.string(),
  dimension: DimensionCodeSchema,
  mode: JudgeModeSchema,
  polarity_votes: z.array(z.number().int()).describe('member votes (mode of runs), failed members left out'),
  score: z.number().nullable().describe('median of polarity_votes'),
  contested: z.boolean(),
  votes: z.array(PanelVoteSchema),
  failed_samples: z.number().int(),
  prompt_version: z.string(),
  prompt_review: PromptReviewByLanguageSchema,
  simulated: z.boolean(),
});
export type PolarityRecord = z.infer<typeof PolarityRecordSchema>;
