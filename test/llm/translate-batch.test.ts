import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { createPanel } from '../../src/llm/panel.ts';
import { promptFiles, promptVersion, renderPrompt } from '../../src/llm/prompts.ts';
import { readUserTranslations, translateTexts } from '../../src/llm/translate.ts';
import { member, ratingRequests, testEnv, testSim } from './helpers.ts';

describe('prompts and translation', () => {
  it('renders templates per language with tagged variables and a content-hash version', () => {
    const { messages, version } = renderPrompt('translate', 'zh', {
      text: 'Hello',
      source_language: 'en',
      target_language: 'zh',
    });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[1].content).toContain('<text>Hello</text>');
    expect(version).toMatch(/^[0-9a-f]{12}$/);
    expect(promptVersion('translate', ['en', 'zh'])).not.toBe(promptVersion('translate', ['en']));
    expect(promptFiles('translate', ['zh', 'en'])).toEqual(['en/translate.md', 'zh/translate.md']);
    expect(() => renderPrompt('translate', 'en', { text: 'x' })).toThrow(UserError);
  });

  it('translates through the panel once, keeps originals, and lets user translations win', async () => {
    const sim = await testSim();
    const env = testEnv();
    const csv = join(env.dir, 'translations.csv');
    writeFileSync(csv, 'id,language,text\nb,zh,"用户的译文"\n');
    const user = await readUserTranslations(csv);
    const m = member({ id: 'translator', baseURL: `${sim.url}/v1` });
    const items = [
      { id: 'a', text: 'Family comes first.', sourceLanguage: 'en' },
      { id: 'b', text: 'Work hard.', sourceLanguage: 'en' },
      { id: 'c', text: '尊老爱幼', sourceLanguage: 'zh' },
    ];
    const out = await translateTexts(
      createPanel({ store: env.store, log: env.log, stage: 'translate' }),
      m,
      items,
      'zh',
      user,
    );
    expect(out).toEqual([
      { id: 'a', text: '[zh] Family comes first.', source: 'llm', simulated: true, error: undefined },
      { id: 'b', text: '用户的译文', source: 'user', simulated: false },
      { id: 'c', text: '尊老爱幼', source: 'original', simulated: false },
    ]);
    await translateTexts(createPanel({ store: env.store, log: env.log, stage: 'translate' }), m, items, 'zh', user);
    expect(sim.stats().requests).toBe(1);
  });

  it('names file, line and column of a bad translations file', async () => {
    const env = testEnv();
    const csv = join(env.dir, 'bad.csv');
    writeFileSync(csv, 'id,language,text\na,zh,\n');
    await expect(readUserTranslations(csv)).rejects.toThrow(/bad\.csv, line 2, column "text"/);
  });
});

describe('batch mode', () => {
  it('submits a batch, collects it into the cache, and a rerun pays nothing', async () => {
    const sim = await testSim({ batchDelayMs: 20 });
    const env = testEnv();
    const m = member({ id: 'batcher', baseURL: `${sim.url}/v1`, batch: true });
    const panel = createPanel({ store: env.store, log: env.log, stage: 't', batchPollMs: 10 });
    const { answers } = await panel.ask(ratingRequests(m, 5, 2));
    expect(answers.flatMap((a) => a.samples).filter((s) => s.value)).toHaveLength(10);
    const jobs = env.store.prepare('SELECT status, collected_at IS NOT NULL AS collected FROM llm_batch_jobs').all();
    expect(jobs).toEqual([{ status: 'completed', collected: 1 }]);
    const ledger = env.store.prepare('SELECT SUM(batch) AS b FROM llm_ledger').get() as { b: number };
    expect(ledger.b).toBe(10);
    const again = createPanel({ store: env.store, log: env.log, stage: 't', batchPollMs: 10 });
    await again.ask(ratingRequests(m, 5, 2));
    expect(again.stats()).toMatchObject({ cached: 10, new: 0 });
  });

  it('resumes polling a submitted batch after a restart instead of submitting again', async () => {
    // The batch stays open until the first run has been interrupted, then finishes.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const sim = await testSim({ batchFinishWhen: () => released });
    const env = testEnv();
    const m = member({ id: 'batcher', baseURL: `${sim.url}/v1`, batch: true });
    const controller = new AbortController();
    const first = createPanel({
      store: env.store,
      log: env.log,
      stage: 't',
      batchPollMs: 20,
      signal: controller.signal,
    }).ask(ratingRequests(m, 3, 1));
    await vi.waitFor(
      () => expect(env.store.prepare('SELECT COUNT(*) AS n FROM llm_batch_jobs').get()).toEqual({ n: 1 }),
      {
        timeout: 30_000,
        interval: 10,
      },
    );
    controller.abort();
    await expect(first).rejects.toThrow(/interrupted/);
    release();
    const resumed = createPanel({ store: env.store, log: env.log, stage: 't', batchPollMs: 20 });
    const { answers } = await resumed.ask(ratingRequests(m, 3, 1));
    expect(answers.flatMap((a) => a.samples).filter((s) => s.value)).toHaveLength(3);
    expect(env.store.prepare('SELECT COUNT(*) AS n FROM llm_batch_jobs').get()).toEqual({ n: 1 });
    expect(env.lines.some((l) => l.includes('resuming 1 batch job'))).toBe(true);
  });
});
