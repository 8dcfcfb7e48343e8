import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_INDEX_HEADER, SIMULATED_HEADER } from '../../src/llm/canonical.ts';
import { simulateChoices } from '../../src/llm/sim/respond.ts';
import type { SimTask } from '../../src/llm/sim/task.ts';
import { SIM_TASKS } from '../../src/llm/sim/tasks/index.ts';

/**
 * A test-only OpenAI-compatible chat endpoint answering with the simulator's handlers, some of
 * them replaced by the test (the shared simulator keeps its default behaviour). It counts how
 * often each sample was asked, so a test can see which samples the panel re-asked.
 */
export interface CustomSim {
  url: string;
  requests(): number;
  /** Times each cache key (sample) was answered. */
  answersByKey(): Map<string, number>;
  close(): Promise<void>;
}

export async function startCustomSim(overrides: SimTask[]): Promise<CustomSim> {
  const tasks = SIM_TASKS.map((t) => overrides.find((o) => o.name === t.name) ?? t);
  const answers = new Map<string, number>();
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.endsWith('/models')) {
      // Like the shared simulator: says it is a simulator, so its cached answers stay usable.
      res.writeHead(200, { 'content-type': 'application/json', [SIMULATED_HEADER]: 'true' });
      res.end(JSON.stringify({ object: 'list', data: [] }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests += 1;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const header = req.headers[SAMPLE_INDEX_HEADER];
      const n = typeof body.n === 'number' ? body.n : 1;
      const indices =
        typeof header === 'string' && header ? header.split(',').map(Number) : Array.from({ length: n }, (_, i) => i);
      const choices = simulateChoices(body, indices, 'custom-sim', tasks).map((c, index) => {
        answers.set(c.key, (answers.get(c.key) ?? 0) + 1);
        return {
          index,
          message: { role: 'assistant', content: c.content, refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        };
      });
      res.writeHead(200, { 'content-type': 'application/json', [SIMULATED_HEADER]: 'true' });
      res.end(
        JSON.stringify({
          id: `sim${requests}`,
          object: 'chat.completion',
          created: 0,
          model: body.model,
          choices,
          usage: { prompt_tokens: 10, completion_tokens: 5 * choices.length, total_tokens: 10 + 5 * choices.length },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    answersByKey: () => new Map(answers),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
