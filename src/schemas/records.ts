import { z } from 'zod';

/** The six Hofstede dimensions used by Sociocultural Statements. */
export const DimensionSchema = z.enum(['PDI', 'IDV', 'MAS', 'UAI', 'LTO', 'IND']);
export type Dimension = z.infer<typeof DimensionSchema>;

/**
 * Which count a Kialo statement's `votes` holds (reference/kialo.md, "What votes means"):
 * `discussion-total` the statistics answer's `voteCount` (every vote cast in the discussion),
 * `participants` how many people took part (the statistics answer's participant rows),
 * `thesis` the veracity votes on the thesis itself (its 5-bucket histogram).
 */
export const VoteCountKindSchema = z.enum(['discussion-total', 'participants', 'thesis']);
export type VoteCountKind = z.infer<typeof VoteCountKindSchema>;

/** A source a thesis cites with a footnote marker `[n]` (the `Sources:` list of a 2023+ export). */
export const KialoSourceRefSchema = z.object({
  ref: z.number().int().positive().describe('footnote number as in the export'),
  url: z.string().describe('the URL as written (may be malformed on Kialo)'),
  excerpt: z.string().nullable().describe('quoted excerpt, when given'),
});

/** One thesis of a Kialo discussion (DESIGN.md section 7); a multi-thesis discussion gives several. */
export const KialoStatementSchema = z.object({
  statement_id: z
    .string()
    .describe(
      'Kialo discussion id, with "#<k>" for the k-th thesis of a multi-thesis discussion ("<id>#<k>", k 1-based: the thesis position in the export, or in claim order when scraped; "#" so it is never mistaken for a Kialo claim id "<id>.<n>")',
    ),
  discussion_id: z.number().int().describe('Kialo discussion id'),
  url: z.string().describe('discussion URL'),
  title: z.string().describe('discussion title (the question in a multi-thesis discussion)'),
  thesis: z.string().describe('thesis text, without footnote markers [n] or zero-width characters'),
  thesis_claim_id: z.string().nullable().describe('Kialo claim id of the thesis ("<discussion>.<n>"), when known'),
  language: z.string().nullable().describe('language of the discussion (BCP 47), when known'),
  votes: z
    .number()
    .int()
    .nullable()
    .describe('vote count of the kind named in vote_count_kind; null when unknown (export import)'),
  vote_count_kind: VoteCountKindSchema.describe('which votes were counted'),
  topics: z.array(z.string()).describe('discussion tags'),
  sources: z
    .array(KialoSourceRefSchema)
    .default([])
    .describe('sources the thesis cites by footnote marker (export imports; the API gives none)'),
  scraped_at: z.string().describe('ISO time of the scrape or import'),
  html_path: z
    .string()
    .nullable()
    .describe(
      'raw snapshot under data/raw/kialo/html/<id>/ (page.html when the page was rendered, else discussiongraph.json), or the export file imported',
    ),
  source: z.enum(['scrape', 'export']).describe('how the record was obtained'),
});
export type KialoStatement = z.infer<typeof KialoStatementSchema>;

/** A Kialo statement with its texts in every panel language (output of `translate`). */
export const TranslatedStatementSchema = KialoStatementSchema.extend({
  texts: z.record(z.string(), z.string()).describe('statement text per language code'),
  translation_source: z
    .record(z.string(), z.enum(['original', 'user', 'llm']))
    .describe('where each language text came from'),
  simulated: z.boolean().describe('true when any translation came from the offline simulator'),
});
export type TranslatedStatement = z.infer<typeof TranslatedStatementSchema>;

export const PanelVoteSchema = z.object({
  model: z.string(),
  language: z.string(),
  answers: z
    .array(z.union([z.number(), z.boolean(), z.null()]))
    .describe('parsed answer of each run; null = failed/unparseable'),
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
  votes: z
    .array(
      z.object({
        step: z.enum(['relevance', 'polarity']),
        model: z.string(),
        language: z.string(),
        answers: z.array(z.union([z.number(), z.boolean(), z.null()])),
        vote: z.union([z.number(), z.boolean(), z.null()]),
      }),
    )
    .describe('full vote distribution: who voted what, in which language'),
  prompt_version: z.string().describe('content hash of the prompt templates used'),
  models: z.array(z.string()).describe('panel model ids'),
  simulated: z.boolean().describe('true when produced by the offline simulator'),
});
export type StatementLabel = z.infer<typeof StatementLabelSchema>;

