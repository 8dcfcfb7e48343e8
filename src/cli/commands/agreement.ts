import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { UserError } from '../../errors.ts';
import { agreementJson, agreementSummary, SUMMARY_STATISTICS, type AgreementSummary, type Scale } from '../../stats/agreement.ts';
import { readWideRatings } from '../../qc/ratings-table.ts';
import type { Workspace } from '../../pipeline/workspace.ts';

interface AgreementOptions {
  ratings: string;
  scale: Scale;
  seed: string;
  replicates: string;
  json?: boolean;
  config?: string;
}

/** `normforge agreement --ratings FILE.csv --scale nominal|ordinal|interval [--json]` */
export function register(program: Command, _getWorkspace: (opts: { config?: string }) => Workspace): void {
  program
    .command('agreement')
    .description('inter-rater agreement for a ratings table (first column item id, one column per rater, blank = missing)')
    .requiredOption('--ratings <file>', 'wide CSV of ratings')
    .addOption(new Option('--scale <scale>', 'measurement level of the ratings (no default: choose it)').choices(['nominal', 'ordinal', 'interval']).makeOptionMandatory())
    .option('--seed <n>', 'bootstrap seed', '0')
    .option('--replicates <n>', 'bootstrap resamples for the 95% intervals', '1000')
    .option('--json', 'print one JSON object')
    .option('--config <file>', 'config file (unused by this command)')
    .action(async (opts: AgreementOptions) => {
      const summary = await computeAgreement(resolve(opts.ratings), opts.scale, integer(opts.seed, '--seed'), integer(opts.replicates, '--replicates'));
      process.stdout.write(opts.json ? `${JSON.stringify(agreementJson(summary), null, 2)}\n` : formatSummary(summary));
    });
}

export async function computeAgreement(file: string, scale: Scale, seed = 0, replicates = 1000): Promise<AgreementSummary> {
  const { matrix } = await readWideRatings(file, scale);
  return agreementSummary(matrix, scale, { seed, replicates });
}

function integer(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${flag} must be a non-negative integer, got "${text}"`);
  return n;
}

export function formatSummary(s: AgreementSummary): string {
  const fmt = (v: number | null) => (v === null ? 'undefined' : v.toFixed(4));
  const lines = [`${s.n_items} items, ${s.n_raters} raters, ${s.n_ratings} ratings, scale ${s.scale}`, ''];
  const width = Math.max(...SUMMARY_STATISTICS.map((n) => n.length));
  lines.push(`${'statistic'.padEnd(width)}  value      95% CI`);
  for (const name of SUMMARY_STATISTICS) {
    const ci = s.ci95[name];
    const note = s.undefined_reasons[name] ? `  (${s.undefined_reasons[name]})` : '';
    lines.push(`${name.padEnd(width)}  ${fmt(s[name]).padEnd(9)}  ${ci ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : '-'}${note}`);
  }
  return `${lines.join('\n')}\n`;
}
