import { describe, expect, it } from 'vitest';
import { createPanel } from '../../src/llm/panel.ts';
import { member, ratingRequests, testEnv, testSim } from './helpers.ts';

type Row = { item_id: string; status: string; attempts: number };
const rows = (env: ReturnType<typeof testEnv>) =>
  env.store.prepare('SELECT item_id, status, attempts FROM llm_cache ORDER BY item_id').all() as Row[];

describe('CacheRow.attempts counts the calls that asked for the answer', () => {
  it('is 1 for an answer accepted at once', async () => {
    const sim = await testSim({ seed: 11 });
    const env = testEnv();
    const m = member({ id: 'model-a', baseURL: `${sim.url}/v1` });
    const panel = createPanel({ store: env.store, log: env.log, stage: 't' });
    await panel.ask(ratingRequests(m, 2, 1));
    expect(rows(env)).toEqual([
      { item_id: 'item-0', status: 'ok', attempts: 1 },
      { item_id: 'item-1', status: 'ok', attempts: 1 },
    ]);
  });

  it('counts the re-asks of a rejected answer, and a later run adds its own', async () => {
    const sim = await testSim({ seed: 6, faults: 'truncate=1' });
    const env = testEnv();
    const m = member({ id: 'model-a', baseURL: `${sim.url}/v1` });
    await createPanel({ store: env.store, log: env.log, stage: 't', answerRetries: 2 }).ask(ratingRequests(m, 1, 1));
    expect(sim.stats().requests).toBe(3);
    expect(rows(env)).toEqual([{ item_id: 'item-0', status: 'failed', attempts: 3 }]);
    await createPanel({ store: env.store, log: env.log, stage: 't', answerRetries: 1 }).ask(ratingRequests(m, 1, 1));
    expect(rows(env)).toEqual([{ item_id: 'item-0', status: 'failed', attempts: 5 }]);
  });
});
