import type { Command } from 'commander';
import { DEFAULT_ROUND } from '../../qc/default-round.ts';
import type { CliContext } from '../context.ts';
import { wholeNumber } from '../options.ts';
import type { QcCommon, QcExportOptions } from '../actions/qc.ts';

const actions = () => import('../actions/qc.ts');

/** `normforge qc export|import|stats <dataset>`: human quality control rounds. */
export function register(program: Command, ctx: CliContext): void {
  const qc = program.command('qc').description('human quality control: sheets out, filled sheets in, agreement report');

  qc.command('export <dataset>')
    .description('sample items and write one .xlsx and .csv sheet per annotator, with manifest.json')
    .requiredOption('--size <n>', 'items in the sample', wholeNumber())
    .requiredOption('--annotators <names>', 'comma-separated annotator names')
    .option('--overlap <k>', 'items every annotator sees (for agreement)', wholeNumber(), 0)
    .option('--seed <s>', 'sampling seed', wholeNumber(), 0)
    .option('--round <name>', 'round folder under annotation/<dataset>/', DEFAULT_ROUND)
    .option(
      '--force',
      'start over a round that already has imported ratings (they are kept as ratings.superseded.jsonl)',
    )
    .option('--json', 'print a JSON summary')
    .option('--config <file>', 'config file')
    .action(async (dataset: string, o: QcExportOptions) => (await actions()).qcExportCommand(ctx, dataset, o));

  qc.command('import <dataset> <files...>')
    .description('read filled .xlsx or .csv sheets into the round')
    .option('--round <name>', 'round folder under annotation/<dataset>/', DEFAULT_ROUND)
    .option('--json', 'print a JSON summary')
    .option('--config <file>', 'config file')
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .action(async (dataset: string, files: string[], o: QcCommon & { wait?: boolean }) =>
      (await actions()).qcImportCommand(ctx, dataset, files, o),
    );

  qc.command('stats <dataset>')
    .description('agreement and LLM-vs-human tables: stats.json, report.md, report.html')
    .option('--round <name>', 'round folder under annotation/<dataset>/', DEFAULT_ROUND)
    .option('--json', 'print stats.json')
    .option('--config <file>', 'config file')
    .action(async (dataset: string, o: QcCommon) => (await actions()).qcStatsCommand(ctx, dataset, o));
}
