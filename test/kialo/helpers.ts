import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { ConfigSchema } from '../../src/schemas/config.ts';
import { createLogger } from '../../src/log/logger.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import type { Stage } from '../../src/stages/contract.ts';
import type { Recipe } from '../../src/pipeline/recipe.ts';
import { runStageInPlace } from '../helpers/run-stage.ts';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { scrapeKialo } from '../../src/stages/scrape-kialo.ts';

export function tempWorkspace(lines: string[] = []): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'nf-kialo-'));
  return new Workspace(root, ConfigSchema.parse({}), undefined, createLogger({ sink: (l) => lines.push(l) }));
}

/** Runs one stage the way the runner would, but writing outputs straight into the workspace. */
export async function runStage<S extends z.ZodType>(
  stage: Stage<S>,
  ws: Workspace,
  params: Partial<z.infer<S>>,
  signal = new AbortController().signal,
) {
  return runStageInPlace(stage, ws, stage.params.parse(params), signal);
}

/** A workspace scraping the replica at `baseUrl` (listing and sitemap discovery), with short delays. */
export function replicaWorkspace(root: string, baseUrl: string, lines: string[] = []): Workspace {
  const config = ConfigSchema.parse({
    sources: { kialo: { baseUrl, discovery: ['listing', 'sitemap'], delayMs: 20, concurrency: 1 } },
    stages: { 'scrape-kialo': { renderTimeoutMs: 1500, retryBaseMs: 50 } },
  });
  return new Workspace(root, config, undefined, createLogger({ sink: (l) => lines.push(l) }));
}

/** The scrape stage through the real runner (staging, temp-file sweep), as `normforge scrape kialo` runs it. */
export function runScrapeRecipe(ws: Workspace, signal?: AbortSignal) {
  const recipe: Recipe = {
    name: 'kialo-test',
    description: 'Kialo scrape',
    stages: [scrapeKialo],
  };
  return runRecipe(ws, recipe, { force: true, signal });
}
