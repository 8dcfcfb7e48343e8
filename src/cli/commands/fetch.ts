import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { readSeeds, type Discovered } from '../../scrapers/kialo/discovery.ts';
import { EXPORTS_DIR, fetchKialoExports } from '../../scrapers/kialo/export-fetch.ts';
import { discussionIdOf, discussionUrl } from '../../scrapers/kialo/urls.ts';
import { abortOnSignals, printJson } from '../shared.ts';

interface FetchOptions {
  seeds?: string;
  json?: boolean;
  config?: string;
}

/** Discussions named on the command line (id, slug-id or URL) and in a seeds file (or public id list). */
function entriesOf(ids: string[], seeds: string | undefined, baseUrl: string): Discovered[] {
  const fromArgs = ids.map((arg) => {
    const id = discussionIdOf(arg);
    if (id === undefined)
      throw new UserError(`"${arg}" is neither a Kialo discussion id, a slug-id nor a discussion URL`);
    const url = /^\d+$/.test(arg.trim())
      ? discussionUrl(baseUrl, id)
      : URL.canParse(arg)
        ? arg
        : new URL(`/${encodeURIComponent(arg.trim())}`, baseUrl).toString();
    return { id, url };
  });
  const all = [...fromArgs, ...(seeds ? readSeeds(resolve(seeds), baseUrl) : [])];
  if (all.length === 0) throw new UserError('name the discussions: ids (or slug-ids) as arguments, or --seeds FILE');
  return all;
}

/** `normforge fetch kialo-exports IDS|--seeds FILE` */
export function register(program: Command, getWorkspace: (opts: { config?: string }) => Workspace): void {
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
    .action(async (kind: string, ids: string[], opts: FetchOptions) => {
      if (kind !== 'kialo-exports') throw new UserError(`unknown fetch "${kind}"; available: kialo-exports`);
      const ws = getWorkspace({ config: opts.config });
      const controller = abortOnSignals((m) => ws.log.warn(m));
      try {
        const kialo = ws.config.sources.kialo;
        const entries = entriesOf(ids, opts.seeds, kialo.baseUrl);
        const params = {
          baseUrl: kialo.baseUrl,
          delayMs: kialo.delayMs,
          maxAttempts: 4,
          retryBaseMs: 2000,
          endpoints: kialo.endpoints,
          session: kialo.session,
        };
        const summary = await fetchKialoExports(entries, params, {
          root: ws.root,
          log: ws.log,
          signal: controller.signal,
        });
        if (opts.json) printJson(summary);
        else {
          process.stdout.write(
            `Kialo exports in ${EXPORTS_DIR}/: ${summary.downloaded.length} downloaded, ${summary.kept.length} already there, ${summary.failed.length} failed\n`,
          );
          for (const f of summary.failed) process.stdout.write(`  discussion ${f.id}: ${f.error}\n`);
          process.stdout.write('Read them with: normforge import kialo-export\n');
        }
        if (summary.failed.length) process.exitCode = 1;
      } finally {
        ws.close();
      }
    });
}
