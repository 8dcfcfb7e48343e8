import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

/** `normforge demo` (what `npm start` runs): the full offline build of both datasets on the bundled sample. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('build both datasets end to end on the bundled sample, offline (what `npm start` runs)')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { json?: boolean }) => (await import('../actions/demo.ts')).demoCommand(ctx, opts));
}
