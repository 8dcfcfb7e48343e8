import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { UserError } from '../../errors.ts';
import { agreementJson, agreementSummary, SUMMARY_STATISTICS, type AgreementSummary, type Rating, type Scale } from '../../stats/agreement.ts';
import { readWideRatings } from '../../qc/ratings-table.ts';
import { wholeNumber } from '../options.ts';
import { parseDecimal } from '../../schemas/decimal.ts';
import type { Workspace } from '../../pipeline/workspace.ts';

interface AgreementOptions {
  ratings: string;
  scale: Scale;
  seed: number;
  replicates: number;
  categories?: string;
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
    .option('--seed <n>', 'bootstrap seed', wholeNumber(0), 0)
    .option('--replicates <n>', 'bootstrap resamples for the 95% intervals', wholeNumber(0), 1000)
    .option('--categories <list>', 'the full category set, comma-separated (e.g. yes,no): counts categories nobody used, so PABAK and AC1 are defined when every rating is the same')
    .option('--json', 'print one JSON object')
    .option('--config <file>', 'config file (unused by this command)')
    .action(async (opts: AgreementOptions) => {
      const categories = opts.categories === undefined ? undefined : parseCategories(opts.categories, opts.scale);
      const summary = await computeAgreement(resolve(opts.ratings), opts.scale, opts.seed, opts.replicates, categories);
      process.stdout.write(opts.json ? `${JSON.stringify(agreementJson(summary), null, 2)}\n` : formatSummary(summary));
    });
}

export async function computeAgreement(file: string, scale: Scale, seed = 0, replicates = 1000, categories?: Rating[]): Promise<AgreementSummary> {
  const { matrix } = await readWideRatings(file, scale, categories);
  return agreementSummary(matrix, scale, { seed, replicates, categories });
}

/** `--categories a,b,c`: text on a nominal scale, numbers on an ordered one; no blanks or repeats. */
export function parseCategories(text: string, scale: Scale): Rating[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new UserError(`--categories has an empty entry in "${text}"`, { field: '--categories' });
  const values: Rating[] = scale === 'nominal' ? parts : parts.map((p) => parseDecimal(p) ?? Number.NaN);
  const bad = parts.filter((_, i) => typeof values[i] === 'number' && Number.isNaN(values[i]));
  if (bad.length) throw new UserError(`--categories must be numbers on a ${scale} scale; not a number: ${bad.map((b) => `"${b}"`).join(', ')}`, { field: '--categories' });
  const repeated = values.filter((v, i) => values.indexOf(v) !== i);
  if (repeated.length) throw new UserError(`--categories lists ${repeated.map(String).join(', ')} more than once`, { field: '--categories' });
  return values;
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
