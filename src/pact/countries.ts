import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Countries, Country } from 'world-countries';
import { UserError } from '../errors.ts';
import { readCsv } from '../io/csv.ts';
import { NORMAD_SLUGS, UN_STYLE_NAMES } from './spellings.ts';

const require = createRequire(import.meta.url);

/**
 * world-countries' table (a large JSON) and the lookups built from it are made at the first lookup,
 * not when a module that names countries is imported (`status` imports every stage to read its declaration).
 */
let table: { countries: Countries; byIso2: Map<string, Country> } | undefined;

function worldTable(): { countries: Countries; byIso2: Map<string, Country> } {
  if (!table) {
    const countries: Countries = require('world-countries');
    table = { countries, byIso2: new Map(countries.map((c) => [c.cca2, c])) };
  }
  return table;
}

/** Every country world-countries knows. */
export function worldCountries(): Countries {
  return worldTable().countries;
}

export function countryByIso2(iso2: string): Country | undefined {
  return worldTable().byIso2.get(iso2.toUpperCase());
}

/** The common English name of an ISO 3166-1 alpha-2 code. */
export function countryName(iso2: string): string {
  return countryByIso2(iso2)?.name.common ?? iso2;
}

/**
 * Lowercase, accents folded, `_`/`-` and punctuation as spaces, a leading "the" dropped: NormAd's
 * slugs (`south_korea`, `türkiye`, `timor-leste`) and UN long names meet world-countries' names here.
 */
