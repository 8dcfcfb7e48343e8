import { UserError } from '../../errors.ts';
import { exportRelease } from '../../release/export.ts';
import { kialoTextSource } from '../../release/kialo-texts.ts';
import { publishRelease } from '../../release/publish.ts';
import { rehydrateRelease } from '../../release/rehydrate.ts';
import { DatasetIdSchema, type DatasetId, type ReleaseFormat } from '../../datasets/registry.ts';
import type { CliContext } from '../context.ts';
import { abortOnSignals, openWorkspace, withWorkspaceLock } from '../shared.ts';

export interface ExportCliOptions {
  idsOnly?: boolean;
  format: ReleaseFormat;
  json?: boolean;
  config?: string;
  wait?: boolean;
}

export interface PublishCliOptions {
  repo: string;
  endpoint?: string;
  private?: boolean;
  json?: boolean;
  config?: string;
}

function datasetOf(value: string): DatasetId {
  const parsed = DatasetIdSchema.safeParse(value);
  if (!parsed.success)
    throw new UserError(`unknown dataset "${value}"; datasets: ${DatasetIdSchema.options.join(', ')}`);
  return parsed.data;
}

function print(ctx: CliContext, json: boolean | undefined, value: unknown, text: string): void {
  if (json) ctx.printJson(value);
  else ctx.out(`${text}\n`);
}

/** `normforge export <dataset>`: write release/<dataset>/, holding the workspace lock. */
export async function exportCommand(ctx: CliContext, dataset: string, opts: ExportCliOptions): Promise<void> {
  const ws = openWorkspace(ctx, { config: opts.config });
  try {
    const exporting = () => exportRelease(ws, datasetOf(dataset), { idsOnly: opts.idsOnly, format: opts.format });
    const result = await withWorkspaceLock(ws.dataDir, `export ${dataset}`, { wait: opts.wait }, exporting);
    const notes = [
      result.simulated ? ' (SIMULATED: cannot be published)' : '',
      result.idsOnly ? ' (ids only)' : '',
    ].join('');
    print(ctx, opts.json, result, `exported ${result.rows} rows of ${result.dataset} to ${result.dir}${notes}`);
  } finally {
    ws.close();
  }
}

/** `normforge rehydrate <dataset>`: restore the texts of an ids-only release by scraping again. */
export async function rehydrateCommand(
  ctx: CliContext,
  dataset: string,
  opts: { json?: boolean; config?: string },
): Promise<void> {
  if (datasetOf(dataset) !== 'sociocultural-statements')
    throw new UserError(`${dataset} has no texts to rehydrate; only sociocultural-statements does`);
  const ws = openWorkspace(ctx, { config: opts.config });
  const controller = abortOnSignals((m) => ws.log.warn(m), ctx);
  try {
    const result = await rehydrateRelease(ws, kialoTextSource, controller.signal);
    print(
      ctx,
      opts.json,
      result,
      `restored ${result.restored} statement texts from ${result.discussions} discussions in ${result.dir}`,
    );
  } finally {
    ws.close();
  }
}

/** `normforge publish <dataset> --repo OWNER/NAME`: upload the release to the Hub. */
export async function publishCommand(ctx: CliContext, dataset: string, opts: PublishCliOptions): Promise<void> {
  const ws = openWorkspace(ctx, { config: opts.config });
  try {
    const result = await publishRelease(ws, datasetOf(dataset), {
      repo: opts.repo,
      endpoint: opts.endpoint,
      private: opts.private,
    });
    print(ctx, opts.json, result, `published ${dataset} to ${result.repo}: ${result.commitUrl}`);
  } finally {
    ws.close();
  }
}
