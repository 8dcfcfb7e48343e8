import { afterAll, beforeAll, describe, expect, it, type TestContext, vi } from 'vitest';
import { recipeStatus } from '../../src/pipeline/status.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { proxyTo } from '../trust/proxy.ts';
import { LLM_STAGES, runEveryStage } from './every-stage.ts';
import { hasLlamaServer, LLAMA_BIN, startLlamaServer, type LlamaServer } from './llama-server.ts';
import { replaying, type ReplayingServer } from './replaying-server.ts';
import { tinyProject } from './tiny-project.ts';
import { type Variant, VARIANTS } from './variants.ts';

/** Counters in a stage's summary or counts that name samples or items left without a valid answer. */
const FAILURE_COUNTS = ['failed_samples', 'failed', 'unparseable', 'unknown'];

function checkVariant(variant: Variant) {
  return async ({ onTestFinished }: TestContext) => {
    const proxy = await proxyTo(llama.url, onTestFinished);
    variant.setup(proxy);
    const ws = tinyProject({ baseURL: proxy.url, runs: variant.runs }, onTestFinished).open();
    const outcomes = await runEveryStage(ws);
    for (const stage of LLM_STAGES) {
      const outcome = outcomes.get(stage);
      expect(outcome?.action, stage).toBe('ran');
      expect(outcome?.llm.new, stage).toBeGreaterThan(0);
      expect(outcome?.llm.failed, stage).toBe(0);
      for (const key of FAILURE_COUNTS) expect(outcome?.counts[key] ?? 0, `${stage} ${key}`).toBe(0);
      variant.check(outcome!, stage);
    }
    // `status` shows the mode each member was asked in, from the run's provenance.
    const caps = outcomes.get('judge-relevance (economy)')?.capabilities?.tiny;
    const status = (await recipeStatus(ws, recipe)).find((s) => s.stage === 'judge-relevance');
    expect(status?.capabilities?.tiny).toContain(`${caps?.structured} (`);
  };
}

const title = (variant: Variant) =>
  `${variant.name}: every LLM stage completes with 0 failed samples, and the record says how`;
const TIMEOUT_MS = 600_000;
let server: LlamaServer;
/** The server as the variants' proxies reach it: a body it already answered is answered again from memory. */
let llama: ReplayingServer;

/**
 * One server for the file, the variants one after another. The answers are greedy, so the variants
 * send the same prompts: llama-server's prompt cache serves those it has seen, and bodies it has
 * answered whole are replayed (replaying-server.ts).
 */
describe.skipIf(!hasLlamaServer)(
  `conformance against a real OpenAI-compatible server (llama.cpp)${hasLlamaServer ? '' : ` — skipped: no ${LLAMA_BIN}`}`,
  () => {
    beforeAll(async () => {
      // The evaluations' chart PNGs (a Chromium per report) are not under test here; their SVGs are still written.
      vi.stubEnv('NORMFORGE_CHROMIUM', '/nonexistent/chromium');
      server = await startLlamaServer();
      llama = await replaying(server.url);
    }, 60_000);
    afterAll(async () => {
      vi.unstubAllEnvs();
      await llama?.close();
      await server?.close();
    });

    for (const variant of VARIANTS) it(title(variant), checkVariant(variant), TIMEOUT_MS);
  },
);
