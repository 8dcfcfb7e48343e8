import { countryRelation } from '../pact/relations.ts';
import { humanProfiles, type CultureChoice } from '../stats/culture-alignment.ts';
import { meanOrNull } from '../stats/descriptive.ts';
import { countryAndRegion, type EvalPactItem } from './pact-items.ts';
import type { HumanResponseRow } from './pact-records.ts';
import { humanStudyItems } from './pact-requests.ts';

export interface HumanGroupSummary {
  /** 'overall', or the grouping's value (a respondent country, a relation). */
  group: string;
  respondents: number;
  judgments: number;
  items: number;
  /** Share of valid answers choosing the culture option. */
  personalCultureRate: number | null;
  normCultureRate: number | null;
  /** norm − personal. */
  normPersonalGap: number | null;
  /** Mean over items of max(rate, 1 − rate) within the group: how much respondents agree. */
  personalAgreement: number | null;
  normAgreement: number | null;
  missingAnswers: number;
}

export interface HumanStudySummary {
  overall: HumanGroupSummary;
  byRespondentCountry: HumanGroupSummary[];
  /** Respondent's country against the scenario's: same, close (border or subregion) or far. */
  byRelation: HumanGroupSummary[];
  /** Study items no evaluated PACT item matched (their questions could not be asked). */
  unmatchedItems: string[];
}

const choice = (v: HumanResponseRow['personal_choice']): CultureChoice =>
  v === 'FOLLOW_CULTURE' ? 'A' : v === 'ALLOW_PREFERENCE' ? 'B' : null;

function rate(values: readonly CultureChoice[]): number | null {
  const valid = values.filter((v) => v !== null);
  return valid.length ? valid.filter((v) => v === 'A').length / valid.length : null;
}

function summarise(group: string, rows: readonly HumanResponseRow[]): HumanGroupSummary {
  const personal = rows.map((r) => choice(r.personal_choice));
  const norm = rows.map((r) => choice(r.norm_judgment));
  const agreement = (field: 'personal_choice' | 'norm_judgment') =>
    meanOrNull(
      [...humanProfiles(rows.map((r) => ({ item: r.scenario_id, group: '', choice: choice(r[field]) }))).values()].map(
        (p) => p.agreement,
      ),
    );
  const p = rate(personal);
  const n = rate(norm);
  return {
    group,
    respondents: new Set(rows.map((r) => r.respondent_id ?? `${r.respondent_country}:${r.scenario_id}`)).size,
    judgments: rows.length,
    items: new Set(rows.map((r) => r.scenario_id)).size,
    personalCultureRate: p,
    normCultureRate: n,
    normPersonalGap: p === null || n === null ? null : n - p,
    personalAgreement: agreement('personal_choice'),
    normAgreement: agreement('norm_judgment'),
    missingAnswers: personal.filter((v) => v === null).length + norm.filter((v) => v === null).length,
  };
}

function groupBy(rows: readonly HumanResponseRow[], key: (r: HumanResponseRow) => string): HumanGroupSummary[] {
  const groups = new Map<string, HumanResponseRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, list]) => summarise(k, list));
}

/** The human study on its own (the paper's section 5.2): culture rates and agreement per respondent country and per relation. */
export function humanStudySummary(
  humans: readonly HumanResponseRow[],
  items: readonly EvalPactItem[],
): HumanStudySummary {
  const matched = humanStudyItems(items, humans);
  const relationOf = (r: HumanResponseRow) => {
    const item = matched.get(r.scenario_id);
    const iso = countryAndRegion(r.respondent_country).iso2;
    return item && iso ? countryRelation(iso, item.receiver_country) : 'scenario not evaluated';
  };
  return {
    overall: summarise('overall', humans),
    byRespondentCountry: groupBy(humans, (r) => r.respondent_country),
    byRelation: groupBy(humans, relationOf),
    unmatchedItems: [...new Set(humans.map((h) => h.scenario_id))].filter((id) => !matched.has(id)).sort(),
  };
}
