import { z } from 'zod';

/**
 * Where a language's prompts come from, as records and cards say it: the templates shipped with
 * normforge, the project's own (`prompts/<lang>/` in the project folder, written by its users), a
 * translation made by `normforge prompts translate` that nobody has checked yet, or one a reviewer
 * checked through the review sheet (`normforge prompts import`).
 */
export const PromptReviewSchema = z.enum(['built-in', 'project', 'machine-translated, unreviewed', 'reviewed']);
export type PromptReview = z.infer<typeof PromptReviewSchema>;

/** Per panel language, where the prompts asked in it came from; carried by the judgment records. */
export const PromptReviewByLanguageSchema = z
  .record(z.string(), PromptReviewSchema)
  .describe(
    'per prompting language: "built-in", "project" (the project\'s own templates), ' +
      '"machine-translated, unreviewed" or "reviewed" (normforge prompts translate / import)',
  );

/** From least to most trusted: a language's state is that of its least trusted file. */
export const REVIEW_ORDER: readonly PromptReview[] = [
  'machine-translated, unreviewed',
  'reviewed',
  'project',
  'built-in',
];

export const TranslationStatusSchema = z.enum(['machine-translated', 'reviewed']);

/** One translated file of `prompts/<lang>/manifest.json`. */
export const PromptManifestEntrySchema = z.strictObject({
  /** What was translated: the English template (`en/relevance.md`) or the dimension texts. */
  source: z.string(),
  source_sha256: z.string(),
  /** sha256 of the file as this entry describes it; a file edited by hand since is the project's own. */
  sha256: z.string(),
  translator: z.strictObject({ member: z.string(), model: z.string() }),
  status: TranslationStatusSchema,
  /** The translator was the offline simulator: the text is a marked stand-in, never publishable. */
  simulated: z.boolean(),
  /** sha256 of the review sheet the reviewed text was imported from; null until reviewed. */
  review_sheet_sha256: z.string().nullable(),
  translated_at: z.string(),
  reviewed_at: z.string().nullable(),
});
export type PromptManifestEntry = z.infer<typeof PromptManifestEntrySchema>;

export const PromptManifestSchema = z.strictObject({
  language: z.string(),
  /** By file name inside `prompts/<lang>/` (`relevance.md`, `dimensions.json`). */
  files: z.record(z.string(), PromptManifestEntrySchema),
});
export type PromptManifest = z.infer<typeof PromptManifestSchema>;
