import type { Command } from 'commander';
import { RECIPE_NAMES } from '../../recipes/index.ts';
import type { CliContext } from '../context.ts';
import { collectParam, positiveNumber, shareOption } from '../options.ts';
import type { RunCliOptions } from '../actions/run.ts';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description(`run a recipe's stages (${RECIPE_NAMES.join(', ')}); fresh stages are skipped`)
    .argument('<recipe>', 'recipe id')
    .option('--from <stage>', 'start at this stage')
    .option('--to <stage>', 'stop after this stage')
    .option('--only <stage>', 'run only this stage')
    .option('--force', 'rerun the selected stages even when up to date')
    .option(
      '--dry-run',
      'print the LLM request / token / cost plan, and what each panel language and member adds to it; make no call',
    )
    .option('--max-cost <usd>', 'stop before the spend would pass this budget', positiveNumber)
    .option(
      '--param <stage.key=value>',
      'set a stage param for this run (repeatable), e.g. --param expand-dyads.configurations=true or --param judge-relevance.assumeStatements=776 with --dry-run',
      collectParam,
    )
    .option(
      '--configurations',
      'pact: one instance per configuration C1–C3, its wording in the scenario (same as --param expand-dyads.configurations=true)',
    )
    .option(
      '--accept-failures <rate>',
      'finish stages whose failed samples are at most this share (0..1) of their samples; recorded in provenance and the card',
      shareOption,
    )
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .option('--json', 'print the run report as JSON')
    .action(async (name: string, opts: RunCliOptions) =>
      (await import('../actions/run.ts')).runCommand(ctx, name, opts),
    );

  program
    .command('status')
    .description('each stage: fresh / stale (and why) / never run, record counts, last run')
    .argument('[recipe]', 'recipe id (default: all recipes)')
    .option('--json', 'print as JSON')
    .action(async (name: string | undefined, opts: { json?: boolean }) =>
      (await import('../actions/status.ts')).statusCommand(ctx, name, opts),
    );
}
