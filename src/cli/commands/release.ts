import { Option, type Command } from 'commander';
import { UserError } from '../../errors.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { abortOnSignals, withWorkspaceLock } from '../shared.ts';
import { exportRelease } from '../../release/export.ts';
import { kialoTextSource } from '../../release/kialo-texts.ts';
import { publishRelease } from '../../release/publish.ts';
import { rehydrateRelease } from '../../release/rehydrate.ts';
import { DatasetIdSchema, ReleaseFormatSchema, type DatasetId } from '../../datasets/registry.ts';

type GetWorkspace = (opts: { config?: string }) => Workspace;

function datasetOf(value: string): DatasetId {
  const parsed = DatasetIdSchema.safeParse(value);
  if (!parsed.success)
    throw new UserError(`unknown dataset "${value}"; datasets: ${DatasetIdSchema.options.join(', ')}`);
  return parsed.data;
}

function print(json: boolean | undefined, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

/** `normforge export`, `normforge rehydrate`, `normforge publish`. */
export function register(program: Command, getWorkspace: GetWorkspace): void {
  program
    .command('export')
    .description('write release/<dataset>/: Parquet + JSONL data and a Hub dataset card')
    .argument('<dataset>', DatasetIdSchema.options.join(' | '))
    .option('--ids-only', 'leave out the statement texts (Kialo), keep discussion ids and URLs')
    .addOption(new Option('--format <format>', 'row layout').choices(ReleaseFormatSchema.options).default('normforge'))
    .option('--json', 'print one JSON object')
    .option('--config <file>', 'config file')
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .action(
      async (
        dataset: string,
        opts: { idsOnly?: boolean; format: 'normforge' | 'pact-hf'; json?: boolean; config?: string; wait?: boolean },
      ) => {
        const ws = getWorkspace({ config: opts.config });
        try {
          const exporting = () => exportRelease(ws, datasetOf(dataset), { idsOnly: opts.idsOnly, format: opts.format });
          const result = await withWorkspaceLock(ws.dataDir, `export ${dataset}`, { wait: opts.wait }, exporting);
          const notes = [
            result.simulated ? ' (SIMULATED: cannot be published)' : '',
            result.idsOnly ? ' (ids only)' : '',
          ].join('');
          print(opts.json, result, `exported ${result.rows} rows of ${result.dataset} to ${result.dir}${notes}`);
        } finally {
          ws.close();
        }
      },
    );

  program
    .command('rehydrate')
    .description('restore the statement texts of an ids-only release by scraping Kialo again')
    .argument('<dataset>', 'sociocultural-statements')
    .option('--json', 'print one JSON object')
    .option('--config <file>', 'config file')
    .action(async (dataset: string, opts: { json?: boolean; config?: string }) => {
      if (datasetOf(dataset) !== 'sociocultural-statements')
        throw new UserError(`${dataset} has no texts to rehydrate; only sociocultural-statements does`);
      const ws = getWorkspace({ config: opts.config });
      const controller = abortOnSignals((m) => ws.log.warn(m));
      try {
        const result = await rehydrateRelease(ws, kialoTextSource, controller.signal);
        print(
          opts.json,
          result,
          `restored ${result.restored} statement texts from ${result.discussions} discussions in ${result.dir}`,
        );
      } finally {
        ws.close();
      }
    });

  program
    .command('publish')
    .description('upload release/<dataset>/ to a Hugging Face dataset repo (token from HF_TOKEN)')
    .argument('<dataset>', DatasetIdSchema.options.join(' | '))
    .requiredOption('--repo <owner/name>', 'Hub dataset repository')
    .option('--endpoint <url>', 'Hub URL (default: hub.endpoint in the config)')
    .option('--private', 'create the repository as private')
    .option('--json', 'print one JSON object')
    .option('--config <file>', 'config file')
    .action(
      async (
        dataset: string,
        opts: { repo: string; endpoint?: string; private?: boolean; json?: boolean; config?: string },
      ) => {
        const ws = getWorkspace({ config: opts.config });
        try {
          const result = await publishRelease(ws, datasetOf(dataset), {
            repo: opts.repo,
            endpoint: opts.endpoint,
            private: opts.private,
          });
          print(opts.json, result, `published ${dataset} to ${result.repo}: ${result.commitUrl}`);
        } finally {
          ws.close();
        }
      },
    );
}
