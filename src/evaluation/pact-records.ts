import { z } from 'zod';
import {
  AgeSchema,
  ConfigurationSchema,
  GenderSchema,
  PactSourceSchema,
  PreferenceTypeSchema,
  RelationSchema,
} from '../schemas/records.ts';

export const PactDecisionValueSchema = z.enum(['FOLLOW_CULTURE', 'ALLOW_PREFERENCE', 'UNKNOWN']);
export type PactDecisionValue = z.infer<typeof PactDecisionValueSchema>;

/** The zod-parsed answer to a PACT choice: the letter of the chosen option. */
export const PactAnswerSchema = z.object({ reasoning: z.string(), choice: z.enum(['A', 'B']) });
export type PactAnswer = z.infer<typeof PactAnswerSchema>;

/** The PACT authors' spellings, accepted on input beside ours. */
export const AUTHORS_SYSTEM_PROMPT: Readonly<Record<string, 'no-balance' | 'balance'>> = {
  nobalance: 'no-balance',
  no_balance: 'no-balance',
  balance: 'balance',
};
export const AUTHORS_CONFIGURATION: Readonly<Record<string, 'C1' | 'C2' | 'C3'>> = {
  actor_pref_only: 'C1',
  swapped: 'C2',
  both_prefs: 'C3',
};
export const CONFIGURATION_AUTHORS_NAME: Readonly<Record<'C1' | 'C2' | 'C3', string>> = {
  C1: 'actor_pref_only',
  C2: 'swapped',
  C3: 'both_prefs',
};

const alias = (table: Readonly<Record<string, string>>) => (v: unknown) =>
  typeof v === 'string' && v in table ? table[v] : v;

export const SystemPromptConditionSchema = z.preprocess(
  alias(AUTHORS_SYSTEM_PROMPT),
  z.enum(['no-balance', 'balance']),
);
export type SystemPromptCondition = z.infer<typeof SystemPromptConditionSchema>;
export const DemographicConditionSchema = z.enum(['full_demo', 'age_only', 'gender_only', 'no_demo']);
export type DemographicCondition = z.infer<typeof DemographicConditionSchema>;
/** A configuration in our name (C1–C3) or the authors' (actor_pref_only, swapped, both_prefs). */
export const EvalConfigurationSchema = z.preprocess(alias(AUTHORS_CONFIGURATION), ConfigurationSchema);

/** What the model was asked: PACT's decision, or one of the human study's two questions. */
export const PactQuestionSchema = z.enum(['decision', 'personal', 'norm']);
export type PactQuestion = z.infer<typeof PactQuestionSchema>;

/** A respondent persona: the model answers as a respondent of this country, age group and gender. */
export const PersonaSchema = z.object({ country: z.string(), age: z.string(), gender: z.string() });
export type Persona = z.infer<typeof PersonaSchema>;

/** One model answer on a PACT instance; everything an analysis groups by is copied in, so analysis needs only this file. */
export const PactDecisionSchema = z.object({
  instance_id: z.string(),
  scenario_id: z.string().describe("the item's id (the authors' scenario_item_id)"),
  model: z.string(),
  question: PactQuestionSchema.describe(
    'decision (PACT) or the human study question: personal (what would you do) or norm (what does the norm expect)',
  ),
  persona: PersonaSchema.nullable().describe(
    'respondent persona the model answered as (human-study questions only); null without',
  ),
  condition: z.string().describe('"<system prompt>/<demographic condition>"'),
  system_prompt: SystemPromptConditionSchema,
  demographics: DemographicConditionSchema,
  configuration: EvalConfigurationSchema.nullable(),
  relation: RelationSchema,
  source: PactSourceSchema,
  preference_type: PreferenceTypeSchema.nullable().describe('null when the input (e.g. the released CSV) carries none'),
  actor_country: z.string(),
  actor_region: z.string(),
  actor_age: AgeSchema,
  actor_gender: GenderSchema,
  receiver_country: z.string(),
  receiver_region: z.string(),
  receiver_age: AgeSchema,
  receiver_gender: GenderSchema,
  culture_option: z
    .enum(['A', 'B'])
    .describe('option position: the letter the culture-following option was shown under'),
  run: z.number().int(),
  decision: PactDecisionValueSchema,
  error: z.string().nullable(),
  cache_key: z.string(),
  prompt_version: z.string(),
  simulated: z.boolean(),
});
export type PactDecision = z.infer<typeof PactDecisionSchema>;

/** A human answer: ours (FOLLOW_CULTURE / ALLOW_PREFERENCE) or the survey's letters (A = culture). Anything else is missing, as the authors code it. */
const HumanChoiceSchema = z.preprocess((v) => {
  if (typeof v !== 'string') return null;
  const t = v
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  if (t === 'A' || t === 'FOLLOW_CULTURE') return 'FOLLOW_CULTURE';
  if (t === 'B' || t === 'ALLOW_PREFERENCE') return 'ALLOW_PREFERENCE';
  return null;
}, z.enum(['FOLLOW_CULTURE', 'ALLOW_PREFERENCE']).nullable());

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const optionalText = z.preprocess(blankToNull, z.string().trim().nullable().default(null));

/** The authors' column names, read as ours. */
const HUMAN_COLUMN_ALIASES: Readonly<Record<string, string>> = {
  scenario_item_id: 'scenario_id',
  human_personal: 'personal_choice',
  human_norm: 'norm_judgment',
  respondent_age_bucket: 'respondent_age',
};

/** One respondent's answers on a PACT scenario (the human study's two questions), in our layout or the authors'. */
export const HumanResponseRowSchema = z.preprocess(
  (row) =>
    row && typeof row === 'object'
      ? Object.fromEntries(Object.entries(row).map(([k, v]) => [HUMAN_COLUMN_ALIASES[k] ?? k, v]))
      : row,
  z.object({
    scenario_id: z.string().min(1),
    respondent_id: optionalText,
    respondent_country: z.string().min(1),
    respondent_age: optionalText.describe('age group (younger / older, or the survey bucket)'),
    respondent_gender: optionalText,
    personal_choice: HumanChoiceSchema,
    norm_judgment: HumanChoiceSchema,
  }),
);
export type HumanResponseRow = z.infer<typeof HumanResponseRowSchema>;
