import { createHash } from 'node:crypto';
import { canonicalJson } from '../io/canonical-json.ts';
import type { ChatMessage } from './types.ts';

/**
 * The part of a chat-completions request that determines its answer. Transport details (host,
 * credentials, `n`, streaming, timeouts) are left out so a key survives a change of provider URL
 * or key and never contains a secret.
 */
export interface CanonicalRequest {
  model: string;
  messages: ChatMessage[];
  temperature: number | null;
  max_tokens: number | null;
  response_format: unknown;
}

/** The canonical request of a wire body (as sent to or received by an OpenAI-compatible server). */
export function canonicalFromBody(body: Record<string, unknown>): CanonicalRequest {
  const messages = (body.messages as Array<{ role: ChatMessage['role']; content: unknown }>) ?? [];
  return {
    model: String(body.model ?? ''),
    messages: messages.map((m) => ({ role: m.role, content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) })),
    temperature: typeof body.temperature === 'number' ? body.temperature : null,
    max_tokens: numberOrNull(body.max_completion_tokens ?? body.max_tokens),
    response_format: body.response_format ?? null,
  };
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

/** Hash of the request without the sample index; combine with `sampleKey`. */
export function requestHash(req: CanonicalRequest): string {
  return createHash('sha256').update(canonicalJson(req)).digest('hex');
}

/** The cache key of one sample: sha256 of the canonical request hash and the sample index. */
export function sampleKey(requestHashHex: string, sampleIndex: number): string {
  return createHash('sha256').update(`${requestHashHex}#${sampleIndex}`).digest('hex');
}

/** Header by which the panel tells a server which sample index each returned choice stands for. */
export const SAMPLE_INDEX_HEADER = 'x-normforge-samples';
/** Header by which the simulator marks its answers. */
export const SIMULATED_HEADER = 'x-normforge-simulated';
