import { z } from 'zod';
import type { PanelMember } from '../schemas/config.ts';
import { canonicalFromBody, requestHash, sampleKey } from './canonical.ts';
import { toStrictSchema } from './strict-schema.ts';
import { configuredCapabilities } from './capabilities.ts';
import { PRESETS, type StructuredMode } from './presets.ts';
import type { ChatMessage, LlmRequest, LlmTask } from './types.ts';
import { immutableForCanonicalJson } from '../io/canonical-json.ts';

/**
 * Turns an LlmRequest into the wire body every provider receives, and derives its cache keys and
 * token estimates from that body, so what is cached is exactly what was asked.
 */
export interface WireRequest {
  body: {
    model: string;
    messages: ChatMessage[];
    temperature: number;
    max_tokens: number;
    response_format?:
      | { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown>; strict: true } }
      | { type: 'json_object'; schema?: Record<string, unknown> };
  };
  /** How answers are held to the schema in this body (negotiated per member, see capabilities.ts). */
  structured: StructuredMode;
  hash: string;
  keys: string[];
  inputTokens: number;
  /** Typical output tokens of one answer (plans, projections). */
  outputTokensPerSample: number;
  /** `max_tokens`: the most one answer can be billed for (budget reservations). */
  maxOutputTokensPerSample: number;
}

/** Output tokens expected per answer when the task does not say. */
export const DEFAULT_OUTPUT_TOKENS = 64;

/**
 * `max_tokens` of every request whose task and request do not set one. Every request carries a
 * cap, so the most a call can cost is known before it is sent; 2048 leaves room for models that
 * think aloud before a short JSON answer.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 2048;

const schemaCache = new WeakMap<object, { full: Record<string, unknown>; strict: Record<string, unknown> }>();

function schemasOf(task: LlmTask<unknown>): { full: Record<string, unknown>; strict: Record<string, unknown> } {
  let schemas = schemaCache.get(task.schema);
  if (!schemas) {
    // The input side: what the model must produce. Transforms and refinements (the parser) stay out
    // of it, so a parser fix keeps the request, and its cache key, unchanged.
    const full = z.toJSONSchema(task.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    // Built once per schema and never changed after: hashed once, not once per request.
    schemas = { full: immutableForCanonicalJson(full), strict: immutableForCanonicalJson(toStrictSchema(full)) };
    schemaCache.set(task.schema, schemas);
  }
  return schemas;
}

/** The task's answer schema as JSON Schema, with every constraint (shown to models without structured output). */
export function jsonSchemaOf(task: LlmTask<unknown>): Record<string, unknown> {
  return schemasOf(task).full;
}

/** The task's answer schema in OpenAI's strict structured-outputs subset (sent as `response_format`). */
export function strictJsonSchemaOf(task: LlmTask<unknown>): Record<string, unknown> {
  return schemasOf(task).strict;
}

/** The instruction appended for providers without structured output; the simulator reads it too. */
export function jsonInstructions(task: LlmTask<unknown>): string {
  return `\n\nAnswer with a single JSON object only, no prose, matching the JSON schema "${task.name}":\n${JSON.stringify(jsonSchemaOf(task))}`;
}

/**
 * Without strict structured output the schema goes into the prompt, appended to the last user
 * message: after the stage's fixed instructions and the item, so those keep the prompt's prefix
 * identical across items for providers' prefix caches.
 */
function messagesFor(request: LlmRequest<unknown>, structured: StructuredMode): ChatMessage[] {
  if (structured === 'json_schema') return request.messages;
  const lastUser = request.messages.map((m) => m.role).lastIndexOf('user');
  return request.messages.map((m, i) =>
    i === lastUser ? { ...m, content: m.content + jsonInstructions(request.task) } : m,
  );
}

/** Han, kana and hangul characters: current BPE tokenizers spend about one token on each. */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;

/** Token estimate of a text: one per CJK character, characters / 4 for the rest (OpenAI's rule of thumb for English). */
export function estimateTextTokens(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  return cjk + Math.ceil((text.length - cjk) / 4);
}

