import { z } from 'zod';

/**
 * A value framework as data (DESIGN.md section 10): the dimensions statements are judged on, each
 * with a definition and the meaning of its two poles in every prompt language. Hofstede's six
 * dimensions are the built-in one (`frameworks/hofstede.json`); `framework: "path"` in the config
 * names another, written in JSON or YAML.
 */

/**
 * A dimension code as records carry it (`dimension`). Item ids join it to a statement id with ":",
 * and the simulator reads it from a prompt tag, so it is one short word.
 */
export const DimensionCodeSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, 'a dimension code is a letter, then up to 31 letters, digits, "_" or "-"');
export type Dimension = z.infer<typeof DimensionCodeSchema>;

/** A text in each language it is written in: BCP-47 code → text. */
export const LocalizedTextSchema = z
  .record(
    z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'keys are BCP-47 language codes such as "en" or "zh-Hant"'),
    z.string().trim().min(1, 'a text may not be empty'),
  )
  .refine((texts) => Object.keys(texts).length > 0, 'give the text in at least one language');
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const FrameworkDimensionSchema = z.strictObject({
  code: DimensionCodeSchema,
  name: LocalizedTextSchema,
  definition: LocalizedTextSchema,
  /** What a score of +1/+2 means: agreeing with the statement leans toward this pole. */
  positivePole: LocalizedTextSchema,
  /** What a score of -1/-2 means. */
  negativePole: LocalizedTextSchema,
});
export type FrameworkDimension = z.infer<typeof FrameworkDimensionSchema>;

const TemplateNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a prompt task name such as "framework-relevance"');

/**
 * Which prompt templates (`prompts/<language>/<task>.md`) ask about this framework. The generic
 * ones name the framework in the prompt; the built-in Hofstede framework names the paper's own
 * Hofstede templates, so its prompts are the ones the Sociocultural Statements build always used.
 */
export const FrameworkTemplatesSchema = z.strictObject({
  relevance: TemplateNameSchema.default('framework-relevance'),
  polarity: TemplateNameSchema.default('framework-polarity'),
  economy: TemplateNameSchema.default('framework-economy'),
});
export type FrameworkTemplates = z.infer<typeof FrameworkTemplatesSchema>;

export const FrameworkSourceSchema = z.strictObject({
  /** The published description the dimensions were written from. */
  citation: z.string().trim().min(1),
  url: z.url().optional(),
});

export const FrameworkSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'an id is lower-case letters, digits, ".", "_" or "-"'),
    /** The framework's name in each prompt language; the generic templates say it to the model. */
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    source: FrameworkSourceSchema,
    templates: FrameworkTemplatesSchema.default(FrameworkTemplatesSchema.parse({})),
    dimensions: z.array(FrameworkDimensionSchema).min(1, 'a framework needs at least one dimension'),
  })
  .superRefine((framework, ctx) => {
    const first = new Map<string, number>();
    framework.dimensions.forEach(({ code }, i) => {
      const earlier = first.get(code);
      if (earlier === undefined) first.set(code, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['dimensions', i, 'code'],
          message: `duplicate dimension code "${code}" (also dimensions.${earlier}.code)`,
        });
    });
  });
export type Framework = z.infer<typeof FrameworkSchema>;

/**
 * The framework as a stage run records it in provenance (cards and reports describe the
 * dimensions the labels were made with, not today's file): its content, its sha256 and where it
 * came from (`built-in`, or the file's name).
 */
export const RecordedFrameworkSchema = FrameworkSchema.safeExtend({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  origin: z.string(),
});
export type RecordedFramework = z.infer<typeof RecordedFrameworkSchema>;

/**
 * A records schema whose `dimension` must be a code of the framework in force, so a file built
 * with another framework is refused with its line and field instead of being misread.
 */
export function withFrameworkDimensions<S extends z.ZodType<{ dimension: string }>>(
  schema: S,
  framework: { id: string; dimensions: ReadonlyArray<{ code: string }> },
): S {
  const codes = framework.dimensions.map((d) => d.code);
  return schema.superRefine((record, ctx) => {
    if (!codes.includes(record.dimension))
      ctx.addIssue({
        code: 'custom',
        path: ['dimension'],
        message:
          `dimension "${record.dimension}" is not in the value framework "${framework.id}" (${codes.join(', ')}); ` +
          'rebuild with that framework or name the one the data was built with (config `framework`)',
      });
  });
}
