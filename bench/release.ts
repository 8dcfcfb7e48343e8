import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { readJsonl } from '../src/io/jsonl.ts';
import { expandToFiles } from '../src/pact/expand.ts';
import { createRelationPicker } from '../src/pact/relations.ts';
import { DATASETS, type ReleaseFormat } from '../src/datasets/registry.ts';
import { createLogger } from '../src/log/logger.ts';
import { exportRelease } from '../src/release/export.ts';
import { ConfigSchema } from '../src/schemas/config.ts';
import { PactItemSchema } from '../src/schemas/records.ts';
import { Workspace } from '../src/workspace/workspace.ts';
import { writeSyntheticItems } from './expand.ts';
import type { Figure } from './run.ts';

const SAMPLE_MS = 10;
const LIVE_SAMPLE_MS = 1_000;

interface ExportReport {
  rows: number;
  error?: string;
  seconds: number;
  baselineHeapMb: number;
  /** Highest heap in use at any sample, garbage not yet collected included. */
  peakHeapMb: number;
  /** Highest heap still in use right after a full collection, sampled every second: what the export holds. */
  peakLiveHeapMb: number;
  maxRssMb: number;
}

/** Child mode `build`: the final PACT files of 318,720 instances, as the expand-dyads stage writes them. */
async function build(root: string): Promise<void> {
  const itemsFile = join(root, 'data/interim/pact-items.jsonl');
  mkdirSync(join(root, 'data/interim'), { recursive: true });
  await writeSyntheticItems(itemsFile);
  await expandToFiles(
    readJsonl(itemsFile, PactItemSchema),
    { jsonl: join(root, DATASETS.pact.final.jsonl), parquet: join(root, DATASETS.pact.final.parquet) },
    { seed: 13, configurations: false, picker: createRelationPicker() },
  );
}

/**
 * Child mode `export`: one `normforge export pact` in a fresh process, the heap sampled while it
 * runs (the peak's growth over the heap before it started is what the release itself holds).
 */
async function exportOnce(root: string, format: ReleaseFormat): Promise<void> {
  const ws = new Workspace(root, ConfigSchema.parse({}), undefined, createLogger({ sink: () => undefined }));
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the export child with --expose-gc');
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let peakLive = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, SAMPLE_MS);
  const liveTimer = setInterval(() => {
    gc();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
  }, LIVE_SAMPLE_MS);
  const t0 = performance.now();
  // A failed export is a figure too (the release before streaming could not write 318,720 rows).
  const outcome = await exportRelease(ws, 'pact', { format }).then(
    (result) => ({ rows: result.rows }),
    (err: unknown) => ({ rows: 0, error: String(err) }),
  );
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  clearInterval(liveTimer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  ws.close();
  const report: ExportReport = {
    ...outcome,
    seconds,
    baselineHeapMb: baseline / 2 ** 20,
    peakHeapMb: peak / 2 ** 20,
    peakLiveHeapMb: peakLive / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(report));
}

/** Runs this file in a fresh Node process (with `gc` exposed for the live-heap samples). */
async function child(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), ...args],
    { maxBuffer: 1 << 20 },
  );
  return stdout;
}

/**
 * Exports a PACT release of the paper's full size (318,720 instances, built synthetically in a temp
 * workspace) in both layouts, each in its own process: rows, seconds, peak heap growth (live, right
 * after a collection, and as sampled, garbage included), peak RSS.
 */
export async function benchRelease(): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'nf-bench-release-'));
  try {
    await child(['build', root]);
    const figures: Figure[] = [
      {
        name: 'release_final_parquet_mb',
        value: statSync(join(root, DATASETS.pact.final.parquet)).size / 2 ** 20,
        unit: 'MB',
        target: 'info',
      },
    ];
    for (const [format, tag] of [
      ['normforge', 'pact'],
      ['pact-hf', 'pact_hf'],
    ] as const) {
      const r = JSON.parse(await child(['export', root, format])) as ExportReport;
      if (r.error) process.stderr.write(`release ${format} failed: ${r.error}\n`);
      figures.push(
        { name: `release_${tag}_ok`, value: r.error ? 0 : 1, unit: 'count', target: '==1' },
        { name: `release_${tag}_rows`, value: r.rows, unit: 'count', target: '==318720' },
        { name: `release_${tag}_s`, value: r.seconds, unit: 's', target: 'info' },
        {
          name: `release_${tag}_peak_live_heap_growth_mb`,
          value: r.peakLiveHeapMb - r.baselineHeapMb,
          unit: 'MB',
          target: '<200',
        },
        {
          name: `release_${tag}_peak_heap_growth_mb`,
          value: r.peakHeapMb - r.baselineHeapMb,
          unit: 'MB',
          target: 'info',
        },
        { name: `release_${tag}_peak_rss_mb`, value: r.maxRssMb, unit: 'MB', target: 'info' },
      );
    }
    return figures;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, root, format] = process.argv.slice(2);
  if (mode === 'build') await build(root);
  else await exportOnce(root, format as ReleaseFormat);
}
