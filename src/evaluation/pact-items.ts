import { countryByIso2, countryName, createCountryResolver } from '../pact/countries.ts';
import type { PactHfRow } from '../pact/pact-hf.ts';
import { seededUnit } from '../pact/seeded.ts';
import type { PactInstance } from '../schemas/records.ts';
import { ConfigurationSchema } from '../schemas/records.ts';
import type { DemographicCondition, PactDecision } from './records.ts';

type Configuration = PactDecision['configuration'];

/** One PACT choice as the evaluation asks it, whatever file it came from. */
export interface EvalPactItem {
  instance_id: string;
  scenario_id: string;
  source: PactDecision['source'];
  configuration: Configuration;
  relation: PactDecision['relation'];
  preference_type: PactDecision['preference_type'];
  actor_country: string;
  actor_region: string;
  receiver_country: string;
  receiver_region: string;
  actor: { age: 'younger' | 'older'; gender: 'female' | 'male' };
  receiver: { age: 'younger' | 'older'; gender: 'female' | 'male' };
  /** Scenario wording without the actor/receiver sentences, which the demographic condition supplies. */
  scenario: string;
  norm: string;
  preference: string;
  option_a: string;
  option_b: string;
  culture_option: 'A' | 'B';
}

const resolver = createCountryResolver();

/** ISO code and region of a country given as a code or by name ("unknown" when it cannot be told). */
export function countryAndRegion(country: string): { iso2: string | null; region: string } {
  const hit = /^[A-Z]{2}$/.test(country) ? { iso2: country } : resolver.resolve(country);
  const iso2 = 'iso2' in hit ? hit.iso2 : null;
  return { iso2, region: (iso2 && countryByIso2(iso2)?.region) || 'unknown' };
}

/**
 * expand-dyads appends "The actor is … The receiver is …" as its own paragraph (and the released
 * CSV keeps it in `scenario`); the demographic condition re-states it, so it is taken out, and
 * what it states is what the evaluation uses.
 */
const DYAD_SENTENCES =
  /\s*The actor is (a younger|an older) (woman|man) from [^\n]*? The receiver is (a younger|an older) (woman|man) from [^\n]*?\./;

type Person = EvalPactItem['actor'];
const personOf = (age: string, gender: string): Person => ({
  age: age === 'a younger' ? 'younger' : 'older',
  gender: gender === 'woman' ? 'female' : 'male',
});

/** The actor and receiver the scenario text states, and the text without that sentence; null when it states none. */
export function statedDyad(scenario: string): { actor: Person; receiver: Person; scenario: string } | null {
  const m = DYAD_SENTENCES.exec(scenario);
  if (!m) return null;
  return {
    actor: personOf(m[1], m[2]),
    receiver: personOf(m[3], m[4]),
    scenario: (scenario.slice(0, m.index) + scenario.slice(m.index + m[0].length)).trim(),
  };
}

export function itemsFromInstance(inst: PactInstance): EvalPactItem[] {
  const base: Omit<EvalPactItem, 'instance_id' | 'configuration' | 'scenario'> = {
    scenario_id: inst.scenario_id,
    source: inst.source,
    relation: inst.relation,
    preference_type: inst.preference_type,
    actor_country: inst.actor_country,
    actor_region: countryByIso2(inst.actor_country)?.region || 'unknown',
    receiver_country: inst.receiver_country,
    receiver_region: countryByIso2(inst.receiver_country)?.region || 'unknown',
    actor: { age: inst.actor_age, gender: inst.actor_gender },
    receiver: { age: inst.receiver_age, gender: inst.receiver_gender },
    norm: inst.cultural_expectation,
    preference: inst.personal_preference,
    option_a: inst.option_a,
    option_b: inst.option_b,
    culture_option: inst.culture_option,
  };
  const scenario = statedDyad(inst.scenario)?.scenario ?? inst.scenario;
  if (inst.configuration || !inst.configuration_texts)
    return [{ ...base, instance_id: inst.instance_id, configuration: inst.configuration, scenario }];
  return Object.entries(inst.configuration_texts).map(([key, text]) => {
    const configuration = ConfigurationSchema.safeParse(key).data ?? null;
    return { ...base, instance_id: `${inst.instance_id}:${key}`, configuration, scenario: `${scenario}\n${text}` };
  });
}

