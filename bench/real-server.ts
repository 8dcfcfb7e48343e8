import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createPanel } from '../src/llm/panel.ts';
import { toWire } from '../src/llm/request.ts';
import type { LlmRequest, LlmTask } from '../src/llm/types.ts';
import { createLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/run-store.ts';
import { PanelMemberSchema } from '../src/schemas/config.ts';
import { hasLlamaServer, startLlamaServer } from '../test/conformance/llama-server.ts';
import type { Figure } from './run.ts';

const REQUESTS = 48;
const CONCURRENCY = 4;
const task: LlmTask<{ relevant: boolean }> = {
  name: 'relevance',
  schema: z.strictObject({ relevant: z.boolean() }),
  promptVersion: 'bench',
  maxOutputTokens: 64,
};

/** A plain concurrent client: the same bodies, `CONCURRENCY` at a time, nothing else. */
async function plain(url: string, bodies: object[]): Promise<number> {
  const queue = [...bodies];
  const started = performance.now();
  const worker = async () => {
    for (let body = queue.shift(); body; body = queue.shift()) {
      const res = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await res.json();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return bodies.length / ((performance.now() - started) / 1000);
}

/**
 * Panel throughput against llama.cpp's real server, side by side with a plain client sending the
 * same request bodies (after one warm-up pass, so neither meets a cold server): the panel's
 * caching, accounting and parsing must cost little next to the server's own work.
 */
export async function benchRealServer(): Promise<Figure[]> {
  if (!hasLlamaServer) {
    process.stderr.write('real-server bench skipped: ../shared/tools/llama-server/llama-server not found\n');
    return [];
  }
  const server = await startLlamaServer(CONCURRENCY);
  const dir = mkdtempSync(join(tmpdir(), 'nf-bench-real-'));
  try {
    const member = PanelMemberSchema.parse({
      id: 'tiny',
      model: 'tiny',
      provider: 'llamacpp',
      baseURL: `${server.url}/v1`,
      runs: 1,
      languages: ['en'],
      maxConcurrency: CONCURRENCY,
      rpm: 1e6,
      tpm: 1e9,
    });
    const requests: LlmRequest<{ relevant: boolean }>[] = Array.from({ length: REQUESTS }, (_, i) => ({
      task,
      itemId: String(i),
      member,
      language: 'en',
      messages: [
        { role: 'system', content: 'Is the statement relevant to family duty? Answer in JSON.' },
        { role: 'user', content: `Statement ${i}: children should care for parents.` },
      ],
      samples: 1,
    }));
    const bodies = requests.map((r) => toWire(r, 'json_schema').body);
    await plain(server.url, bodies);
    const store = openStore(join(dir, 'normforge.db'));
    const panel = createPanel({ store, log: createLogger({ sink: () => undefined }), stage: 'bench' });
    const started = performance.now();
    const { stats } = await panel.ask(requests);
    const panelRps = REQUESTS / ((performance.now() - started) / 1000);
    await panel.close();
    store.close();
    const plainRps = await plain(server.url, bodies);
    return [
      { name: 'real_server.panel_rps', value: panelRps, unit: 'req/s', target: `failed=${stats.failed}` },
      { name: 'real_server.plain_rps', value: plainRps, unit: 'req/s', target: 'reference' },
      { name: 'real_server.panel_vs_plain', value: panelRps / plainRps, unit: 'ratio', target: '>=0.9' },
    ];
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
