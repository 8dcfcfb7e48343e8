import { ltoPoleStatement } from './hofstede.ts';
import type { StatementLabel } from '../schemas/records.ts';
import type { LoadedFramework } from './framework.ts';
import { CONTESTED_RULE } from './aggregate.ts';

/**
 * The dataset's appendix: statements per dimension of the framework, how their scores spread, and
 * the rules used (with Hofstede's, the LTO pole note).
 */
export function statementsSummary(
  labels: readonly StatementLabel[],
  statementsJudged: number,
  mode: string,
  framework: LoadedFramework,
) {
  const perDimension = Object.fromEntries(
    framework.codes.map((d) => {
      const rows = labels.filter((l) => l.dimension === d);
      const scores = rows.map((l) => l.score).filter((s): s is number => s !== null);
      return [
        d,
        {
          statements: rows.length,
          contested: rows.filter((l) => l.contested).length,
          positive: scores.filter((s) => s > 0).length,
          negative: scores.filter((s) => s < 0).length,
          mean_score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
        },
      ];
    }),
  );
  return {
    dataset: 'sociocultural-statements',
    mode,
    statements_judged: statementsJudged,
    statements_labelled: new Set(labels.map((l) => l.statement_id)).size,
    pairs: labels.length,
    contested: labels.filter((l) => l.contested).length,
    per_dimension: perDimension,
    models: [...new Set(labels.flatMap((l) => l.models))],
    simulated: labels.some((l) => l.simulated),
    polarity_note: ltoPoleStatement(framework),
    contested_rule: CONTESTED_RULE,
  };
}
