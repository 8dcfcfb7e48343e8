import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/** The `pact_item_id` of the fixture's n-th row (the published CSV's ids are all digits). */
export const fixtureItemId = (n: number) => String(100000000000 + n).padStart(12, '0');

/**
 * Our own rows in PACT's published 11-column layout (NormAd slugs, CultureAtlas long names,
 * all-digit ids): 2 sources × `perRelation` scenarios × 3 relations (same / close / far).
 */
export function writePactCsv(file: string, perRelation = 6): number {
  const header = [
    'pact_item_id',
    'dataset',
    'source_row',
    'base_country',
    'scenario_type',
    'actor_country',
    'receiver_country',
    'scenario',
    'culture_following',
    'preference_allowing',
    'source_gold_label',
  ];
  const countries = [
    ['normad', 'japan', 'south_korea', 'united_states_of_america'],
    ['cultureatlas', 'India', 'Nepal', 'Canada'],
  ] as const;
  const rows: string[][] = [];
  let n = 0;
  for (const [dataset, base, close, far] of countries) {
    for (let i = 0; i < perRelation; i++) {
      for (const [relation, actor] of [
        ['same', base],
        ['close', close],
        ['far', far],
      ] as const) {
        // Like our pact-hf export, half the rows state the dyad's demographics in the scenario text.
        const stated =
          n % 2 === 0
            ? `\n\nThe actor is ${n % 4 === 0 ? 'a younger woman' : 'an older man'} from ${actor}. The receiver is ${n % 3 === 0 ? 'an older woman' : 'a younger man'} from ${base}.`
            : '';
        rows.push([
          fixtureItemId(n++),
          dataset,
          String(i),
          base,
          relation,
          actor,
          base,
          `A visitor from ${actor} is invited to dinner at a home in ${base} (case ${i}).\nThe host expects guests to take off their shoes.${stated}`,
          `Take off the shoes at the entrance, case ${i}`,
          `Keep the outdoor sneakers on indoors, case ${i}`,
          dataset === 'normad' ? 'yes' : '',
        ]);
      }
    }
  }
  writeFileSync(file, stringify([header, ...rows]));
  return rows.length;
}

/**
 * Made-up human answers on the fixture's first `scenarios` items, in the authors' layout
 * (scenario_item_id, A/B answers, A = culture): `perCountry` respondents from each country, of both
 * age groups and genders, the share following culture varying by scenario and country.
 */
export function writeHumanResponsesCsv(
  file: string,
  scenarios: number,
  countries: readonly string[],
  perCountry: number,
): void {
  const rows: string[][] = [];
  for (let s = 0; s < scenarios; s++) {
    countries.forEach((country, c) => {
      for (let r = 0; r < perCountry; r++) {
        const follows = (k: number) => ((s * 7 + c * 3 + r * 5 + k) % 10) / 10 < 0.3 + 0.5 * ((s % 3) / 2);
        rows.push([
          `${country}-${r}`,
          country,
          r % 2 ? 'younger' : 'older',
          r % 3 ? 'female' : 'male',
          fixtureItemId(s),
          follows(0) ? 'A' : 'B',
          follows(4) ? 'A' : 'B',
        ]);
      }
    });
  }
  writeFileSync(
    file,
    stringify([
      [
        'respondent_id',
        'respondent_country',
        'respondent_age_bucket',
        'respondent_gender',
        'scenario_item_id',
        'human_personal',
        'human_norm',
      ],
      ...rows,
    ]),
  );
}
