import { exportQcRound } from '../../qc/export.ts';
import { importQcFiles } from '../../qc/import.ts';
import { qcStats } from '../../qc/run-stats.ts';
import { renderMarkdown } from '../../qc/report.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import type { CliContext } from '../context.ts';
import { openWorkspace, withWorkspaceLock } from '../shared.ts';

export interface QcCommon {
  round: string;
  json?: boolean;
  config?: string;
}

export type QcExportOptions = QcCommon & {
  size: number;
  annotators: string;
  overlap: number;
  seed: number;
  force?: boolean;
};

const print = (ctx: CliContext, json: boolean | undefined, value: unknown, human: string) =>
  json ? ctx.printJson(value) : ctx.out(human);

/** Closes the workspace's run store once the work is done (an in-process run leaves no handle open). */
async function closing<R>(ws: Workspace, work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } finally {
    ws.close();
  }
}

/** `normforge qc export <dataset>`: sample items, one sheet per annotator. */
export async function qcExportCommand(ctx: CliContext, dataset: string, o: QcExportOptions): Promise<void> {
  const ws = openWorkspace(ctx, o);
  const annotators = o.annotators
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const res = await closing(ws, () =>
    exportQcRound(ws, dataset, {
      size: o.size,
      overlap: o.overlap,
      seed: o.seed,
      annotators,
      round: o.round,
      force: o.force,
    }),
  );
  const summary = {
    dir: res.dir,
    items: res.manifest.items.length,
    overlap: res.manifest.overlap,
    strata: res.manifest.strata.length,
    files: res.files,
  };
  print(
    ctx,
    o.json,
    summary,
    `wrote ${res.files.length} sheets for ${annotators.length} annotators (${summary.items} items, ${summary.overlap} shared, ${summary.strata} strata) to ${res.dir}\n`,
  );
}

/** `normforge qc import <dataset> <files...>`: filled sheets into the round, holding the workspace lock. */
export async function qcImportCommand(
  ctx: CliContext,
  dataset: string,
  files: string[],
  o: QcCommon & { wait?: boolean },
): Promise<void> {
  const ws = openWorkspace(ctx, o);
  const importing = () =>
    importQcFiles(
      ws,
      dataset,
      files.map((f) => ctx.path(f)),
      o.round,
    );
  const res = await closing(ws, () =>
    withWorkspaceLock(ws.dataDir, `qc import ${dataset}`, { wait: o.wait }, importing),
  );
  const human = res
    .map(
      (r) =>
        `${r.annotator}: ${r.rows} rows, ${r.complete} complete, ${r.missing_judgments} judgments missing, ${r.missing_items} assigned items absent${r.simulated ? ' (SIMULATED annotator: ratings marked simulated)' : ''}\n`,
    )
    .join('');
  print(ctx, o.json, { imported: res }, human);
}

/** `normforge qc stats <dataset>`: agreement and LLM-vs-human tables. */
export async function qcStatsCommand(ctx: CliContext, dataset: string, o: QcCommon): Promise<void> {
  const ws = openWorkspace(ctx, o);
  const { stats, files, chartNote } = await closing(ws, () => qcStats(ws, dataset, o.round));
  print(
    ctx,
    o.json,
    stats,
    `${renderMarkdown(stats)}\nwrote ${files.join(', ')}\n${chartNote ? `charts as SVG only (no PNG): ${chartNote}\n` : ''}`,
  );
}
