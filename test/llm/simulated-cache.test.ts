import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPanel } from '../../src/llm/panel.ts';
import { member, ratingRequests, testEnv, testSimulator, type TestEnv } from './helpers.ts';

let env: TestEnv | undefined;
let provider: Server | undefined;
afterEach(async () => {
  env?.dispose();
  await new Promise((r) => (provider ? provider.close(r) : r(undefined)));
  env = provider = undefined;
});

/** A minimal OpenAI-compatible provider that is not the simulator: it always rates 4 and has no /models. */
async function realProvider(): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  provider = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: { message: 'not found' } }));
      }
      requests += 1;
      const n = (JSON.parse(body) as { n?: number }).n ?? 1;
      const choices = Array.from({ length: n }, (_, index) => ({
        index,
        message: { role: 'assistant', content: '{"score":4}', refusal: null },
        finish_reason: 'stop',
        logprobs: null,
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'c',
          object: 'chat.completion',
          created: 0,
          model: 'm',
          choices,
          usage: { prompt_tokens: 10, completion_tokens: 3 * n, total_tokens: 10 + 3 * n },
        }),
      );
    });
  });
  await new Promise<void>((r) => provider!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`, requests: () => requests };
}

describe('cached simulator answers and real providers', () => {
  it('asks a real provider anew when a member moves from the simulator to a real baseURL: the simulated answers stay under the simulator, never stand in', async () => {
    env = testEnv();
    const simulatedPanel = createPanel({ store: env.store, log: env.log, stage: 't', simulator: testSimulator() });
    await simulatedPanel.ask(ratingRequests(member({ id: 'gpt-4.1' }), 3, 2));
    await simulatedPanel.close();

    const real = await realProvider();
    const moved = member({ id: 'gpt-4.1', baseURL: real.url });
    const panel = createPanel({ store: env.store, log: env.log, stage: 't' });
    const { answers } = await panel.ask(ratingRequests(moved, 3, 2));
    expect(real.requests()).toBe(3);
    expect(answers.flatMap((a) => a.samples).map((s) => [s.value?.score, s.simulated, s.fromCache])).toEqual(
      Array(6).fill([4, false, false]),
    );
    expect(
      env.store
        .prepare(
          'SELECT provider, simulated, COUNT(*) AS n FROM llm_cache GROUP BY provider, simulated ORDER BY provider',
        )
        .all(),
    ).toEqual([
      { provider: real.url, simulated: 0, n: 6 },
      { provider: 'simulator', simulated: 1, n: 6 },
    ]);

    await createPanel({ store: env.store, log: env.log, stage: 't' }).ask(ratingRequests(moved, 3, 2));
    expect(real.requests()).toBe(3);
  });
});
