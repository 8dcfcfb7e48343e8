import { z } from 'zod';

export const QcDatasetSchema = z.enum(['sociocultural-statements', 'pact']);
export type QcDataset = z.infer<typeof QcDatasetSchema>;

export const AnnotatorNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/,
    'annotator names are letters, digits, "-" or "_" (they become file names)',
  );

/** One sampled item in a QC round: its stratum, who sees it, what the LLM said and what annotators are shown. */
export const ManifestItemSchema = z.object({
  item_id: z.string(),
  stratum: z.string(),
  overlap: z.boolean().describe('seen by every annotator'),
  annotators: z.array(z.string()),
  llm: z.record(z.string(), z.string().nullable()).describe('the LLM label of each judgment, in the sheet vocabulary'),
  context: z.record(z.string(), z.string()).describe('the columns shown to annotators'),
});
export type ManifestItem = z.infer<typeof ManifestItemSchema>;

export const ManifestSchema = z.object({
  dataset: QcDatasetSchema,
  round: z.string(),
  seed: z.number().int(),
  size: z.number().int(),
  overlap: z.number().int(),
  annotators: z.array(AnnotatorNameSchema),
  source_file: z.string(),
  source_sha256: z.string(),
  strata: z.array(z.object({ key: z.string(), population: z.number().int(), sampled: z.number().int() })),
  items: z.array(ManifestItemSchema),
  /**
   * Annotators whose sheets the simulated annotator filled (demo only): every rating imported for
   * them is `simulated`, whatever the sheet's format (a CSV carries no workbook marker).
   */
  simulated_annotators: z.array(AnnotatorNameSchema).default([]),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** One annotator's judgments on one item, as imported from a filled sheet. */
export const QcRatingSchema = z.object({
  annotator: z.string(),
  item_id: z.string(),
  judgments: z.record(z.string(), z.string().nullable()),
  comment: z.string().nullable(),
  source_file: z.string(),
  row: z.number().int(),
  /** From a sheet filled by the demo's simulated annotator (the round manifest or the workbook says so), not by a person. */
  simulated: z.boolean().default(false),
});
export type QcRating = z.infer<typeof QcRatingSchema>;
