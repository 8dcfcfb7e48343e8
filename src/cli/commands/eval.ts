import type { Command } from 'commander';
import { DATASET_IDS } from '../../schemas/dataset-ids.ts';
import type { CliContext } from '../context.ts';
import { positiveNumber, shareOption, wholeNumber } from '../options.ts';
import type { CliEvalOptions } from '../actions/eval.ts';

/** `normforge eval <dataset>`: runs the dataset's evaluation stage through the runner (cache, budget, resume). */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('eval')
    .description("measure models on a dataset, the papers' way")
    .argument('<dataset>', DATASET_IDS.join(' | '))
    .option('--models <ids>', 'comma-separated model ids (default: eval.models, else the panel)')
    .option('--sample <n>', 'evaluate a stratified sample of n items', wholeNumber(1))
    .option('--seed <s>', 'seed of the sample and the bootstrap', wholeNumber(0))
    .option('--dry-run', 'print requests, tokens and cost per model (cached vs new) and make no call')
    .option('--force', 'run even when the outputs are up to date')
    .option('--max-cost <usd>', 'stop before the spend would pass this budget', positiveNumber)
    .option(
      '--accept-failures <rate>',
      'finish when failed samples are at most this share (0..1); recorded in provenance and the report',
      shareOption,
    )
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .option('--json', 'print the run report as JSON')
    .action(async (dataset: string, opts: CliEvalOptions) =>
      (await import('../actions/eval.ts')).evalCommand(ctx, dataset, opts),
    );
}
