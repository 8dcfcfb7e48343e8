import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { NORMAD_COLUMNS } from '../../src/pact/normad.ts';
import { createCountryResolver } from '../../src/pact/countries.ts';
import { SourceScenarioSchema } from '../../src/schemas/records.ts';
import { ingestNormad } from '../../src/stages/ingest-normad.ts';
import { ingestCultureAtlas } from '../../src/stages/ingest-cultureatlas.ts';
import { UserError } from '../../src/errors.ts';
import { runStage, tempDir, workspace, writeCsvFile } from './helpers.ts';

const BACKGROUND =
  '### Basic Etiquette\n- Greet elders first.\n- Remove shoes indoors, "always".\n\n### Dining\n- Wait to be seated.';

function normadRow(id: number, country: string, gold = 'yes'): string[] {
  return [
    String(id),
    country,
    BACKGROUND,
    'Etiquette',
    'basic_etiquette',
    'Respect elders.',
    'It is polite to greet elders first.',
    `Story ${id}.\nIs what Sam did socially acceptable?`,
    id % 2 ? '' : 'Because elders are greeted first.',
    gold,
  ];
}

/** The 75 `Country` slugs of the published NormAd-ETI file (reference/sources.md) and their ISO 3166-1 codes, written out by hand. */
const NORMAD_REFERENCE: Record<string, string> = {
  afghanistan: 'AF',
  argentina: 'AR',
  australia: 'AU',
  austria: 'AT',
  bangladesh: 'BD',
  bosnia_and_herzegovina: 'BA',
  brazil: 'BR',
  cambodia: 'KH',
  canada: 'CA',
  chile: 'CL',
  china: 'CN',
  colombia: 'CO',
  croatia: 'HR',
  cyprus: 'CY',
  egypt: 'EG',
  ethiopia: 'ET',
  fiji: 'FJ',
  france: 'FR',
  germany: 'DE',
  greece: 'GR',
  hong_kong: 'HK',
  hungary: 'HU',
  india: 'IN',
  indonesia: 'ID',
  iran: 'IR',
  iraq: 'IQ',
  ireland: 'IE',
  israel: 'IL',
  italy: 'IT',
  japan: 'JP',
  kenya: 'KE',
  laos: 'LA',
  lebanon: 'LB',
  malaysia: 'MY',
  malta: 'MT',
  mauritius: 'MU',
  mexico: 'MX',
  myanmar: 'MM',
  nepal: 'NP',
  netherlands: 'NL',
  new_zealand: 'NZ',
  north_macedonia: 'MK',
  pakistan: 'PK',
  palestinian_territories: 'PS',
  papua_new_guinea: 'PG',
  peru: 'PE',
  philippines: 'PH',
  poland: 'PL',
  portugal: 'PT',
  romania: 'RO',
  russia: 'RU',
  samoa: 'WS',
  saudi_arabia: 'SA',
  serbia: 'RS',
  singapore: 'SG',
  somalia: 'SO',
  south_africa: 'ZA',
  south_korea: 'KR',
  south_sudan: 'SS',
  spain: 'ES',
  sri_lanka: 'LK',
  sudan: 'SD',
  sweden: 'SE',
  syria: 'SY',
  taiwan: 'TW',
  thailand: 'TH',
  'timor-leste': 'TL',
  tonga: 'TO',
  türkiye: 'TR',
  ukraine: 'UA',
  united_kingdom: 'GB',
  united_states_of_america: 'US',
  venezuela: 'VE',
  vietnam: 'VN',
  zimbabwe: 'ZW',
};

describe('country normalisation', () => {
  it('maps all 75 published NormAd slugs to their ISO codes with no alias file', async () => {
    const root = tempDir();
    const slugs = Object.keys(NORMAD_REFERENCE);
    expect(slugs).toHaveLength(75);
    const file = writeCsvFile(
      join(root, 'normad_etiquette_final_data.csv'),
      [...NORMAD_COLUMNS],
      slugs.map((s, i) => normadRow(i, s)),
    );
    const result = await runStage(ingestNormad, workspace(root, { sources: { normad: file } }));
    const records = await readJsonlAll(join(root, 'data/interim/normad.jsonl'), SourceScenarioSchema);
    expect(result.counts?.records).toBe(75);
    expect(records).toHaveLength(75);
    for (const r of records) expect(r.country, r.source_country).toBe(NORMAD_REFERENCE[r.source_country]);
    expect(records[0].fields.Background).toBe(BACKGROUND);
    expect(records[1].fields.Explanation).toBe('');
    expect(records[0].source_file).toBe('normad_etiquette_final_data.csv');
    expect(records[0].source_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('maps UN-style long names without a user file', () => {
    const r = createCountryResolver();
    const cases: Record<string, string> = {
      'Islamic Republic of Iran': 'IR',
      "Lao People's Democratic Republic": 'LA',
      'United States of America': 'US',
      'Republic of Korea': 'KR',
      'Russian Federation': 'RU',
      'Viet Nam': 'VN',
      Türkiye: 'TR',
      'Iran (Islamic Republic of)': 'IR',
      'Syrian Arab Republic': 'SY',
      'United Republic of Tanzania': 'TZ',
      'Democratic Republic of the Congo': 'CD',
    };
    for (const [name, iso] of Object.entries(cases)) expect(r.resolve(name), name).toEqual({ iso2: iso });
    expect(r.resolve('Congo')).toEqual({ ambiguous: ['CG', 'CD'] });
  });

  it('lists every unknown and ambiguous name in one error, and a user alias file resolves them', async () => {
    const root = tempDir();
    const header = [
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
      '13',
      '14',
      '15',
      '16',
      'norm_violation_rlv',
    ];
    const row = (country: string, i: number) => [
      country,
      'Social',
      'Etiquette',
      'Greetings',
      'https://example.org',
      'Customs',
      '',
      'S.',
      'S.',
      `In ${country} people greet elders first (${i}).`,
      'True',
      '0.9',
      '0.8',
      '0.1',
      '0',
      '0',
      '0.1',
      '0',
    ];
    const file = writeCsvFile(join(root, 'benchmarK_Feb4_pos10k.csv'), header, [
      row('Congo', 0),
      row('Viet Nam', 1),
      row('Basque Country', 2),
      row('Atlantis', 3),
      row('Atlantis', 4),
    ]);
    const run = runStage(ingestCultureAtlas, workspace(root, { sources: { cultureatlas: { path: file } } }));
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const message = (err as Error).message;
    expect(message).toContain('3 country name(s)');
    for (const name of ['"Congo"', '"Basque Country"', '"Atlantis"']) expect(message).toContain(name);
    expect(message).not.toContain('"Viet Nam"');

    const aliases = join(root, 'aliases.csv');
    writeFileSync(aliases, 'name,iso2\nCongo,CG\nBasque Country,ES\nAtlantis,GR\n');
    await runStage(
      ingestCultureAtlas,
      workspace(root, { sources: { cultureatlas: { path: file }, countryAliases: aliases } }),
    );
    const records = await readJsonlAll(join(root, 'data/interim/cultureatlas.jsonl'), SourceScenarioSchema);
    expect(records.map((r) => r.country)).toEqual(['CG', 'VN', 'ES', 'GR', 'GR']);
    expect(records[2].source_country).toBe('Basque Country');
  });
});