/** Token estimate for a prompt: its texts plus 4 per message for the chat framing. */
export function estimateInputTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + estimateTextTokens(m.content) + 4, 0);
}

export function maxOutputTokensOf(request: LlmRequest<unknown>): number {
  return request.maxTokens ?? request.task.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
}

export function outputTokensOf(request: LlmRequest<unknown>): number {
  return Math.min(maxOutputTokensOf(request), request.task.expectedOutputTokens ?? DEFAULT_OUTPUT_TOKENS);
}

/**
 * What tokens cost at a member's price. `cachedInputTokens` (part of `inputTokens`) are the prompt
 * tokens the provider served from its prefix cache, billed at `cachedInputPerMTok` when set.
 * Reasoning tokens are output tokens (providers include them in `completion_tokens`).
 */
export function costUsd(
  member: PanelMember,
  inputTokens: number,
  outputTokens: number,
  batch = false,
  cachedInputTokens = 0,
): number {
  const cached = Math.min(inputTokens, cachedInputTokens);
  const cachedPrice = member.price.cachedInputPerMTok ?? member.price.inputPerMTok;
  const cost =
    ((inputTokens - cached) * member.price.inputPerMTok +
      cached * cachedPrice +
      outputTokens * member.price.outputPerMTok) /
    1_000_000;
  // The OpenAI Batch API bills half the synchronous price.
  return batch ? cost / 2 : cost;
}

/** The wire body of a request in a structured-output mode (by default the one its config fixes, else strict `json_schema`). */
export function toWire(
  request: LlmRequest<unknown>,
  structured: StructuredMode = configuredCapabilities(request.member).structured?.mode ?? 'json_schema',
): WireRequest {
  const messages = messagesFor(request, structured);
  const maxTokens = maxOutputTokensOf(request);
  const body: WireRequest['body'] = {
    model: request.member.model,
    messages,
    temperature: request.member.temperature,
    max_tokens: maxTokens,
  };
  if (structured === 'json_schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: request.task.name, schema: strictJsonSchemaOf(request.task), strict: true },
    };
  } else if (structured === 'json_object') {
    const withSchema =
      request.member.provider !== undefined && PRESETS[request.member.provider].jsonObjectSchema === true;
    body.response_format = withSchema
      ? { type: 'json_object', schema: jsonSchemaOf(request.task) }
      : { type: 'json_object' };
  }
  const hash = requestHash(canonicalFromBody(body));
  const keys = Array.from({ length: request.samples }, (_, i) => sampleKey(hash, i));
  return {
    body,
    structured,
    hash,
    keys,
    inputTokens: estimateInputTokens(messages),
    outputTokensPerSample: outputTokensOf(request),
    maxOutputTokensPerSample: maxTokens,
  };
}

const CORRECTION_PREFIX = 'That answer was rejected';

/** The messages of a request without a correcting re-ask's exchange (the question the re-ask answers). */
export function withoutCorrection<M extends { role: string; content: string }>(messages: M[]): M[] {
  const last = messages.at(-1);
  const isCorrection =
    messages.length >= 2 &&
    messages.at(-2)?.role === 'assistant' &&
    last?.role === 'user' &&
    last.content.startsWith(CORRECTION_PREFIX);
  return isCorrection ? messages.slice(0, -2) : messages;
}

/**
 * The re-ask of a rejected answer: the same request, the rejected answer, and what was wrong with
 * it. Its answer is stored under the original sample's key (it answers the same question).
 */
export function correctedWire(wire: WireRequest, raw: string, error: string): WireRequest {
  const messages: ChatMessage[] = [
    ...wire.body.messages,
    { role: 'assistant', content: raw },
    {
      role: 'user',
      content: `${CORRECTION_PREFIX} (${error}). Answer again with only the JSON object the schema describes.`,
    },
  ];
  return { ...wire, body: { ...wire.body, messages }, inputTokens: estimateInputTokens(messages) };
}
