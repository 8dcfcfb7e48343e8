import { onTestFinished, afterAll } from 'vitest';
import { startSimServer, type SimServer, type SimServerOptions } from '../../src/llm/sim/server.ts';
import { localSimulator, type Simulator } from '../../src/llm/sim/local.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createLogger, type Logger } from '../../src/log/logger.ts';
import { openStore, type Db } from '../../src/store/run-store.ts';
import { PanelMemberSchema, type PanelMember } from '../../src/schemas/config.ts';
import type { LlmRequest, LlmTask } from '../../src/llm/types.ts';

export const RatingSchema = z.object({ score: z.number().int().min(1).max(5) });
/** A rating answer is a few tokens: a tight max_tokens keeps budget reservations close to real costs. */
export const ratingTask: LlmTask<z.infer<typeof RatingSchema>> = {
  name: 'rating',
  schema: RatingSchema,
  promptVersion: 'test',
  maxOutputTokens: 20,
};

export function member(overrides: Partial<PanelMember> & { id: string }): PanelMember {
  return PanelMemberSchema.parse({
    model: overrides.id,
    rpm: 60_000,
    price: { inputPerMTok: 1, outputPerMTok: 2 },
    ...overrides,
  });
}

export function ratingRequests(m: PanelMember, count: number, samples = 3): LlmRequest<z.infer<typeof RatingSchema>>[] {
  return Array.from({ length: count }, (_, i) => ({
    task: ratingTask,
    itemId: `item-${i}`,
    member: m,
    language: 'en',
    messages: [
      { role: 'system', content: 'Rate the statement from 1 to 5.' },
      { role: 'user', content: `<statement>Statement number ${i}</statement>` },
    ],
    samples,
  }));
}

export interface TestEnv {
  dir: string;
  store: Db;
  lines: string[];
  log: Logger;
  dispose(): void;
}

/** A run store and logger for the current test, disposed when the test finishes. */
export function testEnv(): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'nf-llm-'));
  const store = openStore(join(dir, 'data', 'normforge.db'));
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', sink: (l) => lines.push(l) });
  const env = { dir, store, lines, log, dispose: () => (store.close(), rmSync(dir, { recursive: true, force: true })) };
  onTestFinished(() => env.dispose());
  return env;
}

/** A simulator on 127.0.0.1 for the current test, closed when the test finishes. */
export async function testSim(opts?: SimServerOptions): Promise<SimServer> {
  const sim = await startSimServer(opts);
  onTestFinished(() => sim.close());
  return sim;
}

/**
 * The in-process simulator for members without `baseURL`, as the CLI gives it: started when such a
 * member is first asked, stopped when the test finishes.
 */
export function testSimulator(): Simulator {
  const simulator = localSimulator();
  onTestFinished(() => simulator.close());
  return simulator;
}

/**
 * The same for a whole `describe` block (its `beforeAll` may ask): call it in the block's body;
 * the simulator stops after the block's last test.
 */
export function suiteSimulator(): Simulator {
  const simulator = localSimulator();
  afterAll(() => simulator.close());
  return simulator;
}

/** The request set of the crash test, built the same way in the test and in its child process. */
export function crashRequests(simUrl: string): LlmRequest<z.infer<typeof RatingSchema>>[] {
  return ratingRequests(
    member({ id: 'model-crash', baseURL: `${simUrl}/v1`, supportsN: false, maxConcurrency: 4 }),
    40,
    2,
  );
}
