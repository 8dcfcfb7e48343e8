import type { Command } from 'commander';
import { EXPORTS_DIR } from '../../scrapers/kialo/export-dir.ts';
import type { CliContext } from '../context.ts';
import type { FetchOptions } from '../actions/fetch.ts';

/** `normforge fetch kialo-exports IDS|--seeds FILE` */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('fetch')
    .description(`download source files with the user's session, politely, into ${EXPORTS_DIR}/ (kialo-exports)`)
    .argument('<kind>', 'what to download: kialo-exports')
    .argument('[ids...]', 'discussion ids, slug-ids or URLs')
    .option(
      '--seeds <file>',
      'discussion ids, slug-ids or URLs, one a line (optionally ",tags"); a public id list works as is',
    )
    .option('--json', 'print the summary as JSON')
    .option('--config <file>', 'config file')
    .action(async (kind: string, ids: string[], opts: FetchOptions) =>
      (await import('../actions/fetch.ts')).fetchCommand(ctx, kind, ids, opts),
    );
}
