import type { AgreementRow, PactQcStats, QcStats, StatementsQcStats } from './stats-schemas.ts';

/**
 * The QC tables, shared by report.md, report.html and the dataset card. Shares and coefficients
 * are all fractions (0–1) with three decimals, as in the charts beside them, never a mix of % and
 * fractions.
 */
export const frac = (v: number | null) => (v === null ? 'undefined' : v.toFixed(3));
const ci = (c: [number, number] | null) => (c ? ` [${c[0].toFixed(3)}, ${c[1].toFixed(3)}]` : '');

export interface Table {
  header: string[];
  rows: string[][];
  /** Lines under the table: the reason for every "undefined", how the intervals were made. */
  notes: string[];
}

const AGREEMENT_LABELS = { observed: 'observed agreement', pabak: 'PABAK', gwet_ac1: "Gwet's AC1" } as const;

function agreementCells(a: AgreementRow): string[] {
  return [
    String(a.items_rated_twice),
    `${frac(a.observed)}${ci(a.ci95.observed)}`,
    `${frac(a.pabak)}${ci(a.ci95.pabak)}`,
    `${frac(a.gwet_ac1)}${ci(a.ci95.gwet_ac1)}`,
  ];
}

/** Why each null is null, and on how many resamples an interval rests when some were undefined. */
function agreementNotes(label: string, a: AgreementRow): string[] {
  const notes: string[] = [];
  for (const [key, name] of Object.entries(AGREEMENT_LABELS) as Array<[keyof typeof AGREEMENT_LABELS, string]>) {
    const why = a.reasons?.[key];
    if (why) notes.push(`${label}, ${name}: ${why}.`);
    const used = a.bootstrap?.used[key];
    if (a.bootstrap && used !== undefined && a.ci95[key] && used < a.bootstrap.replicates)
      notes.push(
        `${label}, ${name}: interval over the ${used} of ${a.bootstrap.replicates} resamples on which it is defined.`,
      );
  }
  return notes;
}

function bootstrapNote(a: AgreementRow): string {
  const b = a.bootstrap;
  return b
    ? `Intervals: 95% percentile bootstrap over items, ${b.replicates} resamples, seed ${b.seed}.`
    : 'Intervals: 95% percentile bootstrap over items.';
}

function pactTables(s: PactQcStats): { title: string; table: Table }[] {
  const header = [
    'criterion',
    'ratings',
    'human pass rate',
    'LLM pass rate',
    'items rated ≥2',
    'observed agreement',
    'PABAK',
    "Gwet's AC1",
  ];
  const rows = s.criteria.map((c) => [
    c.criterion,
    String(c.ratings),
    frac(c.pass_rate),
    frac(c.llm_pass_rate),
    ...agreementCells(c.agreement),
  ]);
  rows.push(['all criteria', '', '', '', ...agreementCells(s.overall)]);
  const notes = [
    bootstrapNote(s.overall),
    ...s.criteria.flatMap((c) => agreementNotes(c.criterion, c.agreement)),
    ...agreementNotes('all criteria', s.overall),
  ];
  return [
    {
      title: 'Validation criteria: pass rates (share of ratings) and inter-annotator agreement (95% CI)',
      table: { header, rows, notes },
    },
  ];
}

function statementTables(s: StatementsQcStats): { title: string; table: Table }[] {
  const header = [
    'dimension',
    'pairs',
    'human ratings',
    'relevance precision',
    'pairwise MAE',
    'human median vs LLM MAE',
  ];
  const rows = s.dimensions.map((d) => [
    d.dimension,
    String(d.pairs),
    String(d.human_ratings),
    frac(d.relevance_precision),
    frac(d.pairwise_mae),
    frac(d.human_vs_llm_mae),
  ]);
  rows.push([
    'all',
    String(s.coverage.items),
    String(s.coverage.imported_ratings),
    frac(s.relevance_precision),
    frac(s.pairwise_mae),
    frac(s.human_vs_llm_mae),
  ]);
  const maeNote =
    'Relevance precision: share of human ratings of LLM-relevant pairs that say "relevant". MAE in score points on the −2…2 scale.';
  const relevance = {
    header: ['judgment', 'items rated ≥2', 'observed agreement', 'PABAK', "Gwet's AC1"],
    rows: [['relevant', ...agreementCells(s.relevance_agreement)]],
    notes: [bootstrapNote(s.relevance_agreement), ...agreementNotes('relevant', s.relevance_agreement)],
  };
  const alphaNote =
    s.score_alpha_ordinal === null ? [`score: ${s.score_alpha_reason ?? 'undefined for these ratings'}.`] : [];
  const score = {
    header: ['judgment', "Krippendorff's alpha (ordinal)"],
    rows: [['score', frac(s.score_alpha_ordinal)]],
    notes: alphaNote,
  };
  return [
    {
      title: `Relevance precision and score error per dimension (${s.statements} statements, ${s.coverage.items} predictions)`,
      table: { header, rows, notes: [maeNote] },
    },
    { title: 'Agreement on relevance (yes/no)', table: relevance },
    { title: 'Agreement on the score (−2…2)', table: score },
  ];
}

export function tables(stats: QcStats): { title: string; table: Table }[] {
  return stats.dataset === 'pact' ? pactTables(stats) : statementTables(stats);
}

function markdownTable(t: Table): string {
  const lines = [
    `| ${t.header.join(' | ')} |`,
    `| ${t.header.map(() => '---').join(' | ')} |`,
    ...t.rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  return [lines.join('\n'), ...t.notes].join('\n\n');
}

/**
 * The papers' tables (PACT: per criterion; statements: relevance precision and per-dimension MAE)
 * as Markdown under headings of the given level; `report.md` and the dataset card both show these.
 */
export function renderTablesMarkdown(stats: QcStats, headingLevel: number): string {
  const hashes = '#'.repeat(headingLevel);
  return tables(stats)
    .map(({ title, table }) => `${hashes} ${title}\n\n${markdownTable(table)}`)
    .join('\n\n');
}
