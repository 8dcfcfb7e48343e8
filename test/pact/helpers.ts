import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { writeFileAtomic } from '../../src/io/atomic.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { Stage } from '../../src/stages/contract.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { ConfigSchema } from '../../src/schemas/config.ts';
import type { PactItem } from '../../src/schemas/records.ts';
import { runStageInPlace } from '../helpers/run-stage.ts';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'nf-pact-'));
}

export function writeCsvFile(file: string, header: string[], rows: unknown[][]): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, stringify([header, ...rows]));
  return file;
}

/** A workspace in a temp folder with the given config (paths absolute). */
export function workspace(root: string, config: unknown = {}): Workspace {
  return new Workspace(root, ConfigSchema.parse(config), undefined, createLogger({ level: 'error' }));
}

/** Runs one stage directly, outputs written in place (the runner's staging is not under test here). */
export async function runStage<S extends z.ZodType>(stage: Stage<S>, ws: Workspace, params: unknown = {}) {
  return runStageInPlace(
    stage,
    ws,
    stage.params.parse({ ...(stage.paramsFromConfig?.(ws.config) ?? {}), ...(params as object) }),
  );
}

export function item(source: PactItem['source'], id: string, country: string, sourceCountry: string): PactItem {
  return {
    scenario_id: `${source}:${id}`,
    source,
    source_id: id,
    country,
    scenario: `At a family dinner in scenario ${id}, the actor and the receiver decide how to serve the food.`,
    cultural_expectation: `Elders are served first (${id}).`,
    personal_preference: `The actor prefers everyone to serve themselves at once (${id}).`,
    preference_type: (['convenience', 'habit', 'value-style'] as const)[Number(id) % 3],
    follow_culture_option: `Serve the elders first (${id}).`,
    allow_preference_option: `Let everyone serve themselves at once (${id}).`,
    validation: { plausibility: true, clarity: true, scenario_clarity: true, reasons: [] },
    simulated: true,
    source_country: sourceCountry,
    source_gold_label: source === 'normad' ? 'yes' : 'True',
  };
}
