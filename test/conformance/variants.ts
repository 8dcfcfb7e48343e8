import { expect } from 'vitest';
import type { Proxy as LoopbackProxy } from '../trust/proxy.ts';
import type { LlmStage, StageOutcome } from './every-stage.ts';

type Answer = Record<string, unknown> & { choices?: Array<{ message?: { content?: string | null } }> };

/** Rewrites every choice's content (the proxies that imitate reasoning models and chatty ones). */
const rewriteContents = (f: (content: string) => string) => (answer: Answer) => ({
  ...answer,
  choices: (answer.choices ?? []).map((c) => ({
    ...c,
    message: { ...c.message, content: f(c.message?.content ?? '') },
  })),
});

/** An answer object with one key nobody asked for (a chatty model's `confidence`). */
function withExtraKey(content: string): string {
  try {
    return JSON.stringify({ ...(JSON.parse(content) as Record<string, unknown>), confidence: 0.9 });
  } catch {
    return content; // not JSON (e.g. cut at max_tokens): the panel's own error handling is not under test here
  }
}

/** Stages whose answer schema is strict: an unknown key is dropped and the repair noted; the others' zod schemas ignore it. */
const STRICT_ANSWERS: readonly LlmStage[] = [
  'judge-relevance (faithful)',
  'judge-relevance (economy)',
  'judge-polarity',
];

/** translate asks one sample per text: `n` is first met by judge-relevance, the next stage. */
const asksRuns = (stage: LlmStage) => stage !== 'translate';

const capsOf = (outcome: StageOutcome) => outcome.capabilities?.tiny;

export interface Variant {
  name: string;
  /** The member's runs: more than one only where `n` is what the variant is about (the server is slow). */
  runs: number;
  setup(proxy: LoopbackProxy): void;
  /** What one stage's run record must say happened behind this proxy. */
  check(outcome: StageOutcome, stage: LlmStage): void;
}

/** Request bodies the json_schema-refusing proxy forwarded (llamacpp's `json_object` carries the schema). */
const forwardedFormats: Array<Record<string, unknown> | undefined> = [];

/** In the order they run: the answer-rewriting ones first, replayed after the first (see replaying-server.ts). */
export const VARIANTS: Variant[] = [
  {
    name: 'usage stripped',
    runs: 1,
    setup: (p) => (p.rewriteAnswer = ({ usage: _u, ...answer }) => answer),
    check: (o, stage) => expect(o.llm.estimated_usage_calls, stage).toBeGreaterThan(0),
  },
  {
    name: 'answers wrapped in <think>',
    runs: 1,
    setup: (p) =>
      (p.rewriteAnswer = rewriteContents((c) => `<think>Let me think about {"relevant": maybe}.</think>\n${c}`)),
    check: (o, stage) => {
      expect(capsOf(o)?.reasoning, stage).toBe(true);
      expect(o.llm.repaired_think_stripped, stage).toBeGreaterThan(0);
      expect(o.llm.reasoning_tokens, stage).toBeGreaterThan(0);
    },
  },
  {
    name: 'answers wrapped in prose',
    runs: 1,
    setup: (p) =>
      (p.rewriteAnswer = rewriteContents((c) => `Sure, here is the answer:\n\`\`\`json\n${c}\n\`\`\`\nAnything else?`)),
    check: (o, stage) => expect(o.llm.repaired_extracted, stage).toBeGreaterThan(0),
  },
  {
    name: 'answers with a key nobody asked for',
    runs: 1,
    setup: (p) => (p.rewriteAnswer = rewriteContents(withExtraKey)),
    check: (o, stage) => {
      if (STRICT_ANSWERS.includes(stage)) expect(o.llm.repaired_extra_keys, stage).toBeGreaterThan(0);
      else expect(o.llm.repaired_extra_keys, stage).toBe(0);
    },
  },
  {
    name: 'n stripped (one choice per request)',
    runs: 2,
    setup: (p) => (p.rewriteRequest = ({ n: _n, ...body }) => body),
    check: (o, stage) => {
      if (asksRuns(stage)) expect(capsOf(o), stage).toMatchObject({ maxN: 1, source: { n: 'negotiated' } });
    },
  },
  {
    name: 'as is (runs 5 > its 4 slots: n learned from the 400)',
    runs: 5,
    setup: () => undefined,
    check: (o, stage) => {
      expect(capsOf(o), stage).toMatchObject({ structured: 'json_schema', source: { structured: 'default' } });
      if (asksRuns(stage)) expect(capsOf(o), stage).toMatchObject({ maxN: 4, source: { n: 'negotiated' } });
    },
  },
  {
    name: 'json_schema refused with 400',
    runs: 1,
    setup: (p) => {
      forwardedFormats.length = 0;
      p.refuse = (body) =>
        (body.response_format as { type?: string } | undefined)?.type === 'json_schema'
          ? { status: 400, message: "response_format type 'json_schema' is not supported" }
          : undefined;
      p.rewriteRequest = (body) => {
        forwardedFormats.push(body.response_format as Record<string, unknown> | undefined);
        return body;
      };
    },
    check: (o, stage) => {
      expect(capsOf(o), stage).toMatchObject({ structured: 'json_object', source: { structured: 'negotiated' } });
      // The llamacpp preset sends the schema inside json_object, where llama-server enforces it by a grammar.
      expect(forwardedFormats.length).toBeGreaterThan(0);
      for (const format of forwardedFormats) expect(format).toMatchObject({ type: 'json_object', schema: {} });
    },
  },
];
