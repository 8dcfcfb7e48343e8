import { Option, type Command } from 'commander';
import { DATASET_IDS, RELEASE_FORMATS } from '../../schemas/dataset-ids.ts';
import type { CliContext } from '../context.ts';
import type { ExportCliOptions, PublishCliOptions } from '../actions/release.ts';

const actions = () => import('../actions/release.ts');

/** `normforge export`, `normforge rehydrate`, `normforge publish`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('write release/<dataset>/: Parquet + JSONL data and a Hub dataset card')
    .argument('<dataset>', DATASET_IDS.join(' | '))
    .option('--ids-only', 'leave out the statement texts (Kialo), keep discussion ids and URLs')
    .addOption(new Option('--format <format>', 'row layout').choices(RELEASE_FORMATS).default('normforge'))
    .option('--json', 'print one JSON object')
    .option('--config <file>', 'config file')
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .action(async (dataset: string, opts: ExportCliOptions) => (await actions()).exportCommand(ctx, dataset, opts));

  program
    .command('rehydrate')
    .description('restore the statement texts of an ids-only release by scraping Kialo again')
    .argument('<dataset>', 'sociocultural-statements')
    .option('--json', 'print one JSON object')
    .option('--config <file>', 'config file')
    .action(async (dataset: string, opts: { json?: boolean; config?: string }) =>
      (await actions()).rehydrateCommand(ctx, dataset, opts),
    );

  program
    .command('publish')
    .description('upload release/<dataset>/ to a Hugging Face dataset repo (token from HF_TOKEN)')
    .argument('<dataset>', DATASET_IDS.join(' | '))
    .requiredOption('--repo <owner/name>', 'Hub dataset repository')
    .option('--endpoint <url>', 'Hub URL (default: hub.endpoint in the config)')
    .option('--private', 'create the repository as private')
    .option('--json', 'print one JSON object')
    .option('--config <file>', 'config file')
    .action(async (dataset: string, opts: PublishCliOptions) => (await actions()).publishCommand(ctx, dataset, opts));
}
