import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../../src/errors.ts';
import { createPanel } from '../../src/llm/panel.ts';
import { TranslationSchema, translateTexts } from '../../src/llm/translate.ts';
import type { LlmRequest, LlmTask } from '../../src/llm/types.ts';
import { member, testEnv, testSim, type TestEnv } from './helpers.ts';

const WORDS = 'family duty honour respect elders tradition community harmony'.split(' ');
/** A text of `words` words, different per seed, so each request has its own cache key. */
const longText = (seed: number, words = 400) =>
  `${Array.from({ length: words }, (_, i) => WORDS[(i * 7 + seed) % WORDS.length]).join(' ')} (${seed})`;

const ledgerSpend = (e: TestEnv) =>
  (e.store.prepare('SELECT COALESCE(SUM(cost_usd), 0) AS usd FROM llm_ledger').get() as { usd: number }).usd;

/** Requests whose answers (the simulator echoes the text as its translation) are far longer than the task's estimate. */
function echoRequests(
  task: LlmTask<{ translation: string }>,
  simUrl: string,
  count: number,
  price: { inputPerMTok: number; outputPerMTok: number },
): LlmRequest<{ translation: string }>[] {
  const m = member({ id: 'model-a', baseURL: `${simUrl}/v1`, supportsN: false, maxConcurrency: 16, price });
  return Array.from({ length: count }, (_, i) => ({
    task,
    itemId: `t${i}`,
    member: m,
    language: 'zh',
    samples: 1,
    messages: [
      {
        role: 'user' as const,
        content: `Translate.\n<target_language>zh</target_language>\n<text>${longText(i)}</text>`,
      },
    ],
  }));
}

describe('--max-cost against answers longer than their estimate', () => {
  it('translating 400-word texts at 16 concurrent calls never spends past the cap', async () => {
    const sim = await testSim({ seed: 21 });
    const env = testEnv();
    const m = member({
      id: 'translator',
      baseURL: `${sim.url}/v1`,
      supportsN: false,
      maxConcurrency: 16,
      price: { inputPerMTok: 1000, outputPerMTok: 1000 },
    });
    const items = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, text: longText(i), sourceLanguage: 'en' }));
    const panel = createPanel({ store: env.store, log: env.log, stage: 'translate', maxCostUsd: 5 });
    await expect(translateTexts(panel, m, items, 'zh')).rejects.toBeInstanceOf(BudgetExceededError);
    expect(ledgerSpend(env)).toBeGreaterThan(1);
    expect(ledgerSpend(env)).toBeLessThanOrEqual(5);
  });

  it('a task estimating 5 output tokens at 16 concurrent calls stays within a $1 cap', async () => {
    const sim = await testSim({ seed: 22 });
    const env = testEnv();
    const task = { name: 'translate', schema: TranslationSchema, promptVersion: 'test', expectedOutputTokens: 5 };
    const requests = echoRequests(task, sim.url, 60, { inputPerMTok: 100, outputPerMTok: 100 });
    const panel = createPanel({ store: env.store, log: env.log, stage: 't', maxCostUsd: 1 });
    await expect(panel.ask(requests)).rejects.toBeInstanceOf(BudgetExceededError);
    expect(ledgerSpend(env)).toBeGreaterThan(0.2);
    expect(ledgerSpend(env)).toBeLessThanOrEqual(1);
    const bodies = env.store.prepare('SELECT completion_tokens FROM llm_cache').all() as Array<{
      completion_tokens: number;
    }>;
    expect(Math.max(...bodies.map((b) => b.completion_tokens))).toBeGreaterThan(100);
  });

  it('sends max_tokens: an answer past the task cap is cut, billed at most the cap, and recorded as truncated', async () => {
    const sim = await testSim({ seed: 23 });
    const env = testEnv();
    const task = {
      name: 'translate',
      schema: TranslationSchema,
      promptVersion: 'test',
      expectedOutputTokens: 5,
      maxOutputTokens: 40,
    };
    const requests = echoRequests(task, sim.url, 4, { inputPerMTok: 1, outputPerMTok: 1 });
    const { answers } = await createPanel({
      store: env.store,
      log: env.log,
      stage: 't',
      answerRetries: 0,
      maxCostUsd: 1,
    }).ask(requests);
    for (const a of answers) expect(a.samples[0].error).toBe('truncated (finish_reason: length)');
    const rows = env.store.prepare('SELECT completion_tokens FROM llm_cache').all() as Array<{
      completion_tokens: number;
    }>;
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.completion_tokens).toBeLessThanOrEqual(40);
  });
});
