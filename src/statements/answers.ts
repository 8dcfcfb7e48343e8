import { z } from 'zod';

/**
 * Answer schemas of the value-framework questions. Every raw answer is parsed with these; an answer that
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

/** Economy mode: every dimension of the framework in one structured answer, keyed by code in the framework's order. */
export type EconomyAnswer = Record<string, z.infer<typeof EconomyDimensionSchema>>;

/**
 * One schema object per list of codes: the schema is sent with each of up to 100,000 requests
 * (as `response_format`), so it is built once per framework, not once per request.
 */
const economySchemas = new Map<string, z.ZodType<EconomyAnswer>>();

export function economyAnswerSchema(codes: readonly string[]): z.ZodType<EconomyAnswer> {
  const key = codes.join('\u0000');
  let schema = economySchemas.get(key);
  if (!schema) {
    schema = z.strictObject(Object.fromEntries(codes.map((d) => [d, EconomyDimensionSchema])));
    economySchemas.set(key, schema);
  }
  return schema;
}
