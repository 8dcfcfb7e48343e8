import OpenAI from 'openai';
import pRetry, { AbortError } from 'p-retry';
import { UserError } from '../errors.ts';
import { registerSecretEnv } from '../log/logger.ts';
import type { PanelMember } from '../schemas/config.ts';
import { SAMPLE_INDEX_HEADER, SIMULATED_HEADER } from './canonical.ts';
import type { MemberLimiter } from './ratelimit.ts';
import { sleep } from './ratelimit.ts';
import { stripThink, withReasoning } from './repair.ts';
import { estimateTextTokens, type WireRequest } from './request.ts';

/**
 * One chat-completions call through the official `openai` SDK with its own retries off (it would
 * sleep any `retry-after`, uncapped) and our policy instead: 429, 5xx, timeouts and connection
 * resets are retried with exponential backoff that honours `retry-after` up to a cap.
 */
export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  retryAfterCapMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 8,
  minTimeoutMs: 500,
  maxTimeoutMs: 30_000,
  retryAfterCapMs: 60_000,
  requestTimeoutMs: 120_000,
};

export interface ChatChoice {
  content: string | null;
  finishReason: string | null;
  refusal: string | null;
}

export interface ChatResult {
  choices: ChatChoice[];
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  simulated: boolean;
  /** The `model` the provider says answered. */
  reportedModel?: string;
  /** The provider sent no `usage`: the tokens are estimated from the texts (and still paid for by budgets). */
  estimated?: boolean;
  /** Of `completionTokens`, those spent reasoning (reported, else estimated from the reasoning text). */
  reasoningTokens?: number;
  /** Of `promptTokens`, those the provider served from its prefix cache. */
  cachedTokens?: number;
}

/** A client for a member; the key is read from the environment now and registered for redaction. */
export function createClient(member: PanelMember, baseURL: string, policy: RetryPolicy): OpenAI {
  registerSecretEnv(member.apiKeyEnv);
  const apiKey = member.apiKeyEnv ? process.env[member.apiKeyEnv] : 'no-key';
  if (!apiKey)
    throw new UserError(`panel member "${member.id}": environment variable ${member.apiKeyEnv} is not set`, {
      field: 'apiKeyEnv',
    });
  return new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: member.timeoutMs ?? policy.requestTimeoutMs });
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError) return true;
  if (error instanceof OpenAI.APIError)
    return error.status === 408 || error.status === 409 || error.status === 429 || (error.status ?? 0) >= 500;
  const code = (error as { code?: string }).code;
  return code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE';
}

/** Delay before the next attempt: the provider's `retry-after` (capped) or exponential backoff with jitter. */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy): number {
  const headers = error instanceof OpenAI.APIError ? error.headers : undefined;
  const retryAfterMs = Number(headers?.get('retry-after-ms'));
  const retryAfterS = Number(headers?.get('retry-after'));
  if (retryAfterMs > 0) return Math.min(retryAfterMs, policy.retryAfterCapMs);
  if (retryAfterS > 0) return Math.min(retryAfterS * 1000, policy.retryAfterCapMs);
  const backoff = Math.min(policy.maxTimeoutMs, policy.minTimeoutMs * 2 ** (attempt - 1));
  return backoff * (0.5 + Math.random() / 2);
}

export interface CallOptions {
  policy: RetryPolicy;
  limiter: MemberLimiter;
  signal?: AbortSignal;
  simulated: boolean;
  onRetry(error: unknown): void;
}

/**
 * Tokens of a call: the provider's `usage`, or, when it sends none, an estimate from the prompt and
 * the answers' texts (marked estimated) — a missing `usage` must never make a call free.
 */
