import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { runRecipe } from '../../pipeline/runner.ts';
import type { Recipe } from '../../pipeline/stage.ts';
import { Workspace } from '../../pipeline/workspace.ts';
import type { Config } from '../../schemas/config.ts';
import { scrapeKialo } from '../../stages/scrape-kialo.ts';
import { abortOnSignals, printJson } from '../shared.ts';

interface ScrapeOptions {
  seeds?: string;
  baseUrl?: string;
  reparse?: boolean;
  json?: boolean;
  config?: string;
}

/** The command line wins over the config file: `--seeds` adds seeds discovery, `--reparse` is a stage param. */
function withOverrides(config: Config, opts: ScrapeOptions): Config {
  const kialo = { ...config.sources.kialo };
  if (opts.seeds) {
    kialo.seeds = resolve(opts.seeds);
    if (!kialo.discovery.includes('seeds')) kialo.discovery = [...kialo.discovery, 'seeds'];
  }
  if (opts.baseUrl) {
    if (!URL.canParse(opts.baseUrl)) throw new UserError(`--base-url must be a URL, got "${opts.baseUrl}"`);
    kialo.baseUrl = opts.baseUrl;
  }
  const stageParams = { ...config.stages['scrape-kialo'], ...(opts.reparse ? { reparse: true } : {}) };
  return { ...config, sources: { ...config.sources, kialo }, stages: { ...config.stages, 'scrape-kialo': stageParams } };
}

/** `normforge scrape kialo [--seeds FILE] [--base-url URL] [--reparse]` */
export function register(program: Command, getWorkspace: (opts: { config?: string }) => Workspace): void {
  program
    .command('scrape')
    .description('run a scraper on its own')
    .argument('<source>', 'what to scrape: kialo')
    .option('--seeds <file>', 'discussion URLs or ids, one a line')
    .option('--base-url <url>', 'Kialo site (default from the config: https://www.kialo.com)')
    .option('--reparse', 're-extract the kept snapshots under data/raw/kialo/html/ without any request')
    .option('--json', 'print the run report as JSON')
    .option('--config <file>', 'config file')
    .action(async (source: string, opts: ScrapeOptions) => {
      if (source !== 'kialo') throw new UserError(`unknown source "${source}"; the scraper available is: kialo`);
      const base = getWorkspace({ config: opts.config });
      const ws = new Workspace(base.root, withOverrides(base.config, opts), base.configFile, base.log);
      // The scrape-kialo stage of the sociocultural-statements recipe, run alone; an explicit scrape always runs (the frontier skips finished pages).
      const recipe: Recipe = { name: 'sociocultural-statements', description: 'Kialo scrape', stages: [scrapeKialo as Recipe['stages'][number]] };
      const controller = abortOnSignals((m) => ws.log.warn(m));
      try {
        const report = await runRecipe(ws, recipe, { only: 'scrape-kialo', force: true, signal: controller.signal });
        const stage = report.stages[0];
        if (opts.json) printJson(stage);
        else process.stdout.write(`${Object.entries(stage?.counts ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
      } finally {
        ws.close();
        base.close();
      }
    });
}
