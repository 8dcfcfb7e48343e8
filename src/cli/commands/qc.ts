import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Workspace } from '../../workspace/workspace.ts';
import { exportQcRound } from '../../qc/export.ts';
import { importQcFiles } from '../../qc/import.ts';
import { qcStats } from '../../qc/run-stats.ts';
import { renderMarkdown } from '../../qc/report.ts';
import { DEFAULT_ROUND } from '../../qc/round.ts';
import { wholeNumber } from '../options.ts';
import { withWorkspaceLock } from '../shared.ts';

type GetWorkspace = (opts: { config?: string }) => Workspace;
interface Common {
  round: string;
  json?: boolean;
  config?: string;
}

const print = (json: boolean | undefined, value: unknown, human: string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : human);

/** `normforge qc export|import|stats <dataset>`: human quality control rounds. */
export function register(program: Command, getWorkspace: GetWorkspace): void {
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
    .action(
      async (
        dataset: string,
        o: Common & { size: number; annotators: string; overlap: number; seed: number; force?: boolean },
      ) => {
        const ws = getWorkspace(o);
        const annotators = o.annotators
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean);
        const res = await exportQcRound(ws, dataset, {
          size: o.size,
          overlap: o.overlap,
          seed: o.seed,
          annotators,
          round: o.round,
          force: o.force,
        });
        const summary = {
          dir: res.dir,
          items: res.manifest.items.length,
          overlap: res.manifest.overlap,
          strata: res.manifest.strata.length,
          files: res.files,
        };
        print(
          o.json,
          summary,
          `wrote ${res.files.length} sheets for ${annotators.length} annotators (${summary.items} items, ${summary.overlap} shared, ${summary.strata} strata) to ${res.dir}\n`,
        );
      },
    );

  qc.command('import <dataset> <files...>')
    .description('read filled .xlsx or .csv sheets into the round')
    .option('--round <name>', 'round folder under annotation/<dataset>/', DEFAULT_ROUND)
    .option('--json', 'print a JSON summary')
    .option('--config <file>', 'config file')
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .action(async (dataset: string, files: string[], o: Common & { wait?: boolean }) => {
      const ws = getWorkspace(o);
      const importing = () =>
        importQcFiles(
          ws,
          dataset,
          files.map((f) => resolve(f)),
          o.round,
        );
      const res = await withWorkspaceLock(ws.dataDir, `qc import ${dataset}`, { wait: o.wait }, importing);
      const human = res
        .map(
          (r) =>
            `${r.annotator}: ${r.rows} rows, ${r.complete} complete, ${r.missing_judgments} judgments missing, ${r.missing_items} assigned items absent${r.simulated ? ' (SIMULATED annotator: ratings marked simulated)' : ''}\n`,
        )
        .join('');
      print(o.json, { imported: res }, human);
    });

  qc.command('stats <dataset>')
    .description('agreement and LLM-vs-human tables: stats.json, report.md, report.html')
    .option('--round <name>', 'round folder under annotation/<dataset>/', DEFAULT_ROUND)
    .option('--json', 'print stats.json')
    .option('--config <file>', 'config file')
    .action(async (dataset: string, o: Common) => {
      const ws = getWorkspace(o);
      const { stats, files, chartNote } = await qcStats(ws, dataset, o.round);
      print(
        o.json,
        stats,
        `${renderMarkdown(stats)}\nwrote ${files.join(', ')}\n${chartNote ? `charts as SVG only (no PNG): ${chartNote}\n` : ''}`,
      );
    });
}
