import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { RunLog } from '../../src/pipeline/runs.ts';
import { recipeStatus } from '../../src/pipeline/status.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { statementsProject } from '../trust/project.ts';
import { proxyTo, type Proxy as LoopbackProxy } from '../trust/proxy.ts';
import { hasLlamaServer, LLAMA_BIN, startLlamaServer, type LlamaServer } from './llama-server.ts';

type Answer = Record<string, unknown> & { choices?: Array<{ message?: { content?: string | null } }> };

/** Rewrites every choice's content (the proxies that imitate reasoning models and chatty ones). */
const rewriteContents = (f: (content: string) => string) => (answer: Answer) => ({
  ...answer,
  choices: (answer.choices ?? []).map((c) => ({
    ...c,
    message: { ...c.message, content: f(c.message?.content ?? '') },
  })),
});

interface Variant {
  name: string;
  setup(proxy: LoopbackProxy): void;
  runs: number;
  /** What the run's provenance and summaries must say happened. */
  check(run: {
    capabilities: Record<string, { structured: string; maxN: number; reasoning: boolean | null }>;
    llm: Record<string, number>;
  }): void;
}

const VARIANTS: Variant[] = [
  {
    name: 'as is (runs 5 > its 4 slots: n learned from the 400)',
    runs: 5,
    setup: () => undefined,
    check: ({ capabilities }) => expect(capabilities.tiny).toMatchObject({ structured: 'json_schema', maxN: 4 }),
  },
  {
    name: 'n stripped (one choice per request)',
    runs: 2,
    setup: (p) => (p.rewriteRequest = ({ n: _n, ...body }) => body),
    check: ({ capabilities }) => expect(capabilities.tiny.maxN).toBe(1),
  },
  {
    name: 'usage stripped',
    runs: 2,
    setup: (p) => (p.rewriteAnswer = ({ usage: _u, ...answer }) => answer),
    check: ({ llm }) => expect(llm.estimated_usage_calls).toBeGreaterThan(0),
  },
  {
    name: 'answers wrapped in <think>',
    runs: 2,
    setup: (p) =>
      (p.rewriteAnswer = rewriteContents((c) => `<think>Let me think about {"relevant": maybe}.</think>\n${c}`)),
    check: ({ capabilities, llm }) => {
      expect(capabilities.tiny.reasoning).toBe(true);
      expect(llm.repaired_think_stripped).toBeGreaterThan(0);
      expect(llm.reasoning_tokens).toBeGreaterThan(0);
    },
  },
  {
    name: 'answers wrapped in prose',
    runs: 2,
    setup: (p) =>
      (p.rewriteAnswer = rewriteContents((c) => `Sure, here is the answer:\n\`\`\`json\n${c}\n\`\`\`\nAnything else?`)),
    check: ({ llm }) => expect(llm.repaired_extracted).toBeGreaterThan(0),
  },
  {
    name: 'json_schema refused with 400',
    runs: 2,
    setup: (p) => {
      p.refuse = (body) =>
        (body.response_format as { type?: string } | undefined)?.type === 'json_schema'
          ? { status: 400, message: "response_format type 'json_schema' is not supported" }
          : undefined;
    },
    check: ({ capabilities }) => expect(capabilities.tiny.structured).toBe('json_object'),
  },
];

const STAGES = ['translate', 'judge-relevance', 'judge-polarity'] as const;

describe.skipIf(!hasLlamaServer)(
  `conformance against a real OpenAI-compatible server (llama.cpp)${hasLlamaServer ? '' : ` — skipped: no ${LLAMA_BIN}`}`,
  () => {
    let server: LlamaServer;
    beforeAll(async () => {
      server = await startLlamaServer();
    }, 60_000);
    afterAll(() => server?.close());

    for (const variant of VARIANTS) {
      it(`${variant.name}: every stage completes with 0 failed samples, and the record says how`, async () => {
        const proxy = await proxyTo(server.url);
        variant.setup(proxy);
        const project = statementsProject(2, [
          { id: 'tiny', baseURL: proxy.url, runs: variant.runs, languages: ['zh'] },
        ]);
        project.setConfig({
          panel: [
            {
              id: 'tiny',
              model: 'tiny',
              provider: 'llamacpp',
              baseURL: proxy.url,
              runs: variant.runs,
              languages: ['zh'],
              maxConcurrency: 4,
              timeoutMs: 120_000,
            },
          ],
        });
        const ws = project.open();
        const report = await runRecipe(ws, recipe, { from: 'translate', to: 'judge-polarity' });
        const runs = new RunLog(ws.store);
        const llm: Record<string, number> = {};
        for (const stage of STAGES) {
          const summary = report.stages.find((s) => s.stage === stage)?.summary?.llm as
            | Record<string, number>
            | undefined;
          // judge-polarity asks only the pairs judged relevant: with none, it makes no request.
          if (stage !== 'judge-polarity') expect(summary?.new, stage).toBeGreaterThan(0);
          expect(summary?.failed ?? 0, stage).toBe(0);
          for (const [k, v] of Object.entries(summary ?? {})) llm[k] = (llm[k] ?? 0) + v;
        }
        const provenance = runs.lastOk('judge-relevance')!.provenance as {
          capabilities?: Record<string, { structured: string; maxN: number; reasoning: boolean | null }>;
        };
        variant.check({ capabilities: provenance.capabilities ?? {}, llm });
        // `status` shows the mode each member was asked in, from the run's provenance.
        const status = (await recipeStatus(ws, recipe)).find((s) => s.stage === 'judge-relevance');
        expect(status?.capabilities?.tiny).toContain(`${provenance.capabilities?.tiny.structured} (`);
      }, 240_000);
    }
  },
);
