import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from '../context.ts';
import { wholeNumber } from '../options.ts';
import { AGREEMENT_CONVENTIONS } from './agreement-help.ts';
import type { AgreementOptions } from '../actions/agreement.ts';

/** `normforge agreement --ratings FILE.csv --scale nominal|ordinal|interval [--json]` */
export function register(program: Command, ctx: CliContext): void {
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
    .action(async (opts: AgreementOptions) => (await import('../actions/agreement.ts')).agreementCommand(ctx, opts));
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
