import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

const actions = () => import('../actions/batch.ts');

/** `normforge batch status|cancel`: the run store's OpenAI Batch API jobs. */
export function register(program: Command, ctx: CliContext): void {
  const batch = program
    .command('batch')
    .description('LLM batch jobs (members with batch: true): list them, cancel them');

  batch
    .command('status')
    .description('list batch jobs from the run store: stage, member, provider status, requests, collected or open')
    .option('--stage <stage>', 'only this stage')
    .option('--json', 'print the jobs as JSON')
    .action(async (opts: { stage?: string; json?: boolean }) => (await actions()).batchStatusCommand(ctx, opts));

  batch
    .command('cancel')
    .description(
      'cancel open batch jobs at their provider; the next run collects what finished and asks the rest again',
    )
    .option('--stage <stage>', 'only this stage')
    .option('--member <id>', 'only this panel member')
    .option('--json', 'print the cancelled jobs as JSON')
    .action(async (opts: { stage?: string; member?: string; json?: boolean }) =>
      (await actions()).batchCancelCommand(ctx, opts),
    );
}
