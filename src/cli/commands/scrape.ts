import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { runRecipe, type StageReport } from '../../pipeline/runner.ts';
import type { Recipe } from '../../pipeline/recipe.ts';
import { Workspace } from '../../workspace/workspace.ts';
import type { Config } from '../../schemas/config.ts';
import type { ScrapeSummary } from '../../scrapers/kialo/scrape.ts';
import { KIALO_RAW } from '../../datasets/registry.ts';
import { loadRecipeStage } from '../../recipes/index.ts';
import { abortOnSignals, printJson } from '../shared.ts';

interface ScrapeOptions {
  seeds?: string;
  baseUrl?: string;
  reparse?: boolean;
  render?: boolean;
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
  const stageParams = {
    ...config.stages['scrape-kialo'],
    ...(opts.reparse ? { reparse: true } : {}),
    ...(opts.render ? { render: true } : {}),
  };
  return {
    ...config,
    sources: { ...config.sources, kialo },
    stages: { ...config.stages, 'scrape-kialo': stageParams },
  };
}

/** The run summary for a reader: the counts, then each page that gave no record and why. */
export function formatScrapeReport(stage: StageReport): string {
  const c = stage.counts ?? {};
  const {
    mismatches = [],
    apiMissing = [],
    failures = [],
    warnings = [],
    robots,
  } = (stage.summary ?? {}) as Partial<
    Pick<ScrapeSummary, 'mismatches' | 'apiMissing' | 'failures' | 'warnings' | 'robots'>
  >;
  const lines = [
    `Kialo scrape: ${c.frontier ?? 0} discussions in the frontier (${c.discovered_new ?? 0} new), ${c.fetched_this_run ?? 0} fetched this run`,
    ...(robots
      ? [`  robots.txt          ${robots.url} (HTTP ${robots.status}, sha256 ${robots.sha256.slice(0, 12)}…)`]
      : []),
    `  pages ok            ${c.pages_ok ?? 0}`,
    `  layout mismatch     ${c.layout_mismatch ?? 0}`,
    `  API answer missing  ${c.api_missing ?? 0}`,
    `  not found (404)     ${c.not_found ?? 0}`,
    `  errors              ${c.errors ?? 0}`,
    `  disallowed          ${c.disallowed ?? 0}`,
    `  with warnings       ${c.warned ?? 0}`,
    `  statements          ${c.statements ?? 0} in ${KIALO_RAW.statements}`,
  ];
  if (mismatches.length) {
    lines.push(
      'Layout mismatches (a rendered page the selectors no longer fit: statements kept; an API answer of another shape: no record; fix sources.kialo.selectors or .endpoints, then run with --reparse):',
    );
    for (const m of mismatches) lines.push(`  ${m.url}: not found: ${m.missing.join('; ')}`);
  }
  if (warnings.length) {
    lines.push('Warnings (the rendered page or the listing disagrees with the API; statements kept):');
    for (const w of warnings) lines.push(`  ${w.url}: ${w.warnings.join('; ')}`);
  }
  if (apiMissing.length) {
    lines.push(
      'API answers missing (rate limited or server errors after every retry, not a layout change; the next scrape fetches these pages again):',
    );
    for (const m of apiMissing) lines.push(`  ${m.url}: ${m.missing.join('; ')}`);
  }
  if (failures.length) {
    lines.push('Pages without a snapshot (the next scrape retries all but 404 and robots.txt refusals):');
    for (const f of failures) lines.push(`  ${f.url}: ${f.status}${f.error ? ` (${f.error})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `normforge scrape kialo [--seeds FILE] [--base-url URL] [--reparse] [--render]` */
export function register(program: Command, getWorkspace: (opts: { config?: string }) => Workspace): void {
  program
    .command('scrape')
    .description(
      'run a scraper on its own (Kialo: its JSON API by discussion id); prints discussions ok / layout mismatch / 404 / errors / warnings, and exits 1 when discussions failed after every retry',
    )
    .argument('<source>', 'what to scrape: kialo')
    .option('--seeds <file>', 'discussion URLs or ids, one a line')
    .option('--base-url <url>', 'Kialo site (default from the config: https://www.kialo.com)')
    .option('--reparse', 're-extract the kept snapshots under data/raw/kialo/html/ without any request')
    .option(
      '--render',
      'also render each page in Chromium as a cross-check of the API answers (disagreements are warnings)',
    )
    .option('--json', 'print the run report as JSON (counts, plus summary.mismatches and summary.failures per URL)')
    .option('--config <file>', 'config file')
    .action(async (source: string, opts: ScrapeOptions) => {
      if (source !== 'kialo') throw new UserError(`unknown source "${source}"; the scraper available is: kialo`);
      const base = getWorkspace({ config: opts.config });
      const ws = new Workspace(base.root, withOverrides(base.config, opts), base.configFile, base.log);
      // The scrape-kialo stage of the sociocultural-statements recipe, run alone; an explicit scrape always runs (the frontier skips finished pages).
      const recipe: Recipe = {
        name: 'sociocultural-statements',
        description: 'Kialo scrape',
        stages: [await loadRecipeStage('sociocultural-statements', 'scrape-kialo')],
      };
      const controller = abortOnSignals((m) => ws.log.warn(m));
      try {
        const report = await runRecipe(ws, recipe, { only: 'scrape-kialo', force: true, signal: controller.signal });
        const stage = report.stages[0];
        if (opts.json) printJson(stage);
        else process.stdout.write(formatScrapeReport(stage));
        // Pages that failed after every retry (errors, API answers still missing) make the run a failure for scripts; layout mismatches and 404s are reported, not failures.
        if ((stage.counts?.errors ?? 0) + (stage.counts?.api_missing ?? 0) > 0) process.exitCode = 1;
      } finally {
        ws.close();
        base.close();
      }
    });
}
