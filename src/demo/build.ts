import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import { ConfigSchema } from '../schemas/config.ts';
import { PACKAGE_ROOT } from '../io/package-root.ts';
import { localSimulator } from '../llm/sim/local.ts';
import { runRecipe, type RunReport } from '../pipeline/runner.ts';
import { Workspace } from '../workspace/workspace.ts';
import type { Logger } from '../log/logger.ts';
import { loadRecipe } from '../recipes/index.ts';
import { startKialoReplica, type KialoReplica } from '../scrapers/kialo/replica/server.ts';
import { exportQcRound } from '../qc/export.ts';
import { fillSheetsWithSimulatedAnnotators } from '../qc/simulated-annotators.ts';
import { importQcFiles } from '../qc/import.ts';
import { qcStats } from '../qc/run-stats.ts';
import { exportRelease, type ExportResult } from '../release/export.ts';
import { runEval } from '../eval/run.ts';

/** The replica listens here when the port is free, so reruns keep the same base URL (and stay fresh). */
const DEMO_REPLICA_PORT = 47_321;
const EXAMPLES = resolve(PACKAGE_ROOT, 'examples');
const DATASETS = ['sociocultural-statements', 'pact'] as const;
const QC_ROUND = 'round-1';
const QC_ANNOTATORS = ['ann1', 'ann2', 'ann3', 'ann4'];
/** Sample sizes fit the bundled sample (PACT: 15 items; statements: about 25 labeled pairs). */
const QC_DESIGN = { 'sociocultural-statements': { size: 16, overlap: 8 }, pact: { size: 12, overlap: 6 } } as const;

export interface DemoSummary {
  replica: string;
  runs: RunReport[];
  qc: Array<{ dataset: string; files: string[] }>;
  evaluations: RunReport[];
  releases: ExportResult[];
}

async function startReplica(): Promise<KialoReplica> {
  try {
    return await startKialoReplica({ port: DEMO_REPLICA_PORT, crawlDelaySeconds: 0, retryAfterSeconds: 1 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return startKialoReplica({ port: 0, crawlDelaySeconds: 0, retryAfterSeconds: 1 });
  }
}

/** The bundled sample's config: the local Kialo replica, our NormAd-ETI and CultureAtlas samples, the simulator. */
function demoConfigInput(replicaUrl: string) {
  return {
    sources: {
      kialo: { baseUrl: replicaUrl, discovery: ['listing', 'sitemap'], delayMs: 50, concurrency: 2 },
      normad: join(EXAMPLES, 'pact', 'normad_sample.csv'),
      cultureatlas: { path: join(EXAMPLES, 'pact', 'cultureatlas_sample.csv') },
    },
    eval: { humanScores: join(EXAMPLES, 'eval', 'hofstede-country-scores.csv') },
    stages: {
      'eval-statements': { runs: 3 },
      'eval-pact': { sample: 48, seed: 7, demographics: ['full_demo', 'no_demo'] },
    },
  };
}

/**
 * Leaves the demo's config in the working directory (when it has none), so `normforge status` and
 * `normforge run` there see the same project the demo built instead of the built-in defaults.
 */
function keepDemoConfig(root: string, input: unknown, log: Logger): void {
  const file = join(root, 'normforge.config.json');
  if (existsSync(file)) return;
  writeFileAtomic(file, `${JSON.stringify(input, null, 2)}\n`);
  log.info(`wrote ${file} (the demo's config; the Kialo replica runs only during \`normforge demo\`)`);
}

async function qualityControl(
  ws: Workspace,
  dataset: (typeof DATASETS)[number],
): Promise<{ dataset: string; files: string[] }> {
  await exportQcRound(ws, dataset, { ...QC_DESIGN[dataset], annotators: QC_ANNOTATORS, seed: 1, round: QC_ROUND });
  const filledDir = join(ws.annotationDir, dataset, QC_ROUND, 'filled');
  const filled = await fillSheetsWithSimulatedAnnotators(ws, dataset, QC_ROUND, filledDir);
  await importQcFiles(ws, dataset, filled, QC_ROUND);
  return { dataset, files: (await qcStats(ws, dataset, QC_ROUND)).files };
}

/**
 * `npm start`: the full build of both datasets on the bundled sample, offline — scrape the Kialo
 * replica, label with the simulated panel, build PACT, QC sheets out and (simulated) filled sheets
 * in, evaluate, and export both releases (marked simulated).
 */
export async function buildDemo(root: string, log: Logger, signal: AbortSignal): Promise<DemoSummary> {
  const replica = await startReplica();
  const input = demoConfigInput(replica.url);
  keepDemoConfig(root, input, log);
  const ws = new Workspace(root, ConfigSchema.parse(input), undefined, log);
  const simulator = localSimulator();
  try {
    log.info(`Kialo replica on ${replica.url}; LLM panel: local simulator (every answer marked simulated)`);
    const runs: RunReport[] = [];
    for (const dataset of DATASETS) runs.push(await runRecipe(ws, await loadRecipe(dataset), { signal, simulator }));
    const qc = [];
    for (const dataset of DATASETS) qc.push(await qualityControl(ws, dataset));
    const evaluations = [];
    for (const dataset of DATASETS) evaluations.push((await runEval(ws, dataset, { signal, simulator })).report);
    const releases = [];
    for (const dataset of DATASETS) releases.push(await exportRelease(ws, dataset));
    return { replica: replica.url, runs, qc, evaluations, releases };
  } finally {
    ws.close();
    await simulator.close();
    await replica.close();
  }
}
