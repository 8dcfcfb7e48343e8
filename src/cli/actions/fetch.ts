import { UserError } from '../../errors.ts';
import { readSeeds, type Discovered } from '../../scrapers/kialo/discovery.ts';
import { EXPORTS_DIR } from '../../scrapers/kialo/export-dir.ts';
import { fetchKialoExports } from '../../scrapers/kialo/export-fetch.ts';
import { configuredScrapeOptions } from '../../scrapers/kialo/options.ts';
import { discussionIdOf, discussionUrl } from '../../scrapers/kialo/urls.ts';
import type { CliContext } from '../context.ts';
import { abortOnSignals, openWorkspace } from '../shared.ts';

export interface FetchOptions {
  seeds?: string;
  json?: boolean;
  config?: string;
}

/** Discussions named on the command line (id, slug-id or URL) and in a seeds file (or public id list). */
function entriesOf(ids: string[], seedsFile: string | undefined, baseUrl: string): Discovered[] {
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
  const all = [...fromArgs, ...(seedsFile ? readSeeds(seedsFile, baseUrl) : [])];
  if (all.length === 0) throw new UserError('name the discussions: ids (or slug-ids) as arguments, or --seeds FILE');
  return all;
}

/** `normforge fetch kialo-exports IDS|--seeds FILE` */
export async function fetchCommand(ctx: CliContext, kind: string, ids: string[], opts: FetchOptions): Promise<void> {
  if (kind !== 'kialo-exports') throw new UserError(`unknown fetch "${kind}"; available: kialo-exports`);
  const ws = openWorkspace(ctx, { config: opts.config });
  const controller = abortOnSignals((m) => ws.log.warn(m), ctx);
  try {
    // The configured politeness and retries (sources.kialo and the scrape-kialo stage's params).
    const kialo = configuredScrapeOptions(ws.config);
    const entries = entriesOf(ids, opts.seeds === undefined ? undefined : ctx.path(opts.seeds), kialo.baseUrl);
    const summary = await fetchKialoExports(entries, kialo, {
      root: ws.root,
      log: ws.log,
      signal: controller.signal,
    });
    if (opts.json) ctx.printJson(summary);
    else {
      ctx.out(
        `Kialo exports in ${EXPORTS_DIR}/: ${summary.downloaded.length} downloaded, ${summary.kept.length} already there, ${summary.failed.length} failed\n`,
      );
      for (const f of summary.failed) ctx.out(`  discussion ${f.id}: ${f.error}\n`);
      ctx.out('Read them with: normforge import kialo-export\n');
    }
    if (summary.failed.length) ctx.exitCode = 1;
  } finally {
    ws.close();
  }
}
