import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UserError } from '../../errors.ts';
import {
  agreementJson,
  agreementSummary,
  SUMMARY_STATISTICS,
  type AgreementSummary,
  type Rating,
  type Scale,
} from '../../stats/agreement.ts';
import { readWideRatings } from '../../qc/ratings-table.ts';
import { wholeNumber } from '../options.ts';
import { parseDecimal } from '../../schemas/decimal.ts';
import { AGREEMENT_CONVENTIONS } from './agreement-help.ts';
import type { Workspace } from '../../workspace/workspace.ts';

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
    .description(
      'inter-rater agreement for a ratings table (first column item id, one column per rater, blank = missing)',
    )
    .requiredOption('--ratings <file>', 'wide CSV of ratings')
    .addOption(
      new Option('--scale <scale>', 'measurement level of the ratings (no default: choose it)')
        .choices(['nominal', 'ordinal', 'interval'])
        .makeOptionMandatory(),
    )
    .option('--seed <n>', 'bootstrap seed', wholeNumber(0), 0)
    .option(
      '--replicates <n>',
      'bootstrap resamples for the 95% intervals: 0 = point estimates only, else at least 100',
      replicatesOption,
      1000,
    )
    .option(
      '--categories <list>',
      'the full category set, comma-separated (e.g. yes,no): counts categories nobody used, so PABAK and AC1 are defined when every rating is the same',
    )
    .option('--json', 'print one JSON object')
    .option('--config <file>', 'config file (unused by this command)')
    .addHelpText('after', `\n${AGREEMENT_CONVENTIONS}\n`)
    .action(async (opts: AgreementOptions) => {
      const categories = opts.categories === undefined ? undefined : parseCategories(opts.categories, opts.scale);
      const { summary, raters } = await agreementOfFile(
        resolve(opts.ratings),
        opts.scale,
        opts.seed,
        opts.replicates,
        categories,
      );
      process.stdout.write(
        opts.json ? `${JSON.stringify(agreementJson(summary, raters), null, 2)}\n` : formatSummary(summary, raters),
      );
    });
}

/**
 * Fewer than 100 resamples put the 2.5% and 97.5% percentiles on the one or two most extreme
 * values, so such an "interval" is noise; 0 is the honest way to ask for no interval.
 */
export function replicatesOption(value: string): number {
  const n = wholeNumber(0)(value);
  if (n > 0 && n < 100)
    throw new InvalidArgumentError(
      'must be 0 (point estimates only) or at least 100 (fewer resamples give no usable 95% percentile interval)',
    );
  return n;
}

export async function computeAgreement(
  file: string,
  scale: Scale,
  seed = 0,
  replicates = 1000,
  categories?: Rating[],
): Promise<AgreementSummary> {
  return (await agreementOfFile(file, scale, seed, replicates, categories)).summary;
}

async function agreementOfFile(
  file: string,
  scale: Scale,
  seed: number,
  replicates: number,
  categories?: Rating[],
): Promise<{ summary: AgreementSummary; raters: string[] }> {
  const { matrix, raters } = await readWideRatings(file, scale, categories);
  return { summary: agreementSummary(matrix, scale, { seed, replicates, categories }), raters };
}

/** `--categories a,b,c`: text on a nominal scale, numbers on an ordered one; no blanks or repeats. */
export function parseCategories(text: string, scale: Scale): Rating[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === ''))
    throw new UserError(`--categories has an empty entry in "${text}"`, { field: '--categories' });
  const values: Rating[] = scale === 'nominal' ? parts : parts.map((p) => parseDecimal(p) ?? Number.NaN);
  const bad = parts.filter((_, i) => typeof values[i] === 'number' && Number.isNaN(values[i]));
  if (bad.length)
    throw new UserError(
      `--categories must be numbers on a ${scale} scale; not a number: ${bad.map((b) => `"${b}"`).join(', ')}`,
      { field: '--categories' },
    );
  const repeated = values.filter((v, i) => values.indexOf(v) !== i);
  if (repeated.length)
    throw new UserError(`--categories lists ${repeated.map(String).join(', ')} more than once`, {
      field: '--categories',
    });
  return values;
}

/** The human-readable table: every value with its interval and resamples, or the reason it has none. */
export function formatSummary(s: AgreementSummary, raterNames?: readonly string[]): string {
  const fmt = (v: number | null) => (v === null ? 'undefined' : v.toFixed(4));
  const b = s.bootstrap;
  const lines = [`${s.n_items} items, ${s.n_raters} raters, ${s.n_ratings} ratings, scale ${s.scale}`];
  if (s.empty_rater_columns.length)
    lines.push(`left out (no rating at all): ${agreementJson(s, raterNames).empty_rater_columns.join(', ')}`);
  lines.push(
    b.replicates === 0
      ? 'point estimates only (--replicates 0): no intervals'
      : `95% percentile bootstrap over items: ${b.replicates} resamples, seed ${b.seed}`,
    '',
  );
  const width = Math.max(...SUMMARY_STATISTICS.map((n) => n.length));
  lines.push(`${'statistic'.padEnd(width)}  value      95% CI              resamples`);
  for (const name of SUMMARY_STATISTICS) {
    const ci = s.ci95[name];
    const interval = ci ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : '-';
    const used = ci ? `${b.resamples_used[name]} of ${b.replicates}` : '';
    const why = s.undefined_reasons[name] ?? (b.replicates > 0 ? s.ci95_reasons[name] : undefined);
    lines.push(
      `${name.padEnd(width)}  ${fmt(s[name]).padEnd(9)}  ${interval.padEnd(18)}  ${used}${why ? `  (${why})` : ''}`.trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}
