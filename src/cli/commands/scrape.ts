import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import type { ScrapeOptions } from '../actions/scrape.ts';

/** `normforge scrape kialo [--seeds FILE] [--base-url URL] [--reparse] [--render]` */
export function register(program: Command, ctx: CliContext): void {
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
    .action(async (source: string, opts: ScrapeOptions) =>
      (await import('../actions/scrape.ts')).scrapeCommand(ctx, source, opts),
    );
}
