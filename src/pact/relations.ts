import type { Country } from 'world-countries';
import { UserError } from '../errors.ts';
import { readCsv } from '../io/csv.ts';
import { countryByIso2, createCountryResolver, worldCountries, type CountryResolver } from './countries.ts';

export type Relation = 'same' | 'close' | 'far';

/** How many of the nearest close countries, and of the farthest far ones, a seed chooses from. */
export const CLOSE_POOL_SIZE = 3;
export const FAR_POOL_SIZE = 5;
/** Territories named by the sources that are not independent states but may still act. */
const ACTOR_TERRITORIES = new Set(['HK', 'TW', 'PS', 'XK']);

let actors: readonly Country[] | undefined;

/**
 * Countries that can be an actor: sovereign states plus the territories the sources name.
 * Uninhabited or dependent territories (Bouvet Island, Heard Island…) never act; they can still
 * be a receiver if a source names them. Chosen at the first call (world-countries loads then).
 */
export function actorCountries(): readonly Country[] {
  actors ??= worldCountries().filter((c) => c.independent || c.unMember || ACTOR_TERRITORIES.has(c.cca2));
  return actors;
}

/** Great-circle distance in km between two countries' reference points (world-countries latlng). */
export function distanceKm(a: Country, b: Country): number {
  const rad = Math.PI / 180;
  const [lat1, lon1] = a.latlng;
  const [lat2, lon2] = b.latlng;
  const h =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function byDistanceFrom(origin: Country) {
  return (a: Country, b: Country) => distanceKm(origin, a) - distanceKm(origin, b) || a.cca2.localeCompare(b.cca2);
}

/** Text of the built-in rule, for the dataset card and `--help`. */
export function describeRelationRule(): string {
  return [
    'Actor countries are chosen per item and relation, deterministically from the seed:',
    "- same: the actor's country is the receiver's (the scenario's) country.",
    `- close: countries sharing a land border with the receiver's country or in the same UN subregion (world-countries data), ordered nearest first by great-circle distance between their reference coordinates; the seed picks one of the ${CLOSE_POOL_SIZE} nearest. A country with no such neighbour (e.g. a remote territory with no subregion) falls back to the nearest countries of its region, then of the world.`,
    `- far: countries in another UN region, ordered farthest first; the seed picks one of the ${FAR_POOL_SIZE} farthest.`,
    '',
    'Only sovereign states and the territories the sources name (Hong Kong, Taiwan, Palestine, Kosovo) are chosen as actors.',
    'A user relation table (CSV columns country,relation,other; relation close or far) replaces this rule for the countries and relations it lists.',
  ].join('\n');
}

/** Close candidates of a receiver, nearest first (the whole ordered list; the pool is its head). */
export function closeCandidates(receiver: Country): Country[] {
  const others = actorCountries().filter((c) => c.cca2 !== receiver.cca2);
  const neighbours = others.filter(
    (c) => receiver.borders.includes(c.cca3) || (receiver.subregion !== '' && c.subregion === receiver.subregion),
  );
  if (neighbours.length) return neighbours.sort(byDistanceFrom(receiver));
  const sameRegion = others.filter((c) => c.region === receiver.region);
  return (sameRegion.length ? sameRegion : others).sort(byDistanceFrom(receiver));
}

/** Far candidates of a receiver, farthest first. */
export function farCandidates(receiver: Country): Country[] {
  const nearest = byDistanceFrom(receiver);
  return actorCountries()
    .filter((c) => c.region !== receiver.region)
    .sort((a, b) => -nearest(a, b));
}

/** User-supplied relations: receiver iso2 → relation → ordered iso2 list. */
export type RelationTable = Map<string, Partial<Record<'close' | 'far', string[]>>>;

export interface RelationPicker {
  /** The candidate pool the seed chooses from (same → the receiver itself). */
  pool(receiverIso2: string, relation: Relation): string[];
  rule: 'built-in' | 'user table';
}

export function createRelationPicker(table?: RelationTable): RelationPicker {
  const cache = new Map<string, string[]>();
  const builtIn = (iso2: string, relation: 'close' | 'far'): string[] => {
    const receiver = countryByIso2(iso2);
    if (!receiver) throw new UserError(`unknown ISO 3166-1 code "${iso2}"`, { field: 'country' });
    const list =
      relation === 'close'
        ? closeCandidates(receiver).slice(0, CLOSE_POOL_SIZE)
        : farCandidates(receiver).slice(0, FAR_POOL_SIZE);
    return list.map((c) => c.cca2);
  };
  return {
    rule: table ? 'user table' : 'built-in',
    pool(iso2, relation) {
      if (relation === 'same') return [iso2];
      const key = `${iso2}:${relation}`;
      let pool = cache.get(key);
      if (!pool) {
        pool = table?.get(iso2)?.[relation] ?? builtIn(iso2, relation);
        cache.set(key, pool);
      }
      return pool;
    },
  };
}

/** Reads a relation table (CSV `country,relation,other`), resolving country names like the sources. */
export async function readRelationTable(
  file: string,
  resolver: CountryResolver = createCountryResolver(),
): Promise<RelationTable> {
  const table: RelationTable = new Map();
  for await (const { line, values } of readCsv(file)) {
    for (const column of ['country', 'relation', 'other']) {
      if (values[column] === undefined)
        throw new UserError(`missing column "${column}" (expected header country,relation,other)`, {
          file,
          line: 1,
          column,
        });
    }
    const relation = values.relation.trim().toLowerCase();
    if (relation !== 'close' && relation !== 'far')
      throw new UserError(`relation must be "close" or "far", got "${values.relation}"`, {
        file,
        line,
        column: 'relation',
      });
    const country = isoOf(resolver, values.country, { file, line, column: 'country' });
    const other = isoOf(resolver, values.other, { file, line, column: 'other' });
    const entry = table.get(country) ?? {};
    (entry[relation] ??= []).push(other);
    table.set(country, entry);
  }
  return table;
}

function isoOf(resolver: CountryResolver, name: string, where: { file: string; line: number; column: string }): string {
  const r = resolver.resolve(name);
  if ('iso2' in r) return r.iso2;
  const why = 'ambiguous' in r ? `ambiguous (${r.ambiguous.join(', ')})` : 'matches no country';
  throw new UserError(`country "${name}" ${why}`, where);
}

/**
 * How one country stands to another, by the built-in rule's own test: the same country, a close
 * one (shared land border or same UN subregion) or a far one (anything else, as the PACT authors'
 * human study counts a country not on its hand list). Unknown codes are far.
 */
export function countryRelation(fromIso2: string, toIso2: string): Relation {
  if (fromIso2 === toIso2) return 'same';
  const a = countryByIso2(fromIso2);
  const b = countryByIso2(toIso2);
  if (!a || !b) return 'far';
  return a.borders.includes(b.cca3) || (a.subregion !== '' && a.subregion === b.subregion) ? 'close' : 'far';
}
