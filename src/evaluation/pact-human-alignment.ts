import { alignmentMetrics, pairRates, type AlignmentMetrics } from '../stats/alignment.ts';
import {
  authorsAlignment,
  humanProfiles,
  uncertaintyAlignment,
  type AnswerRow,
  type AuthorsAlignment,
  type CultureChoice,
  type UncertaintyAlignment,
} from '../stats/culture-alignment.ts';
import type { HumanResponseRow, PactDecision, PactDecisionValue, Persona } from './pact-records.ts';

export type HumanQuestion = 'personal' | 'norm';
export const HUMAN_QUESTIONS: readonly HumanQuestion[] = ['personal', 'norm'];
const HUMAN_FIELD = { personal: 'personal_choice', norm: 'norm_judgment' } as const;

/** One row of the authors' alignment table. */
export interface AuthorsAlignmentRow {
  model: string;
  question: HumanQuestion;
  /** Persona runs are compared with the matching respondent subgroup; no-persona runs with all respondents (or one country's). */
  persona: boolean;
  /** 'all', a respondent country, or (persona only) a subgroup "country|age|gender". */
  respondents: string;
  metrics: AuthorsAlignment;
}

export interface UncertaintyRow {
  model: string;
  question: HumanQuestion;
  persona: boolean;
  metrics: UncertaintyAlignment;
}

/** normforge's own scenario-level view, kept under its own names: pooled model majority vs human majority (ties left out), and |rate − rate| per scenario. */
export interface ItemLevelRow {
  model: string;
  question: HumanQuestion;
  persona: boolean;
  respondents: string;
  metrics: AlignmentMetrics;
}

export interface PactHumanAlignment {
  authors: AuthorsAlignmentRow[];
  uncertainty: UncertaintyRow[];
  itemLevel: ItemLevelRow[];
}

export const personaKey = (p: Pick<Persona, 'country' | 'age' | 'gender'>) => `${p.country}|${p.age}|${p.gender}`;
const choiceOf = (d: PactDecisionValue | null): CultureChoice =>
  d === 'FOLLOW_CULTURE' ? 'A' : d === 'ALLOW_PREFERENCE' ? 'B' : null;

/** Human answers to one question, once per group they belong to: all respondents, their country, their subgroup. */
function humanAnswers(humans: readonly HumanResponseRow[], question: HumanQuestion) {
  return humans.flatMap((h) => {
    const choice = choiceOf(h[HUMAN_FIELD[question]]);
    const rows = [
      { item: h.scenario_id, group: '', choice },
      { item: h.scenario_id, group: h.respondent_country, choice },
    ];
    if (h.respondent_age && h.respondent_gender)
      rows.push({
        item: h.scenario_id,
        group: personaKey({ country: h.respondent_country, age: h.respondent_age, gender: h.respondent_gender }),
        choice,
      });
    return rows;
  });
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function authorsRows(
  model: string,
  question: HumanQuestion,
  answers: readonly PactDecision[],
  profiles: ReturnType<typeof humanProfiles>,
  countries: readonly string[],
): AuthorsAlignmentRow[] {
  const rows: AuthorsAlignmentRow[] = [];
  const plain = answers.filter((d) => d.persona === null);
  const persona = answers.filter((d) => d.persona !== null);
  const push = (isPersona: boolean, respondents: string, data: AnswerRow[]) => {
    const metrics = authorsAlignment(data, profiles);
    if (metrics.modelRows > 0) rows.push({ model, question, persona: isPersona, respondents, metrics });
  };
  const rowOf = (d: PactDecision, group: string): AnswerRow => ({
    item: d.scenario_id,
    group,
    choice: choiceOf(d.decision),
  });
  push(
    false,
    'all',
    plain.map((d) => rowOf(d, '')),
  );
  for (const c of countries)
    push(
      false,
      c,
      plain.map((d) => rowOf(d, c)),
    );
  const own = (d: PactDecision) => rowOf(d, personaKey(d.persona!));
  push(true, 'all', persona.map(own));
  for (const c of countries) push(true, c, persona.filter((d) => d.persona!.country === c).map(own));
  for (const key of sorted(persona.map((d) => personaKey(d.persona!))))
    push(true, key, persona.filter((d) => personaKey(d.persona!) === key).map(own));
  return rows;
}

function itemLevelRows(
  model: string,
  question: HumanQuestion,
  answers: readonly PactDecision[],
  humans: readonly HumanResponseRow[],
  countries: readonly string[],
): ItemLevelRow[] {
  const rows: ItemLevelRow[] = [];
  for (const persona of [false, true]) {
    const own = answers
      .filter((d) => (d.persona !== null) === persona && d.decision !== 'UNKNOWN')
      .map((d) => ({ unit: d.scenario_id, followsCulture: d.decision === 'FOLLOW_CULTURE' }));
    if (!own.length) continue;
    for (const respondents of ['all', ...countries]) {
      const group = humans.filter(
        (h) => (respondents === 'all' || h.respondent_country === respondents) && h[HUMAN_FIELD[question]] !== null,
      );
      const rates = pairRates(
        group.map((h) => ({ unit: h.scenario_id, followsCulture: h[HUMAN_FIELD[question]] === 'FOLLOW_CULTURE' })),
        own,
      );
      if (rates.length) rows.push({ model, question, persona, respondents, metrics: alignmentMetrics(rates) });
    }
  }
  return rows;
}

/**
 * The model's answers to the human study's two questions compared with the respondents', the
 * authors' way (section 5): per model, question and persona setting, over all respondents and per
 * respondent country; persona runs matched to their subgroup.
 */
export function pactHumanAlignment(
  decisions: readonly PactDecision[],
  humans: readonly HumanResponseRow[],
): PactHumanAlignment {
  const models = sorted(decisions.map((d) => d.model));
  const countries = sorted(humans.map((h) => h.respondent_country));
  const out: PactHumanAlignment = { authors: [], uncertainty: [], itemLevel: [] };
  for (const question of HUMAN_QUESTIONS) {
    const profiles = humanProfiles(humanAnswers(humans, question));
    for (const model of models) {
      const answers = decisions.filter((d) => d.model === model && d.question === question);
      if (!answers.length) continue;
      out.authors.push(...authorsRows(model, question, answers, profiles, countries));
      for (const persona of [false, true]) {
        const rows = answers
          .filter((d) => (d.persona !== null) === persona)
          .map((d) => ({ item: d.scenario_id, choice: choiceOf(d.decision) }));
        if (rows.length)
          out.uncertainty.push({ model, question, persona, metrics: uncertaintyAlignment(rows, profiles) });
      }
      out.itemLevel.push(...itemLevelRows(model, question, answers, humans, countries));
    }
  }
  return out;
}