function usageOf(
  usage: OpenAI.CompletionUsage | undefined | null,
  wire: WireRequest,
  choices: ChatChoice[],
): Pick<ChatResult, 'promptTokens' | 'completionTokens' | 'estimated' | 'reasoningTokens' | 'cachedTokens'> {
  // Reasoning is part of every answer's raw text (a leading <think> block), so its length is known
  // even when the provider does not break it out.
  const reasoningText = choices.reduce(
    (sum, c) =>
      sum +
      estimateTextTokens(
        c.content === null ? '' : c.content.slice(0, c.content.length - stripThink(c.content).text.length),
      ),
    0,
  );
  if (usage && typeof usage.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number') {
    const reported = usage.completion_tokens_details?.reasoning_tokens;
    return {
      promptTokens: usage.prompt_tokens,
      completionTokens: usage.completion_tokens,
      reasoningTokens: typeof reported === 'number' && reported > 0 ? reported : reasoningText,
      cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    };
  }
  const completion = choices.reduce((sum, c) => sum + estimateTextTokens(c.content ?? c.refusal ?? ''), 0);
  return {
    promptTokens: wire.inputTokens,
    completionTokens: completion,
    estimated: true,
    reasoningTokens: reasoningText,
    cachedTokens: 0,
  };
}

/** `reasoning_content` (DeepSeek, vLLM, llama.cpp) or `reasoning` (OpenRouter), when a provider sends it apart from the answer. */
function reasoningOf(message: unknown): string | null {
  if (message === null || typeof message !== 'object') return null;
  for (const field of ['reasoning_content', 'reasoning']) {
    const value = (message as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

/** A refusal of the request itself (bad parameter, bad key, unknown model): asking again unchanged changes nothing. */
export function isClientError(error: unknown): boolean {
  if (!(error instanceof OpenAI.APIError) || error.status === undefined) return false;
  return error.status >= 400 && error.status < 500 && ![408, 409, 429].includes(error.status);
}

/** Asks for `sampleIndices.length` choices (`n`) of one wire request. */
export async function callChat(
  client: OpenAI,
  wire: WireRequest,
  sampleIndices: number[],
  opts: CallOptions,
): Promise<ChatResult> {
  const n = sampleIndices.length;
  const estimatedTokens = wire.inputTokens + wire.outputTokensPerSample * n;
  return pRetry(
    async () => {
      await opts.limiter.acquire(estimatedTokens, opts.signal);
      const started = performance.now();
      const body = n > 1 ? { ...wire.body, n } : wire.body;
      // The HTTP call itself is not tied to the abort signal: an answer already being produced is paid
      // for, so it is awaited and kept.
      const { data, response } = await client.chat.completions
        .create(body as OpenAI.ChatCompletionCreateParamsNonStreaming, {
          headers: { [SAMPLE_INDEX_HEADER]: sampleIndices.join(',') },
        })
        .withResponse();
      opts.limiter.observeHeaders(response.headers);
      const choices = [...(data.choices ?? [])]
        .sort((a, b) => a.index - b.index)
        .map((c) => ({
          content: withReasoning(c.message?.content ?? null, reasoningOf(c.message)),
          finishReason: c.finish_reason ?? null,
          refusal: c.message?.refusal ?? null,
        }));
      const usage = usageOf(data.usage, wire, choices);
      opts.limiter.tokens.adjust(estimatedTokens - usage.promptTokens - usage.completionTokens);
      return {
        choices,
        ...usage,
        latencyMs: Math.round(performance.now() - started),
        simulated: opts.simulated || response.headers.get(SIMULATED_HEADER) === 'true',
        reportedModel: typeof data.model === 'string' && data.model ? data.model : undefined,
      };
    },
    {
      retries: opts.policy.retries,
      minTimeout: 0,
      factor: 1,
      randomize: false,
      // No `signal` here: p-retry would reject at once and orphan a request already on the wire.
      // An interrupt ends the run at the next wait (rate limit or backoff) instead.
      shouldRetry: ({ error }) => isRetryable(error),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (!isRetryable(error) || retriesLeft === 0) return;
        opts.onRetry(error);
        await sleep(retryDelayMs(error, attemptNumber, opts.policy), opts.signal).catch(() => {
          throw new AbortError('interrupted');
        });
      },
    },
  );
}
