/**
 * What is known about common OpenAI-compatible providers, filled in for a member with
 * `provider: "<name>"` wherever its config leaves a capability unset. Anything unknown (`undefined`)
 * is negotiated with the provider on first use. README.md ("Provider presets") lists what each
 * preset assumes and which were tested against a real server.
 */
import type { ProviderName } from '../schemas/config.ts';

export type StructuredMode = 'json_schema' | 'json_object' | 'instructions';

export interface Preset {
  structured?: StructuredMode;
  /** Most choices one request may ask for (`n`); 1 = `n` unsupported. */
  maxN?: number;
  /** The model thinks aloud before answering (its reasoning tokens are billed as output). */
  reasoning?: boolean;
  /** The provider takes a `schema` inside `json_object` and enforces it (llama.cpp's extension). */
  jsonObjectSchema?: boolean;
  /** Response headers that advertise the account's limits, when the provider sends any. */
  rateLimitHeaders?: { requests: string; tokens: string };
}

const OPENAI_HEADERS = { requests: 'x-ratelimit-limit-requests', tokens: 'x-ratelimit-limit-tokens' };

export const PRESETS: Record<ProviderName, Preset> = {
  openai: { structured: 'json_schema', maxN: 128, reasoning: false, rateLimitHeaders: OPENAI_HEADERS },
  // DeepSeek's API: json_object only, no `n`; deepseek-reasoner returns `reasoning_content`.
  deepseek: { structured: 'json_object', maxN: 1, reasoning: true },
  // vLLM: guided decoding behind `json_schema`, `n` supported.
  vllm: { structured: 'json_schema', maxN: 128 },
  // Ollama's OpenAI endpoint: `json_schema` via its `format`, `n` ignored (one choice).
  ollama: { structured: 'json_schema', maxN: 1 },
  // llama.cpp's llama-server: grammar-enforced `json_schema` (negotiated: a proxy in front may
  // refuse it), and a schema inside `json_object` is enforced too; `n` up to its slots (-np),
  // learned from its 400 message; no rate-limit headers.
  llamacpp: { jsonObjectSchema: true },
  // OpenRouter: structured output depends on the routed model (negotiated), `n` unsupported.
  openrouter: { maxN: 1, rateLimitHeaders: { requests: 'x-ratelimit-limit', tokens: 'x-ratelimit-limit-tokens' } },
  together: { structured: 'json_schema', maxN: 1, rateLimitHeaders: OPENAI_HEADERS },
};

/**
 * Reasoning tokens assumed per answer in plans for a reasoning model whose config does not say:
 * deepseek-r1 thinks for a few hundred tokens before a one-line label (measured order of magnitude
 * on short classification prompts); set `reasoningTokensPerAnswer` for a better estimate.
 */
export const DEFAULT_REASONING_TOKENS = 500;
