import { z } from 'zod';
import { DimensionSchema } from '../schemas/records.ts';

/**
 * Answer schemas of the Hofstede questions. Every raw answer is parsed with these; an answer that
 * fails (e.g. a polarity of 0) is retried by the panel and, after the last attempt, recorded as a
 * failure, never guessed.
 */
export const RelevanceAnswerSchema = z.strictObject({ relevant: z.boolean() });
export type RelevanceAnswer = z.infer<typeof RelevanceAnswerSchema>;

/** The paper's scale has no neutral point: agreement leans one way or the other. */
export const PolarityScoreSchema = z.union([z.literal(-2), z.literal(-1), z.literal(1), z.literal(2)]);
export type PolarityScore = z.infer<typeof PolarityScoreSchema>;

export const PolarityAnswerSchema = z.strictObject({ score: PolarityScoreSchema });
export type PolarityAnswer = z.infer<typeof PolarityAnswerSchema>;

const EconomyDimensionSchema = z
  .strictObject({ relevant: z.boolean(), score: PolarityScoreSchema.nullable() })
  .refine((d) => !d.relevant || d.score !== null, {
    message: 'a relevant dimension needs a score (-2, -1, 1 or 2)',
    path: ['score'],
  });

/** Economy mode: all six dimensions in one structured answer. */
export const EconomyAnswerSchema = z.strictObject(
  Object.fromEntries(DimensionSchema.options.map((d) => [d, EconomyDimensionSchema])) as Record<
    z.infer<typeof DimensionSchema>,
    typeof EconomyDimensionSchema
  >,
);
export type EconomyAnswer = z.infer<typeof EconomyAnswerSchema>;