/** A released statement label: the label plus the language detected from its text (src/io/language.ts). */
export const StatementReleaseRowSchema = StatementLabelSchema.extend({
  language: z
    .string()
    .nullable()
    .describe(
      'language of the statement text (ISO 639-1), detected from the text with the eld library; null when undetermined. Kept in an ids-only release',
    ),
});
export type StatementReleaseRow = z.infer<typeof StatementReleaseRowSchema>;

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
  scenario_id: z.string().describe('item id: `<source>:<source_id>`'),
  source: PactSourceSchema.describe('source dataset of the scenario'),
  source_id: z.string().describe('row id in the source (NormAd ID, CultureAtlas row index)'),
  country: z.string().length(2).describe("ISO 3166-1 alpha-2 code of the scenario's culture (the receiver's country)"),
  scenario: z.string().describe('neutral rewrite of the source situation that sets up a choice for the actor'),
  cultural_expectation: z.string().describe('what the cultural norm expects of the actor here'),
  personal_preference: z.string().describe('what the actor would personally rather do, in tension with the norm'),
  preference_type: PreferenceTypeSchema.describe(
    'motivation of the preference: saving effort, a personal routine, or a personal value or style',
  ),
  follow_culture_option: z.string().describe('the option that follows the norm'),
  allow_preference_option: z.string().describe('the option that acts on the preference, parallel to the norm option'),
  validation: z
    .object({
      plausibility: z.boolean(),
      clarity: z.boolean(),
      scenario_clarity: z.boolean(),
      reasons: z.array(z.string()),
    })
    .nullable()
    .describe(
      "LLM judges' majority verdicts (preference plausible, options clear and distinct, scenario clear) and the reasons they gave; null before validation",
    ),
  simulated: z
    .boolean()
    .describe('true when any LLM answer behind the record came from the offline simulator, not a real model'),
  source_country: z
    .string()
    .optional()
    .describe('country string as published (NormAd slug, CultureAtlas name); kept for the pact-hf layout'),
  source_gold_label: z
    .string()
    .nullable()
    .optional()
    .describe("the source's own label (NormAd Gold Label, CultureAtlas label)"),
});
export type PactItem = z.infer<typeof PactItemSchema>;

export const RelationSchema = z.enum(['same', 'close', 'far']);
export const AgeSchema = z.enum(['younger', 'older']);
export const GenderSchema = z.enum(['female', 'male']);
export const ConfigurationSchema = z.enum(['C1', 'C2', 'C3']);

export const PactInstanceSchema = PactItemSchema.extend({
  scenario: z
    .string()
    .describe(
      "the item's scenario followed by the actor's and the receiver's age, gender and country (and, with --configurations, the configuration's wording)",
    ),
  instance_id: z.string().describe('stable id (hash of the item and the dyad, never of the seed)'),
  actor_country: z.string().length(2).describe("ISO 3166-1 alpha-2 code of the actor's country"),
  receiver_country: z.string().length(2).describe("ISO 3166-1 alpha-2 code of the receiver's country (the scenario's)"),
  relation: RelationSchema.describe(
    "actor's country relative to the receiver's: the same, a close one (shared border or subregion) or a far one (another region)",
  ),
  actor_age: AgeSchema.describe("actor's age group"),
  actor_gender: GenderSchema.describe("actor's gender"),
  receiver_age: AgeSchema.describe("receiver's age group"),
  receiver_gender: GenderSchema.describe("receiver's gender"),
  configuration: ConfigurationSchema.nullable().describe(
    'preference configuration when expanded with --configurations (C1 actor prefers the personal option and receiver the norm, C2 the reverse, C3 both the personal option); else null',
  ),
  configuration_texts: z
    .object({ C1: z.string(), C2: z.string(), C3: z.string() })
    .nullable()
    .describe('without --configurations: the wording of each configuration C1-C3 to append to the scenario; else null'),
  option_a: z.string().describe('first option as presented to a model'),
  option_b: z.string().describe('second option as presented to a model'),
  culture_option: z.enum(['A', 'B']).describe('which option letter follows the norm (order randomized from the seed)'),
});
export type PactInstance = z.infer<typeof PactInstanceSchema>;
