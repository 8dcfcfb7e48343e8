import type { z } from 'zod';
import { UserError } from '../errors.ts';
import {
  AgeSchema,
  ConfigurationSchema,
  GenderSchema,
  RelationSchema,
  type PactInstance,
  type PactItem,
} from '../schemas/records.ts';
import { countryByIso2, countryName } from './countries.ts';
import type { RelationPicker } from './relations.ts';
import { seededPick, seededUnit, stableId } from './seeded.ts';

type Age = z.infer<typeof AgeSchema>;
type Gender = z.infer<typeof GenderSchema>;
type Configuration = z.infer<typeof ConfigurationSchema>;

export const RELATIONS = RelationSchema.options;
export const AGES = AgeSchema.options;
export const GENDERS = GenderSchema.options;
export const CONFIGURATIONS = ConfigurationSchema.options;
/** relation × actor age × actor gender × receiver age × receiver gender */
export const INSTANCES_PER_ITEM = RELATIONS.length * (AGES.length * GENDERS.length) ** 2;

/** The publishers' analysis code names the configurations like this (reference/sources.md). */
export const CONFIGURATION_NAMES: Record<Configuration, string> = {
  C1: 'actor_pref_only',
  C2: 'swapped',
  C3: 'both_prefs',
};

export interface ExpandOptions {
  seed: number;
  /** One instance per configuration (x3) instead of one record carrying the three wordings. */
  configurations: boolean;
  picker: RelationPicker;
}

interface Person {
  age: Age;
  gender: Gender;
  country: string;
}

function describePerson(role: string, p: Person): string {
  return `The ${role} is ${p.age === 'younger' ? 'a younger' : 'an older'} ${p.gender === 'female' ? 'woman' : 'man'} from ${countryName(p.country)}.`;
}

/** How the preference falls between actor and receiver, per configuration (C1 actor prefers, C2 swapped, C3 both). */
export function configurationText(item: PactItem, configuration: Configuration): string {
  const pref = item.personal_preference;
  const norm = item.cultural_expectation;
  switch (configuration) {
    case 'C1':
      return `The actor personally prefers: ${pref} The receiver expects the local custom: ${norm}`;
    case 'C2':
      return `The actor expects the local custom: ${norm} The receiver personally prefers: ${pref}`;
    case 'C3':
      return `Both the actor and the receiver personally prefer: ${pref} The local custom is: ${norm}`;
  }
}

function dyadScenario(item: PactItem, actor: Person, receiver: Person): string {
  return `${item.scenario}\n\n${describePerson('actor', actor)} ${describePerson('receiver', receiver)}`;
}

/** Actor country per relation: same → the scenario's; close/far → one of the rule's pool, from the seed. */
export function actorCountries(
  item: PactItem,
  seed: number,
  picker: RelationPicker,
): Record<(typeof RELATIONS)[number], string> {
  if (!countryByIso2(item.country))
    throw new UserError(`unknown ISO 3166-1 code "${item.country}"`, { field: 'country' });
  const out = {} as Record<(typeof RELATIONS)[number], string>;
  for (const relation of RELATIONS) {
    const pool = picker.pool(item.country, relation);
    if (pool.length === 0)
      throw new UserError(`no ${relation} country for ${item.country} in the relation table`, { field: 'country' });
    out[relation] = seededPick(pool, seed, `actor:${item.scenario_id}:${relation}`);
  }
  return out;
}

/** One actor-receiver combination (and configuration, when expanded) that every item is expanded into. */
export interface Dyad {
  relation: PactInstance['relation'];
  actorAge: Age;
  actorGender: Gender;
  receiverAge: Age;
  receiverGender: Gender;
  configuration: Configuration | null;
}

/**
 * The dyads of every item, in a fixed order: relation, actor age, actor gender, receiver age,
 * receiver gender (and configuration when expanded).
 */
export function dyadsOf(opts: Pick<ExpandOptions, 'configurations'>): Dyad[] {
  const out: Dyad[] = [];
  const variants: Array<Configuration | null> = opts.configurations ? CONFIGURATIONS : [null];
  for (const relation of RELATIONS)
    for (const actorAge of AGES)
      for (const actorGender of GENDERS)
        for (const receiverAge of AGES)
          for (const receiverGender of GENDERS)
            for (const configuration of variants)
              out.push({ relation, actorAge, actorGender, receiverAge, receiverGender, configuration });
  return out;
}

/**
 * Ids hash the scenario and the dyad (never the seed), so they stay stable when the seed changes
 * the actor country or the option order.
 */
export function instanceIdOf(item: PactItem, d: Dyad): string {
  return stableId([
    item.scenario_id,
    d.relation,
    d.actorAge,
    d.actorGender,
    d.receiverAge,
    d.receiverGender,
    d.configuration ?? 'all',
  ]);
}

/** One instance of an item; `actors` are the item's `actorCountries`, `id` its `instanceIdOf` when known. */
export function instanceOf(
  item: PactItem,
  seed: number,
  actors: Record<(typeof RELATIONS)[number], string>,
  d: Dyad,
  id = instanceIdOf(item, d),
): PactInstance {
  const actor = { age: d.actorAge, gender: d.actorGender, country: actors[d.relation] };
  const receiver = { age: d.receiverAge, gender: d.receiverGender, country: item.country };
  const base = dyadScenario(item, actor, receiver);
  return instance(item, seed, { id, relation: d.relation, actor, receiver, base, configuration: d.configuration });
}

/** All instances of one item, in the order of `dyadsOf`. */
export function expandItem(item: PactItem, opts: ExpandOptions): PactInstance[] {
  const actors = actorCountries(item, opts.seed, opts.picker);
  return dyadsOf(opts).map((d) => instanceOf(item, opts.seed, actors, d));
}

function instance(
  item: PactItem,
  seed: number,
  d: {
    id: string;
    relation: PactInstance['relation'];
    actor: Person;
    receiver: Person;
    base: string;
    configuration: Configuration | null;
  },
): PactInstance {
  const instanceId = d.id;
  const cultureFirst = seededUnit(seed, `order:${instanceId}`) < 0.5;
  // Fields are copied one by one: V8 takes a slow path for `{...item, scenario}` (an overridden
  // key plus many new ones), which made the full 318,720 expansion several times slower.
  return {
    scenario_id: item.scenario_id,
    source: item.source,
    source_id: item.source_id,
    country: item.country,
    scenario: d.configuration ? `${d.base}\n${configurationText(item, d.configuration)}` : d.base,
    cultural_expectation: item.cultural_expectation,
    personal_preference: item.personal_preference,
    preference_type: item.preference_type,
    follow_culture_option: item.follow_culture_option,
    allow_preference_option: item.allow_preference_option,
    validation: item.validation,
    simulated: item.simulated,
    source_country: item.source_country,
    source_gold_label: item.source_gold_label,
    instance_id: instanceId,
    actor_country: d.actor.country,
    receiver_country: d.receiver.country,
    relation: d.relation,
    actor_age: d.actor.age,
    actor_gender: d.actor.gender,
    receiver_age: d.receiver.age,
    receiver_gender: d.receiver.gender,
    configuration: d.configuration,
    configuration_texts: d.configuration
      ? null
      : { C1: configurationText(item, 'C1'), C2: configurationText(item, 'C2'), C3: configurationText(item, 'C3') },
    option_a: cultureFirst ? item.follow_culture_option : item.allow_preference_option,
    option_b: cultureFirst ? item.allow_preference_option : item.follow_culture_option,
    culture_option: cultureFirst ? 'A' : 'B',
  };
}
