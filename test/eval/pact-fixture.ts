import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/** The `pact_item_id` of the fixture's n-th row (the published CSV's ids are all digits). */
export const fixtureItemId = (n: number) => String(100000000000 + n).padStart(12, '0');

/**
 * Our own rows in PACT's published 11-column layout (NormAd slugs, CultureAtlas long names,
 * all-digit ids): 2 sources × `perRelation` scenarios × 3 relations (same / close / far).
 */
export function writePactCsv(file: string, perRelation = 6): number {
  const header = ['pact_item_id', 'dataset', 'source_row', 'base_country', 'scenario_type', 'actor_country', 'receiver_country', 'scenario', 'culture_following', 'preference_allowing', 'source_gold_label'];
  const countries = [['normad', 'japan', 'south_korea', 'united_states_of_america'], ['cultureatlas', 'India', 'Nepal', 'Canada']] as const;
  const rows: string[][] = [];
  let n = 0;
  for (const [dataset, base, close, far] of countries) {
    for (let i = 0; i < perRelation; i++) {
      for (const [relation, actor] of [['same', base], ['close', close], ['far', far]] as const) {
        rows.push([fixtureItemId(n++), dataset, String(i), base, relation, actor, base, `A visitor from ${actor} is invited to dinner at a home in ${base} (case ${i}).\nThe host expects guests to take off their shoes.`, `Take off the shoes at the entrance, case ${i}`, `Keep the outdoor sneakers on indoors, case ${i}`, dataset === 'normad' ? 'yes' : '']);
      }
    }
  }
  writeFileSync(file, stringify([header, ...rows]));
  return rows.length;
}

/**
 * Made-up human answers on the fixture's first `scenarios` items: `perCountry` respondents from
 * each country, the share following culture varying by scenario and country.
 */
export function writeHumanResponsesCsv(file: string, scenarios: number, countries: readonly string[], perCountry: number): void {
  const rows: string[][] = [];
  for (let s = 0; s < scenarios; s++) {
    countries.forEach((country, c) => {
      for (let r = 0; r < perCountry; r++) {
        const follows = (k: number) => ((s * 7 + c * 3 + r * 5 + k) % 10) / 10 < 0.3 + 0.5 * ((s % 3) / 2);
        rows.push([fixtureItemId(s), country, follows(0) ? 'FOLLOW_CULTURE' : 'ALLOW_PREFERENCE', follows(4) ? 'follow culture' : 'allow preference']);
      }
    });
  }
  writeFileSync(file, stringify([['scenario_id', 'respondent_country', 'personal_choice', 'norm_judgment'], ...rows]));
}
