import type { Command } from 'commander';
import { EXPORTS_DIR } from '../../scrapers/kialo/export-dir.ts';
import type { CliContext } from '../context.ts';

/** `normforge import kialo-export [FILES...]` */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('import source files into the raw records')
    .argument('<kind>', 'what the files are: kialo-export')
    .argument(
      '[files...]',
      `Kialo export .txt files named <slug>-<id>.txt, either format (default: every file in ${EXPORTS_DIR}/)`,
    )
    .option('--json', 'print the summary as JSON')
    .option('--config <file>', 'config file')
    .action(async (kind: string, files: string[], opts: { json?: boolean; config?: string }) =>
      (await import('../actions/import.ts')).importCommand(ctx, kind, files, opts),
    );
}
