import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { readJsonFile } from '../io/json-file.ts';
import { coverageLine, renderTablesMarkdown } from '../qc/report.ts';
import { QcStatsSchema, type QcStats } from '../qc/stats-schemas.ts';

/** Every `annotation/<dataset>/<round>/stats.json` written by `qc stats`, by round name. */
export function findQcStats(annotationDir: string, dataset: string): Array<{ round: string; file: string }> {
  const dir = join(annotationDir, dataset);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'stats.json')))
    .map((entry) => ({ round: entry.name, file: join(dir, entry.name, 'stats.json') }))
    .sort((a, b) => (a.round < b.round ? -1 : 1));
}

/** Marks a card whose QC section reports ratings from the simulated annotator; `publish` refuses it. */
export const SIMULATED_QC_MARKER = '<!-- normforge:simulated-qc -->';

/** A `stats.json` from `qc stats`, validated: an older or hand-edited file is named, not half-rendered. */
function readQcStats(file: string): QcStats {
  const parsed = QcStatsSchema.safeParse(readJsonFile(file));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UserError(
    `not a \`qc stats\` result (${issue.path.join('.') || 'top level'}: ${issue.message}); run \`normforge qc stats\` again`,
    { file },
  );
}

function simulatedWarningOf(stats: QcStats): string {
  if (!stats.simulated_ratings) return '';
  const who = stats.simulated_annotators.join(', ') || 'some annotators';
  return `${SIMULATED_QC_MARKER}\n> [!WARNING]\n> **Simulated human ratings.** In this round the sheets of ${who} were filled by normforge's simulated annotator, not by people: these figures are not a human quality check.\n\n`;
}

function roundBlock(round: string, stats: QcStats): string {
  return `### Round \`${round}\`\n\n${simulatedWarningOf(stats)}${coverageLine(stats)}\n\n${renderTablesMarkdown(stats, 4)}`;
}

export interface QcSection {
  body: string;
  present: boolean;
  /** Each reported round and who in it was the simulated annotator (for the release manifest). */
  rounds: Array<{ round: string; simulated_ratings: boolean; simulated_annotators: string[] }>;
}

/** The card's QC section: every round's `qc stats` results, or a plain statement that none exist. */
export function qcSection(annotationDir: string, dataset: string): QcSection {
  const found = findQcStats(annotationDir, dataset).map(({ round, file }) => ({ round, stats: readQcStats(file) }));
  if (found.length === 0) {
    return {
      present: false,
      rounds: [],
      body: 'No human quality-control results were available when this release was exported (`normforge qc stats` had not been run).',
    };
  }
  const blocks = found.map(({ round, stats }) => roundBlock(round, stats));
  return {
    present: true,
    rounds: found.map(({ round, stats }) => ({
      round,
      simulated_ratings: stats.simulated_ratings,
      simulated_annotators: stats.simulated_annotators,
    })),
    body: [
      'Results of `normforge qc stats` (agreement between human annotators and with the released labels).',
      ...blocks,
    ].join('\n\n'),
  };
}