export function normaliseCountryName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`']/g, '')
    .replace(/&/g, ' and ')
    .replace(/[_\-.,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

/**
 * Other spellings world-countries does not carry (or carries differently); the sources' own
 * spellings come from `spellings.ts`. Keys are normalised.
 */
const EXTRA_ALIASES: Record<string, string> = {
  usa: 'US',
  'united states': 'US',
  'north korea': 'KP',
  turkey: 'TR',
  'east timor': 'TL',
  'occupied palestinian territory': 'PS',
  'hong kong sar': 'HK',
  'china hong kong sar': 'HK',
  'taiwan province of china': 'TW',
  'lao pdr': 'LA',
  'republic of north macedonia': 'MK',
  'bolivia plurinational state of': 'BO',
  'venezuela bolivarian republic of': 'VE',
  'democratic republic of congo': 'CD',
  'dr congo': 'CD',
  'republic of congo': 'CG',
  'cape verde': 'CV',
  'ivory coast': 'CI',
  'vatican city': 'VA',
  'micronesia federated states of': 'FM',
  swaziland: 'SZ',
  eswatini: 'SZ',
  czech: 'CZ',
  'czech republic': 'CZ',
  'kingdom of the netherlands': 'NL',
  burma: 'MM',
};

function buildAliases(): Readonly<Record<string, string>> {
  return {
    ...EXTRA_ALIASES,
    ...Object.fromEntries(Object.entries(NORMAD_SLUGS).map(([iso2, slug]) => [normaliseCountryName(slug), iso2])),
    ...Object.fromEntries(Object.entries(UN_STYLE_NAMES).map(([iso2, name]) => [normaliseCountryName(name), iso2])),
  };
}

/** Names that denote more than one country; they need a user alias. */
const AMBIGUOUS: Record<string, string[]> = {
  congo: ['CG', 'CD'],
  korea: ['KR', 'KP'],
};

/** "Iran (Islamic Republic of)" is also tried as "Islamic Republic of Iran" and "Iran". */
function spellings(name: string): string[] {
  const m = /^(.*?)\s*\((.*)\)\s*$/.exec(name);
  if (!m) return [normaliseCountryName(name)];
  return [normaliseCountryName(`${m[2]} ${m[1]}`), normaliseCountryName(name), normaliseCountryName(m[1])];
}

function buildIndex(): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  const add = (name: string, iso2: string) => {
    const key = normaliseCountryName(name);
    if (key.length < 3) return; // two-letter alt spellings are codes, matched separately
    if (!index.has(key)) index.set(key, new Set());
    index.get(key)!.add(iso2);
  };
  for (const c of worldCountries()) {
    add(c.name.common, c.cca2);
    add(c.name.official, c.cca2);
    for (const alt of c.altSpellings) add(alt, c.cca2);
  }
  return index;
}

/** Built-in aliases and world-countries' names by normalised spelling, made at the first resolution. */
let names: { aliases: Readonly<Record<string, string>>; index: Map<string, Set<string>> } | undefined;

function knownNames(): { aliases: Readonly<Record<string, string>>; index: Map<string, Set<string>> } {
  names ??= { aliases: buildAliases(), index: buildIndex() };
  return names;
}

export type Resolution = { iso2: string } | { ambiguous: string[] } | { unknown: true };

export interface CountryResolver {
  resolve(name: string): Resolution;
}

/** Resolves a country string: user aliases first, then built-in aliases, then world-countries names and codes. */
export function createCountryResolver(userAliases: ReadonlyMap<string, string> = new Map()): CountryResolver {
  return {
    resolve(name) {
      const { aliases, index } = knownNames();
      for (const key of spellings(name)) {
        const user = userAliases.get(key);
        if (user) return { iso2: user };
        if (AMBIGUOUS[key]) return { ambiguous: AMBIGUOUS[key] };
        const builtIn = aliases[key];
        if (builtIn) return { iso2: builtIn };
        const hits = index.get(key);
        if (hits?.size === 1) return { iso2: [...hits][0] };
        if (hits && hits.size > 1) return { ambiguous: [...hits].sort() };
      }
      const code = name.trim().toUpperCase();
      if (/^[A-Z]{2}$/.test(code) && countryByIso2(code)) return { iso2: code };
      return { unknown: true };
    },
  };
}

/** Reads a user alias CSV (`name,iso2`); every bad row is reported with its line. */
export async function readCountryAliases(file: string): Promise<Map<string, string>> {
  if (!existsSync(file)) throw new UserError('country alias file not found', { file });
  const aliases = new Map<string, string>();
  for await (const { line, values } of readCsv(file)) {
    for (const column of ['name', 'iso2']) {
      if (values[column] === undefined)
        throw new UserError(`missing column "${column}" (expected header name,iso2)`, { file, line: 1, column });
    }
    const iso2 = values.iso2.trim().toUpperCase();
    if (!countryByIso2(iso2))
      throw new UserError(`"${values.iso2}" is not an ISO 3166-1 alpha-2 code`, { file, line, column: 'iso2' });
    if (!values.name.trim()) throw new UserError('empty country name', { file, line, column: 'name' });
    aliases.set(normaliseCountryName(values.name), iso2);
  }
  return aliases;
}

export interface ResolvedCountry {
  iso2: string;
  name: string;
}

/**
 * Resolves every distinct name at once; names that match nothing or several countries are listed
 * together in one error, with where each first appears, so a user fixes them in one pass.
 */
export function resolveAllCountries(
  names: ReadonlyMap<string, { file: string; line?: number }>,
  resolver: CountryResolver,
  aliasHint: string,
): Map<string, ResolvedCountry> {
  const resolved = new Map<string, ResolvedCountry>();
  const problems: string[] = [];
  for (const [name, where] of names) {
    const r = resolver.resolve(name);
    const at = where.line !== undefined ? ` (first at line ${where.line})` : '';
    if ('iso2' in r) resolved.set(name, { iso2: r.iso2, name: countryName(r.iso2) });
    else if ('ambiguous' in r) problems.push(`  - "${name}"${at}: ambiguous, could be ${r.ambiguous.join(', ')}`);
    else problems.push(`  - "${name}"${at}: matches no country`);
  }
  if (problems.length === 0) return resolved;
  const file = [...names.values()][0]?.file;
  throw new UserError(
    `${problems.length} country name(s) could not be mapped to ISO 3166-1:\n${problems.join('\n')}\n` +
      `Add them to a CSV with columns name,iso2 and point ${aliasHint} at it.`,
    { file, column: 'country' },
  );
}

/** A country in a source's own spelling: NormAd's slugs, CultureAtlas' UN-style names. */
export function sourceSpelling(iso2: string, source: 'normad' | 'cultureatlas'): string {
  const code = iso2.toUpperCase();
  if (source === 'cultureatlas') return UN_STYLE_NAMES[code] ?? countryName(code);
  return NORMAD_SLUGS[code] ?? normaliseCountryName(countryName(code)).replace(/ /g, '_');
}

/**
 * The one spelling a PACT release gives a country, whichever source an item came from: NormAd's
 * slug where NormAd has the country, else CultureAtlas' UN-style name. Chosen by ISO code alone, so
 * a file mixing both sources never spells one country two ways ("türkiye" / "Türkiye").
 */
export function releaseSpelling(iso2: string): string {
  const code = iso2.toUpperCase();
  return NORMAD_SLUGS[code] ?? sourceSpelling(code, 'cultureatlas');
}
