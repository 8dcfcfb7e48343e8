import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../io/atomic.ts';
import { countryAndRegion } from './pact-items.ts';
import {
  AUTHORS_SYSTEM_PROMPT,
  CONFIGURATION_AUTHORS_NAME,
  PactDecisionSchema,
  PactDecisionValueSchema,
  type PactDecision,
} from './pact-records.ts';

/**
 * Decisions in the column layout the PACT authors' analysis scripts read (`eval_decision`,
 * `eval_pref_config` as actor_pref_only / swapped / both_prefs, `eval_demo_config`, `balance` /
 * `nobalance`, `scenario_type`, `base_country`, `source_row`, `scenario_item_id`; for the human
 * study questions `persona_setting`, `persona_country`, `persona_demo` and the survey letter
 * `llm_choice`, A = culture), so their code runs on a normforge evaluation.
 */
export const AUTHORS_DECISION_COLUMNS = [
  'eval_model',
  'eval_prompt_condition',
  'eval_demo_config',
  'eval_pref_config',
  'eval_decision',
  'dataset',
  'source_row',
  'scenario_item_id',
  'base_country',
  'scenario_type',
  'actor_country',
  'receiver_country',
  'actor_region',
  'receiver_region',
  'actor_age',
  'actor_gender',
  'receiver_age',
  'receiver_gender',
  'preference_type',
  'option_position',
  'response_type',
  'persona_setting',
  'persona_country',
  'persona_demo',
  'llm_choice',
  'run',
  'simulated',
] as const;

export function authorsRow(d: PactDecision): Record<(typeof AUTHORS_DECISION_COLUMNS)[number], string | number> {
  return {
    eval_model: d.model,
    eval_prompt_condition: d.system_prompt === 'no-balance' ? 'nobalance' : 'balance',
    eval_demo_config: d.demographics,
    eval_pref_config: d.configuration ? CONFIGURATION_AUTHORS_NAME[d.configuration] : '',
    eval_decision: d.decision,
    dataset: d.source,
    source_row: d.scenario_id.replace(/^(normad|cultureatlas):/, ''),
    scenario_item_id: d.scenario_id,
    base_country: d.receiver_country,
    scenario_type: d.relation,
    actor_country: d.actor_country,
    receiver_country: d.receiver_country,
    actor_region: d.actor_region,
    receiver_region: d.receiver_region,
    actor_age: d.actor_age,
    actor_gender: d.actor_gender,
    receiver_age: d.receiver_age,
    receiver_gender: d.receiver_gender,
    preference_type: d.preference_type ?? '',
    option_position: d.culture_option,
    response_type: d.question,
    persona_setting: d.question === 'decision' ? '' : d.persona ? 'persona' : 'no_persona',
    persona_country: d.persona?.country ?? '',
    persona_demo: d.persona ? `${d.persona.age} ${d.persona.gender}` : '',
    // The survey letter: A is the culture option whatever position the prompt showed it in.
    llm_choice: d.decision === 'FOLLOW_CULTURE' ? 'A' : d.decision === 'ALLOW_PREFERENCE' ? 'B' : '',
    run: d.run,
    simulated: d.simulated ? 'true' : 'false',
  };
}

export async function writeAuthorsDecisionsCsv(file: string, decisions: readonly PactDecision[]): Promise<void> {
  const rows = decisions.map(authorsRow);
  writeFileAtomic(file, stringify(rows, { header: true, columns: [...AUTHORS_DECISION_COLUMNS] }));
}

const orNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);

/**
 * One row of a decisions CSV in the authors' layout (theirs or our export) as a decision, so the
 * analyses run on the authors' own evaluation files: their vocabulary (`nobalance`,
 * `actor_pref_only` / `swapped` / `both_prefs`, A/B survey letters) is read as ours.
 */
export function decisionFromAuthorsRow(row: Record<string, string>, index: number): PactDecision {
  const question = row.response_type === 'personal' || row.response_type === 'norm' ? row.response_type : 'decision';
  const letter = row.llm_choice?.trim().toUpperCase();
  const decision =
    question === 'decision' || !letter
      ? PactDecisionValueSchema.catch('UNKNOWN').parse(row.eval_decision?.trim().toUpperCase())
      : letter === 'A'
        ? 'FOLLOW_CULTURE'
        : letter === 'B'
          ? 'ALLOW_PREFERENCE'
          : 'UNKNOWN';
  const [age, gender] = (row.persona_demo ?? '').split(' ');
  const actor = countryAndRegion(row.actor_country);
  const receiver = countryAndRegion(row.receiver_country ?? row.base_country);
  const scenario = row.scenario_item_id || `${row.dataset ?? 'normad'}:${row.source_row}`;
  return PactDecisionSchema.parse({
    instance_id: scenario,
    scenario_id: scenario,
    model: row.eval_model,
    question,
    persona: row.persona_setting === 'persona' ? { country: row.persona_country, age, gender } : null,
    condition: `${AUTHORS_SYSTEM_PROMPT[row.eval_prompt_condition] ?? 'no-balance'}/${row.eval_demo_config}`,
    system_prompt: row.eval_prompt_condition || 'nobalance',
    demographics: row.eval_demo_config,
    configuration: orNull(row.eval_pref_config),
    relation: row.scenario_type,
    source: row.dataset || 'normad',
    preference_type: orNull(row.preference_type),
    actor_country: actor.iso2 ?? row.actor_country,
    actor_region: actor.region,
    actor_age: row.actor_age,
    actor_gender: row.actor_gender,
    receiver_country: receiver.iso2 ?? row.receiver_country,
    receiver_region: receiver.region,
    receiver_age: row.receiver_age,
    receiver_gender: row.receiver_gender,
    culture_option: row.option_position || 'A',
    run: Number(row.run || index),
    decision,
    error: decision === 'UNKNOWN' ? 'unparseable in the source file' : null,
    cache_key: '',
    prompt_version: '',
    simulated: row.simulated === 'true',
  });
}
