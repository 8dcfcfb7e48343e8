import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createPanel } from '../src/llm/panel.ts';
import { toWire } from '../src/llm/request.ts';
import type { LlmRequest, LlmTask } from '../src/llm/types.ts';
import { createLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/run-store.ts';
import { type PanelMember, PanelMemberSchema } from '../src/schemas/config.ts';
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

const ROUNDS = 3;

/** A plain concurrent client: the same bodies, `CONCURRENCY` at a time, nothing else; returns ms taken. */
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
  return performance.now() - started;
}

/** `REQUESTS` questions about statements numbered from `from` (fresh texts: never in the panel's cache). */
function questions(member: PanelMember, from: number): LlmRequest<{ relevant: boolean }>[] {
  return Array.from({ length: REQUESTS }, (_, i) => ({
    task,
    itemId: String(from + i),
    member,
    language: 'en',
    messages: [
      { role: 'system', content: 'Is the statement relevant to family duty? Answer in JSON.' },
      { role: 'user', content: `Statement ${from + i}: children should care for parents.` },
    ],
    samples: 1,
  }));
}

/**
 * Panel throughput against llama.cpp's real server, side by side with a plain client sending the
 * same request bodies. Both clients are warm first (the server's slots, and the panel's lazily
 * loaded SDK, client and store statements: one-time costs of a run, reported apart), then
 * `ROUNDS` rounds of fresh questions alternate which client goes first, so drift in a shared
 * 2-core machine falls on both. Temperature 0 makes the server generate the same tokens for both:
 * the comparison is of the clients, not of sampling luck. The panel's re-asks of malformed answers
 * count against it (its time includes them).
 */
export async function benchRealServer(): Promise<Figure[]> {
  if (!hasLlamaServer) {
    process.stderr.write('real-server bench skipped: ../shared/tools/llama-server/llama-server not found\n');
    return [];
  }
  const server = await startLlamaServer(CONCURRENCY);
  const dir = mkdtempSync(join(tmpdir(), 'nf-bench-real-'));
  const store = openStore(join(dir, 'normforge.db'));
  const panel = createPanel({ store, log: createLogger({ sink: () => undefined }), stage: 'bench' });
  try {
    const member = PanelMemberSchema.parse({
      id: 'tiny',
      model: 'tiny',
      provider: 'llamacpp',
      baseURL: `${server.url}/v1`,
      temperature: 0,
      runs: 1,
      languages: ['en'],
      maxConcurrency: CONCURRENCY,
      rpm: 1e6,
      tpm: 1e9,
    });
    const bodiesOf = (requests: LlmRequest<unknown>[]) => requests.map((r) => toWire(r, 'json_schema').body);
    await plain(server.url, bodiesOf(questions(member, 1_000_000)));
    const coldStarted = performance.now();
    await panel.ask(questions(member, 2_000_000).slice(0, CONCURRENCY));
    const coldMs = performance.now() - coldStarted;
    let plainMs = 0;
    let panelMs = 0;
    let sent = 0;
    let failed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const requests = questions(member, round * REQUESTS);
      const bodies = bodiesOf(requests);
      const viaPanel = async () => {
        const started = performance.now();
        const { stats } = await panel.ask(requests);
        sent += stats.requests;
        failed += stats.failed;
        panelMs += performance.now() - started;
      };
      const viaPlain = async () => {
        plainMs += await plain(server.url, bodies);
      };
      for (const run of round % 2 === 0 ? [viaPlain, viaPanel] : [viaPanel, viaPlain]) await run();
    }
    const asked = ROUNDS * REQUESTS;
    const panelRps = asked / (panelMs / 1000);
    const plainRps = asked / (plainMs / 1000);
    return [
      {
        name: 'real_server.panel_rps',
        value: panelRps,
        unit: 'req/s',
        target: `failed=${failed}, re-asked=${sent - asked}`,
      },
      { name: 'real_server.plain_rps', value: plainRps, unit: 'req/s', target: 'reference' },
      { name: 'real_server.panel_vs_plain', value: panelRps / plainRps, unit: 'ratio', target: '>=0.9' },
      {
        name: 'real_server.panel_first_ask_ms',
        value: coldMs,
        unit: 'ms',
        target: `info (${CONCURRENCY} requests, cold)`,
      },
    ];
  } finally {
    await panel.close();
    store.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