const pickAge = (key: string) => (seededUnit('pact-hf', key) < 0.5 ? 'younger' : 'older');
const pickGender = (key: string) => (seededUnit('pact-hf', key) < 0.5 ? 'female' : 'male');

/**
 * A row of the released CSV. Its scenario states the actor's and receiver's age and gender (our
 * pact-hf export keeps that sentence): those are used, never contradicted. Where the text states
 * none, ages and genders are drawn from a hash of the item id. The release carries no option
 * order, so the culture option's position alternates by the same hash: the same file always gives
 * the same prompts.
 */
export function itemFromHfRow(row: PactHfRow): EvalPactItem {
  const id = row.pact_item_id;
  const cultureFirst = seededUnit('pact-hf', `order:${id}`) < 0.5;
  const receiver = countryAndRegion(row.receiver_country);
  const actor = countryAndRegion(row.actor_country);
  const stated = statedDyad(row.scenario);
  return {
    instance_id: id,
    scenario_id: id,
    source: row.dataset,
    configuration: null,
    relation: row.scenario_type,
    preference_type: null,
    actor_country: actor.iso2 ?? row.actor_country,
    actor_region: actor.region,
    receiver_country: receiver.iso2 ?? row.receiver_country,
    receiver_region: receiver.region,
    actor: stated?.actor ?? { age: pickAge(`actor-age:${id}`), gender: pickGender(`actor-gender:${id}`) },
    receiver: stated?.receiver ?? { age: pickAge(`receiver-age:${id}`), gender: pickGender(`receiver-gender:${id}`) },
    scenario: stated?.scenario ?? row.scenario,
    norm: row.culture_following,
    preference: row.preference_allowing,
    option_a: cultureFirst ? row.culture_following : row.preference_allowing,
    option_b: cultureFirst ? row.preference_allowing : row.culture_following,
    culture_option: cultureFirst ? 'A' : 'B',
  };
}

function displayCountry(country: string): string {
  return /^[A-Z]{2}$/.test(country) ? countryName(country) : country.replace(/_/g, ' ');
}

/** The actor / receiver description under a demographic condition. */
export function describePerson(
  person: EvalPactItem['actor'],
  country: string,
  condition: DemographicCondition,
): string {
  const age = person.age === 'younger' ? 'younger' : 'older';
  const who = person.gender === 'female' ? 'woman' : 'man';
  const from = `from ${displayCountry(country)}`;
  switch (condition) {
    case 'full_demo':
      return `${age === 'younger' ? 'a younger' : 'an older'} ${who} ${from}`;
    case 'age_only':
      return `${age === 'younger' ? 'a younger' : 'an older'} person ${from}`;
    case 'gender_only':
      return `a ${who} ${from}`;
    case 'no_demo':
      return `a person ${from}`;
  }
}

export function promptVars(item: EvalPactItem, condition: DemographicCondition): Record<string, string> {
  return {
    scenario: item.scenario,
    actor: describePerson(item.actor, item.actor_country, condition),
    receiver: describePerson(item.receiver, item.receiver_country, condition),
    norm: item.norm,
    preference: item.preference,
    option_a: item.option_a,
    option_b: item.option_b,
  };
}

/** The letter a model chose, mapped back through the instance's option order. */
export function pactDecisionOf(choice: 'A' | 'B' | undefined, cultureOption: 'A' | 'B'): PactDecision['decision'] {
  if (!choice) return 'UNKNOWN';
  return choice === cultureOption ? 'FOLLOW_CULTURE' : 'ALLOW_PREFERENCE';
}
