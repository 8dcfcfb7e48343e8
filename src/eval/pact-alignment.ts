import { alignmentMetrics, pairRates, type AlignmentMetrics, type ChoiceObservation } from '../stats/alignment.ts';
import type { HumanResponseRow, PactDecision } from './records.ts';

export interface PactAlignmentRow {
  model: string;
  /** Which human answer is compared: what respondents would do, or what they think most people consider appropriate. */
  target: 'personal_choice' | 'norm_judgment';
  /** See PERSONA_POOLING. */
  persona: boolean;
  /** The respondents compared: one country's, or null for all respondents pooled. */
  respondent_country: string | null;
  metrics: AlignmentMetrics;
}

/**
 * What each side of the comparison pools, per scenario (the unit). Printed with the report.
 * Persona prompts are the model's stand-in for a population of respondents: each demographic
 * variant of an instance is another "respondent", so model agreement is measured across them.
 */
export const PERSONA_POOLING = {
  withPersona:
    'with persona: every model answer on the scenario under a demographic prompt (full_demo, age_only, gender_only — those that were run), over every actor country, system prompt and run',
  withoutPersona: 'without persona: the model answers under no_demo only, over every actor country, system prompt and run',
  humans: 'humans: every respondent who answered the scenario, or only those of one respondent country',
} as const;

function modelObservations(decisions: readonly PactDecision[], model: string, persona: boolean): ChoiceObservation[] {
  return decisions
    .filter((d) => d.model === model && d.decision !== 'UNKNOWN' && (d.demographics !== 'no_demo') === persona)
    .map((d) => ({ unit: d.scenario_id, followsCulture: d.decision === 'FOLLOW_CULTURE' }));
}

function humanObservations(humans: readonly HumanResponseRow[], target: PactAlignmentRow['target']): ChoiceObservation[] {
  return humans.map((h) => ({ unit: h.scenario_id, followsCulture: h[target] === 'FOLLOW_CULTURE' }));
}

/**
 * Human–model alignment (Borah et al., appendix F.1) per model, human question, persona setting
 * and respondent country (all respondents pooled, then each country on its own, as the paper
 * reports it by country); the unit is the scenario.
 */
export function pactAlignment(decisions: readonly PactDecision[], humans: readonly HumanResponseRow[]): PactAlignmentRow[] {
  const models = [...new Set(decisions.map((d) => d.model))].sort();
  const countries = [...new Set(humans.map((h) => h.respondent_country))].sort();
  const respondentGroups: Array<[string | null, readonly HumanResponseRow[]]> = [
    [null, humans],
    ...countries.map((c): [string, HumanResponseRow[]] => [c, humans.filter((h) => h.respondent_country === c)]),
  ];
  const rows: PactAlignmentRow[] = [];
  for (const model of models) {
    for (const persona of [false, true]) {
      const answers = modelObservations(decisions, model, persona);
      if (answers.length === 0) continue;
      for (const target of ['personal_choice', 'norm_judgment'] as const) {
        for (const [country, group] of respondentGroups) {
          const rates = pairRates(humanObservations(group, target), answers);
          if (rates.length) rows.push({ model, target, persona, respondent_country: country, metrics: alignmentMetrics(rates) });
        }
      }
    }
  }
  return rows;
}
