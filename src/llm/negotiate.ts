import { nextMode, STRUCTURED_FALLBACK, isStructuredOutputRefusal } from './capabilities.ts';
import { payCall, type AskRun, type MemberRuntime } from './core.ts';
import { costUsd, toWire } from './request.ts';
import { callChat, isClientError } from './transport.ts';
import type { LlmRequest } from './types.ts';

/** Output tokens a probe may use: enough for the provider to accept the request, no more. */
const PROBE_MAX_TOKENS = 16;

/**
 * Settles how a member's answers are held to the schema, before any of its requests is keyed (the
 * mode is part of the request, hence of the cache key). The member's first request is sent with
 * a small `max_tokens`, most constrained mode first; a refusal of the mode (HTTP 4xx naming
 * `response_format`, `json_schema`…) falls back to the next one, and the accepted mode is recorded
 * in the run store, so this happens once per provider and model. Any other error leaves the
 * mode as it was: the real requests then meet and report that error.
 */
export async function negotiateStructured(ask: AskRun, runtime: MemberRuntime, request: LlmRequest<unknown>): Promise<void> {
  for (let mode: typeof runtime.caps.structured | undefined = runtime.caps.structured; mode; mode = nextMode(mode)) {
    const wire = toWire(request, mode);
    const probe = { ...wire, body: { ...wire.body, max_tokens: PROBE_MAX_TOKENS }, outputTokensPerSample: PROBE_MAX_TOKENS };
    const reserved = costUsd(runtime.member, wire.inputTokens, PROBE_MAX_TOKENS);
    if (ask.stopped() || !ask.reserve(reserved)) return;
    try {
      ask.tracker.requests += 1;
      const result = await callChat(runtime.client, probe, [0], { policy: ask.shared.policy, limiter: runtime.limiter, signal: ask.shared.signal, simulated: runtime.simulated, onRetry: () => (ask.tracker.requests += 1) });
      ask.release(reserved);
      const entry = payCall(ask, runtime, result, false);
      ask.shared.cache.put([], entry);
      adopt(ask, runtime, mode);
      return;
    } catch (error) {
      ask.release(reserved);
      const message = (error as Error).message;
      if (!isClientError(error) || !isStructuredOutputRefusal(message) || mode === STRUCTURED_FALLBACK.at(-1)) return;
      ask.log.info(`${runtime.member.id}: the provider refused structured output "${mode}" (${message}); trying "${nextMode(mode)}"`);
    }
  }
}

function adopt(ask: AskRun, runtime: MemberRuntime, mode: typeof runtime.caps.structured): void {
  runtime.caps.structured = mode;
  runtime.caps.source.structured = 'negotiated';
  runtime.capabilities.record(runtime.member, { structured: mode });
  ask.log.info(`${runtime.member.id}: structured output "${mode}" (negotiated with the provider, recorded for later runs)`);
}
