import { alignmentMetrics, pairRates, type AlignmentMetrics } from '../stats/alignment.ts';
import type { HumanResponseRow, PactDecision } from './records.ts';

export interface PactAlignmentRow {
  model: string;
  /** Which human answer is compared: what respondents would do, or what they think most people consider appropriate. */
  target: 'personal_choice' | 'norm_judgment';
  /** true: model answers under demographic (persona) prompts; false: `no_demo` answers only. */
  persona: boolean;
  metrics: AlignmentMetrics;
}

/** Human–model alignment per model, human question and persona setting; the unit is the scenario. */
export function pactAlignment(decisions: readonly PactDecision[], humans: readonly HumanResponseRow[]): PactAlignmentRow[] {
  const models = [...new Set(decisions.map((d) => d.model))].sort();
  const rows: PactAlignmentRow[] = [];
  for (const model of models) {
    for (const persona of [false, true]) {
      const answers = decisions
        .filter((d) => d.model === model && d.decision !== 'UNKNOWN' && (d.demographics !== 'no_demo') === persona)
        .map((d) => ({ unit: d.scenario_id, followsCulture: d.decision === 'FOLLOW_CULTURE' }));
      if (answers.length === 0) continue;
      for (const target of ['personal_choice', 'norm_judgment'] as const) {
        const human = humans.map((h) => ({ unit: h.scenario_id, followsCulture: h[target] === 'FOLLOW_CULTURE' }));
        rows.push({ model, target, persona, metrics: alignmentMetrics(pairRates(human, answers)) });
      }
    }
  }
  return rows;
}
