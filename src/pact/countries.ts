import { existsSync } from 'node:fs';
import worldCountriesData from 'world-countries';
import type { Countries, Country } from 'world-countries';
import { UserError } from '../errors.ts';
import { readCsv } from '../io/csv.ts';

/** world-countries' default export, typed (NodeNext sees the CommonJS default as the module). */
export const WORLD_COUNTRIES = worldCountriesData as unknown as Countries;

const BY_ISO2 = new Map<string, Country>(WORLD_COUNTRIES.map((c) => [c.cca2, c]));

export function countryByIso2(iso2: string): Country | undefined {
  return BY_ISO2.get(iso2.toUpperCase());
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
 * Names world-countries does not carry (or carries differently): NormAd slugs and UN-style long
 * names seen in CultureAtlas. Keys are normalised.
 */
const BUILT_IN_ALIASES: Record<string, string> = {
  'united states of america': 'US',
  usa: 'US',
  'united states': 'US',
  'united kingdom': 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  'south korea': 'KR',
  'republic of korea': 'KR',
  'north korea': 'KP',
  'democratic peoples republic of korea': 'KP',
  turkiye: 'TR',
  turkey: 'TR',
  'timor leste': 'TL',
  'east timor': 'TL',
  'palestinian territories': 'PS',
  'occupied palestinian territory': 'PS',
  'state of palestine': 'PS',
  'hong kong': 'HK',
  'hong kong sar': 'HK',
  'china hong kong sar': 'HK',
  taiwan: 'TW',
  'taiwan province of china': 'TW',
  laos: 'LA',
  'lao peoples democratic republic': 'LA',
  'lao pdr': 'LA',
  'north macedonia': 'MK',
  'republic of north macedonia': 'MK',
  russia: 'RU',
  'russian federation': 'RU',
  vietnam: 'VN',
  'viet nam': 'VN',
  iran: 'IR',
  'islamic republic of iran': 'IR',
  syria: 'SY',
  'syrian arab republic': 'SY',
  'bolivia plurinational state of': 'BO',
  'plurinational state of bolivia': 'BO',
  'venezuela bolivarian republic of': 'VE',
  'bolivarian republic of venezuela': 'VE',
  'united republic of tanzania': 'TZ',
  'republic of moldova': 'MD',
  'democratic republic of the congo': 'CD',
  'democratic republic of congo': 'CD',
  'dr congo': 'CD',
  'republic of the congo': 'CG',
  'republic of congo': 'CG',
  'cabo verde': 'CV',
  'cape verde': 'CV',
  'cote divoire': 'CI',
  'ivory coast': 'CI',
  'holy see': 'VA',
  'vatican city': 'VA',
  'micronesia federated states of': 'FM',
  'federated states of micronesia': 'FM',
  swaziland: 'SZ',
  eswatini: 'SZ',
  'brunei darussalam': 'BN',
  czech: 'CZ',
  'czech republic': 'CZ',
  'bosnia and herzegovina': 'BA',
  'papua new guinea': 'PG',
  'south sudan': 'SS',
  'sri lanka': 'LK',
  'saudi arabia': 'SA',
  'south africa': 'ZA',
  'new zealand': 'NZ',
  netherlands: 'NL',
  'kingdom of the netherlands': 'NL',
  burma: 'MM',
  myanmar: 'MM',
};

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
  for (const c of WORLD_COUNTRIES) {
    add(c.name.common, c.cca2);
    add(c.name.official, c.cca2);
    for (const alt of c.altSpellings) add(alt, c.cca2);
  }
  return index;
}

const INDEX = buildIndex();

export type Resolution = { iso2: string } | { ambiguous: string[] } | { unknown: true };

export interface CountryResolver {
  resolve(name: string): Resolution;
}

/** Resolves a country string: user aliases first, then built-in aliases, then world-countries names and codes. */
export function createCountryResolver(userAliases: ReadonlyMap<string, string> = new Map()): CountryResolver {
  return {
    resolve(name) {
      for (const key of spellings(name)) {
        const user = userAliases.get(key);
        if (user) return { iso2: user };
        if (AMBIGUOUS[key]) return { ambiguous: AMBIGUOUS[key] };
        const builtIn = BUILT_IN_ALIASES[key];
        if (builtIn) return { iso2: builtIn };
        const hits = INDEX.get(key);
        if (hits?.size === 1) return { iso2: [...hits][0] };
        if (hits && hits.size > 1) return { ambiguous: [...hits].sort() };
      }
      const code = name.trim().toUpperCase();
      if (/^[A-Z]{2}$/.test(code) && BY_ISO2.has(code)) return { iso2: code };
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
      if (values[column] === undefined) throw new UserError(`missing column "${column}" (expected header name,iso2)`, { file, line: 1, column });
    }
    const iso2 = values.iso2.trim().toUpperCase();
    if (!BY_ISO2.has(iso2)) throw new UserError(`"${values.iso2}" is not an ISO 3166-1 alpha-2 code`, { file, line, column: 'iso2' });
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

/** NormAd-ETI's 75 country slugs (reference/sources.md), by ISO code: its published spelling. */
export const NORMAD_SLUGS: Readonly<Record<string, string>> = {
  AF: 'afghanistan', AR: 'argentina', AU: 'australia', AT: 'austria', BD: 'bangladesh', BA: 'bosnia_and_herzegovina',
  BR: 'brazil', KH: 'cambodia', CA: 'canada', CL: 'chile', CN: 'china', CO: 'colombia', HR: 'croatia', CY: 'cyprus',
  EG: 'egypt', ET: 'ethiopia', FJ: 'fiji', FR: 'france', DE: 'germany', GR: 'greece', HK: 'hong_kong', HU: 'hungary',
  IN: 'india', ID: 'indonesia', IR: 'iran', IQ: 'iraq', IE: 'ireland', IL: 'israel', IT: 'italy', JP: 'japan',
  KE: 'kenya', LA: 'laos', LB: 'lebanon', MY: 'malaysia', MT: 'malta', MU: 'mauritius', MX: 'mexico', MM: 'myanmar',
  NP: 'nepal', NL: 'netherlands', NZ: 'new_zealand', MK: 'north_macedonia', PK: 'pakistan', PS: 'palestinian_territories',
  PG: 'papua_new_guinea', PE: 'peru', PH: 'philippines', PL: 'poland', PT: 'portugal', RO: 'romania', RU: 'russia',
  WS: 'samoa', SA: 'saudi_arabia', RS: 'serbia', SG: 'singapore', SO: 'somalia', ZA: 'south_africa', KR: 'south_korea',
  SS: 'south_sudan', ES: 'spain', LK: 'sri_lanka', SD: 'sudan', SE: 'sweden', SY: 'syria', TW: 'taiwan', TH: 'thailand',
  TL: 'timor-leste', TO: 'tonga', TR: 'türkiye', UA: 'ukraine', GB: 'united_kingdom', US: 'united_states_of_america',
  VE: 'venezuela', VN: 'vietnam', ZW: 'zimbabwe',
};

/** A country in a source's own spelling: NormAd's slugs, CultureAtlas' English names. */
export function sourceSpelling(iso2: string, source: 'normad' | 'cultureatlas'): string {
  const name = countryName(iso2);
  if (source === 'cultureatlas') return name;
  return NORMAD_SLUGS[iso2] ?? normaliseCountryName(name).replace(/ /g, '_');
}
