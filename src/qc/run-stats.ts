import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonlAll } from '../io/jsonl.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { UserError } from '../errors.ts';
import { sweepLeftovers } from '../pipeline/sweep.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { datasetSpec } from './datasets.ts';
import { pactStats, statementsStats, type QcStats } from './dataset-stats.ts';
import { renderHtml, renderMarkdown } from './report.ts';
import { qcCharts } from './report-charts.ts';
import { writeChartFiles } from '../io/svg/files.ts';
import { ratingsPath, readManifest, roundDir } from './round.ts';
import { QcRatingSchema } from './schemas.ts';

/**
 * `qc stats`: the papers' QC tables from the imported ratings, as stats.json, report.md and
 * report.html, and each chart as `charts/<id>.svg` and `.png` (the PNGs need Chromium; `chartNote`
 * says why they are missing).
 */
export async function qcStats(
  ws: Workspace,
  dataset: string,
  round: string,
  opts: { png?: boolean } = {},
): Promise<{ stats: QcStats; files: string[]; chartNote?: string }> {
  sweepLeftovers(ws);
  const spec = datasetSpec(dataset);
  const dir = roundDir(ws, dataset, round);
  const manifest = readManifest(dir);
  if (!existsSync(ratingsPath(dir)))
    throw new UserError('no ratings imported yet; run `normforge qc import` with the filled sheets', {
      file: ratingsPath(dir),
    });
  const ratings = await readJsonlAll(ratingsPath(dir), QcRatingSchema);
  const stats = spec.dataset === 'pact' ? pactStats(manifest, ratings) : statementsStats(manifest, ratings);
  const files = [join(dir, 'stats.json'), join(dir, 'report.md'), join(dir, 'report.html')];
  writeFileAtomic(files[0], `${JSON.stringify(stats, null, 2)}\n`);
  writeFileAtomic(files[1], renderMarkdown(stats));
  const charts = qcCharts(stats);
  const drawn = await writeChartFiles(dir, charts, opts);
  writeFileAtomic(files[2], renderHtml(stats, { charts, png: drawn.png }));
  return { stats, files: [...files, ...drawn.files], ...(drawn.note ? { chartNote: drawn.note } : {}) };
}
