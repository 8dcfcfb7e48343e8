import { dropOneDeviance, groupPatterns, type DropOne } from '../stats/logistic.ts';
import type { PactDecision } from './pact-records.ts';

/** Factors of the regression, and the terms dropped one at a time (age and gender cover actor and receiver). */
const FACTORS = [
  'receiver_country',
  'actor_age',
  'receiver_age',
  'actor_gender',
  'receiver_gender',
  'relation',
  'configuration',
] as const;
export const REGRESSION_TERMS: Readonly<Record<string, readonly string[]>> = {
  country: ['receiver_country'],
  age: ['actor_age', 'receiver_age'],
  gender: ['actor_gender', 'receiver_gender'],
  relation: ['relation'],
  configuration: ['configuration'],
};

export interface PactRegression {
  /** A model, or 'all models' pooled. */
  model: string;
  observations: number;
  deviance: number;
  nullDeviance: number;
  converged: boolean;
  terms: DropOne[];
}

function regress(model: string, decisions: readonly PactDecision[]): PactRegression | null {
  const valid = decisions.filter((d) => d.decision !== 'UNKNOWN');
  if (valid.length === 0) return null;
  const patterns = groupPatterns(
    valid.map((d) => ({ levels: FACTORS.map((f) => d[f] ?? 'unexpanded'), success: d.decision === 'FOLLOW_CULTURE' })),
  );
  const { full, terms } = dropOneDeviance(patterns, FACTORS, REGRESSION_TERMS);
  return {
    model,
    observations: valid.length,
    deviance: full.deviance,
    nullDeviance: full.nullDeviance,
    converged: full.converged,
    terms,
  };
}

/**
 * Logistic regression of following the culture on the scenario's country, actor and receiver age
 * and gender, relation and configuration, per model and pooled; each term's drop-one deviance as a
 * share of the null deviance (the paper reports country 7.8 %, age 1 %, gender 0.7 %).
 */
export function pactRegressions(decisions: readonly PactDecision[]): PactRegression[] {
  const models = [...new Set(decisions.map((d) => d.model))].sort();
  const perModel = models.map((m) =>
    regress(
      m,
      decisions.filter((d) => d.model === m),
    ),
  );
  const pooled = models.length > 1 ? regress('all models', decisions) : null;
  return [...perModel, pooled].filter((r): r is PactRegression => r !== null);
}
