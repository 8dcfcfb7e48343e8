import { krippendorffAlpha, meanAbsoluteError, pairwiseMae } from '../stats/agreement.ts';
import { median } from '../stats/descriptive.ts';
import { agreementRow, confusion, coverage, judgmentMatrix, share } from './stats.ts';
import type { DimensionRow, PactCriterion, PactQcStats, QcStats, StatementsQcStats } from './stats-schemas.ts';
import type { Manifest, QcRating } from './schemas.ts';

export type { QcStats };
type SimulatedRatings = Pick<PactQcStats, 'simulated_ratings' | 'simulated_annotators'>;

const PACT_CRITERIA = ['plausible', 'clear', 'scenario_clear'];
const SCORE_LABELS = ['-2', '-1', '1', '2'];

export function pactStats(manifest: Manifest, ratings: QcRating[]): PactQcStats {
  const criteria = PACT_CRITERIA.map((criterion): PactCriterion => {
    const matrix = judgmentMatrix(manifest, ratings, criterion);
    const given = matrix.flat();
    return {
      criterion,
      ratings: given.filter((v) => v !== null).length,
      pass_rate: share(given, 'yes'),
      llm_pass_rate: share(
        manifest.items.map((i) => i.llm[criterion] ?? null),
        'yes',
      ),
      agreement: agreementRow(matrix, manifest.seed),
    };
  });
  const pooled = PACT_CRITERIA.flatMap((c) => judgmentMatrix(manifest, ratings, c));
  return {
    dataset: 'pact',
    round: manifest.round,
    ...simulatedRatings(ratings),
    coverage: coverage(manifest, ratings, PACT_CRITERIA),
    criteria,
    overall: agreementRow(pooled, manifest.seed),
    confusion: PACT_CRITERIA.map((c) => confusion(manifest, ratings, c, ['yes', 'no'])),
  };
}

export function statementsStats(manifest: Manifest, ratings: QcRating[]): StatementsQcStats {
  const dims = [...new Set(manifest.items.map((i) => i.context.dimension))].sort();
  const relevance = judgmentMatrix(manifest, ratings, 'relevant');
  const overallScores = scoreSummary(
    manifest,
    ratings,
    manifest.items.map((i) => i.item_id),
  );
  const alpha = krippendorffAlpha(numeric(judgmentMatrix(manifest, ratings, 'score')), 'ordinal');
  return {
    dataset: 'sociocultural-statements',
    round: manifest.round,
    ...simulatedRatings(ratings),
    coverage: coverage(manifest, ratings, ['relevant']),
    statements: new Set(manifest.items.map((i) => i.context.statement_id)).size,
    relevance_precision: share(relevance.flat(), 'yes'),
    relevance_agreement: agreementRow(relevance, manifest.seed),
    score_alpha_ordinal: alpha.value,
    ...(alpha.reason ? { score_alpha_reason: alpha.reason } : {}),
    pairwise_mae: overallScores.pairwise,
    human_vs_llm_mae: overallScores.vsLlm,
    dimensions: dims.map((dimension) => dimensionRow(manifest, ratings, dimension)),
    confusion: [confusion(manifest, ratings, 'score', SCORE_LABELS)],
  };
}

function simulatedRatings(ratings: QcRating[]): SimulatedRatings {
  const annotators = [...new Set(ratings.filter((r) => r.simulated).map((r) => r.annotator))].sort();
  return { simulated_ratings: annotators.length > 0, simulated_annotators: annotators };
}

function dimensionRow(manifest: Manifest, ratings: QcRating[], dimension: string): DimensionRow {
  const ids = manifest.items.filter((i) => i.context.dimension === dimension).map((i) => i.item_id);
  const relevance = judgmentMatrix(manifest, ratings, 'relevant', ids).flat();
  const scores = scoreSummary(manifest, ratings, ids);
  return {
    dimension,
    pairs: ids.length,
    human_ratings: relevance.filter((v) => v !== null).length,
    relevance_precision: share(relevance, 'yes'),
    pairwise_mae: scores.pairwise,
    human_vs_llm_mae: scores.vsLlm,
  };
}

/** Pairwise inter-annotator MAE, and MAE of the human median against the LLM's score, over items. */
function scoreSummary(
  manifest: Manifest,
  ratings: QcRating[],
  ids: string[],
): { pairwise: number | null; vsLlm: number | null } {
  const matrix = numeric(judgmentMatrix(manifest, ratings, 'score', ids));
  const llm = new Map(
    manifest.items.map((i) => [i.item_id, i.llm.score_value == null ? null : Number(i.llm.score_value)]),
  );
  const humanMedians = matrix.map((row) => median(row.filter((v): v is number => v !== null)));
  return {
    pairwise: pairwiseMae(matrix).value,
    vsLlm: meanAbsoluteError(
      humanMedians,
      ids.map((id) => llm.get(id) ?? null),
    ).value,
  };
}

function numeric(matrix: (string | null)[][]): (number | null)[][] {
  return matrix.map((row) => row.map((v) => (v === null ? null : Number(v))));
}
