import { z } from 'zod';

/** The six Hofstede dimensions used by Sociocultural Statements. */
export const DimensionSchema = z.enum(['PDI', 'IDV', 'MAS', 'UAI', 'LTO', 'IND']);
export type Dimension = z.infer<typeof DimensionSchema>;

/** One thesis of a Kialo discussion (DESIGN.md section 7); a multi-thesis discussion gives several. */
export const KialoStatementSchema = z.object({
  statement_id: z.string().describe('Kialo discussion id, with ".<n>" for the n-th thesis of a multi-thesis discussion'),
  discussion_id: z.number().int().describe('Kialo discussion id'),
  url: z.string().describe('discussion URL'),
  title: z.string().describe('discussion title (the question in a multi-thesis discussion)'),
  thesis: z.string().describe('thesis text'),
  thesis_claim_id: z.string().nullable().describe('Kialo claim id of the thesis ("<discussion>.<n>"), when known'),
  language: z.string().nullable().describe('language of the discussion (BCP 47), when known'),
  votes: z.number().int().nullable().describe('vote count of the kind named in vote_count_kind; null when unknown (export import)'),
  vote_count_kind: z.enum(['discussion-total', 'thesis']).describe('which votes were counted'),
  topics: z.array(z.string()).describe('discussion tags'),
  scraped_at: z.string().describe('ISO time of the scrape or import'),
  html_path: z.string().nullable().describe('raw snapshot under data/raw/kialo/html/, or the export file imported'),
  source: z.enum(['scrape', 'export']).describe('how the record was obtained'),
});
export type KialoStatement = z.infer<typeof KialoStatementSchema>;

/** A Kialo statement with its texts in every panel language (output of `translate`). */
export const TranslatedStatementSchema = KialoStatementSchema.extend({
  texts: z.record(z.string(), z.string()).describe('statement text per language code'),
  translation_source: z.record(z.string(), z.enum(['original', 'user', 'llm'])).describe('where each language text came from'),
  simulated: z.boolean().describe('true when any translation came from the offline simulator'),
});
export type TranslatedStatement = z.infer<typeof TranslatedStatementSchema>;

export const PanelVoteSchema = z.object({
  model: z.string(),
  language: z.string(),
  answers: z.array(z.union([z.number(), z.boolean(), z.null()])).describe('parsed answer of each run; null = failed/unparseable'),
  vote: z.union([z.number(), z.boolean(), z.null()]).describe('mode of the runs'),
});
export type PanelVote = z.infer<typeof PanelVoteSchema>;

/** One relevant (statement, dimension) pair with its label (DESIGN.md section 7). */
export const StatementLabelSchema = z.object({
  statement_id: z.string().describe('Kialo statement id'),
  discussion_id: z.number().int().describe('Kialo discussion id'),
  url: z.string().describe('Kialo discussion URL'),
  statement: z.string().nullable().describe('statement text (null in an ids-only release)'),
  dimension: DimensionSchema.describe('Hofstede dimension'),
  relevant_votes: z.number().int().describe('panel votes saying the statement is relevant to the dimension'),
  relevant_total: z.number().int().describe('panel votes cast on relevance'),
  relevant: z.boolean().describe('relevant_votes >= threshold'),
  polarity_votes: z.array(z.number().int()).describe('member votes on the -2..+2 scale (no 0)'),
  score: z.number().nullable().describe('median of polarity_votes; null when no valid vote'),
  contested: z.boolean().describe('votes split evenly across the sign'),
  votes: z.array(z.object({ step: z.enum(['relevance', 'polarity']), model: z.string(), language: z.string(), answers: z.array(z.union([z.number(), z.boolean(), z.null()])), vote: z.union([z.number(), z.boolean(), z.null()]) })).describe('full vote distribution: who voted what, in which language'),
  prompt_version: z.string().describe('content hash of the prompt templates used'),
  models: z.array(z.string()).describe('panel model ids'),
  simulated: z.boolean().describe('true when produced by the offline simulator'),
});
export type StatementLabel = z.infer<typeof StatementLabelSchema>;

export const PactSourceSchema = z.enum(['normad', 'cultureatlas']);

/** A scenario from NormAd-ETI or CultureAtlas, countries normalised (DESIGN.md section 7). */
export const SourceScenarioSchema = z.object({
  source: PactSourceSchema,
  source_id: z.string().describe('row id in the source (NormAd ID, CultureAtlas row index)'),
  country: z.string().length(2).describe('ISO 3166-1 alpha-2'),
  country_name: z.string(),
  source_country: z.string().describe('country string as published'),
  source_file: z.string(),
  source_sha256: z.string(),
  fields: z.record(z.string(), z.string()).describe("the source's own fields, by their published names"),
});
export type SourceScenario = z.infer<typeof SourceScenarioSchema>;

export const PreferenceTypeSchema = z.enum(['convenience', 'habit', 'value-style']);

export const PactItemSchema = z.object({
  scenario_id: z.string(),
  source: PactSourceSchema,
  source_id: z.string(),
  country: z.string().length(2),
  scenario: z.string(),
  cultural_expectation: z.string(),
  personal_preference: z.string(),
  preference_type: PreferenceTypeSchema,
  follow_culture_option: z.string(),
  allow_preference_option: z.string(),
  validation: z.object({ plausibility: z.boolean(), clarity: z.boolean(), scenario_clarity: z.boolean(), reasons: z.array(z.string()) }).nullable(),
  simulated: z.boolean(),
  source_country: z.string().optional().describe('country string as published (NormAd slug, CultureAtlas name); kept for the pact-hf layout'),
  source_gold_label: z.string().nullable().optional().describe("the source's own label (NormAd Gold Label, CultureAtlas label)"),
});
export type PactItem = z.infer<typeof PactItemSchema>;

export const RelationSchema = z.enum(['same', 'close', 'far']);
export const AgeSchema = z.enum(['younger', 'older']);
export const GenderSchema = z.enum(['female', 'male']);
export const ConfigurationSchema = z.enum(['C1', 'C2', 'C3']);

export const PactInstanceSchema = PactItemSchema.extend({
  instance_id: z.string(),
  actor_country: z.string().length(2),
  receiver_country: z.string().length(2),
  relation: RelationSchema,
  actor_age: AgeSchema,
  actor_gender: GenderSchema,
  receiver_age: AgeSchema,
  receiver_gender: GenderSchema,
  configuration: ConfigurationSchema.nullable().describe('C1-C3 when expanded with --configurations, else null'),
  configuration_texts: z.record(z.string(), z.string()).nullable().describe('scenario wording per configuration when not expanded'),
  option_a: z.string(),
  option_b: z.string(),
  culture_option: z.enum(['A', 'B']),
});
export type PactInstance = z.infer<typeof PactInstanceSchema>;
