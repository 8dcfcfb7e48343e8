import { canonicalFromBody } from '../canonical.ts';
import { strictSchemaViolations } from '../strict-schema.ts';
import { answerFault, type FaultSpec } from './faults.ts';
import { capToTokens, simTokens, simulateChoices } from './respond.ts';

/** What answering a chat request reads of the server, and the counters it adds to (fields of its SimStats). */
export interface AnsweringState {
  seed: string | number;
  faults: FaultSpec;
  /** The server's seeded fault stream: answer faults draw from the same one as request faults. */
  faultRng: () => number;
  countFault(kind: 'malformed' | 'truncate'): void;
  stats: {
    requests: number;
    answered: number;
    answersByKey: Record<string, number>;
    validAnswersByKey: Record<string, number>;
  };
}

/**
 * The chat.completion answering samples `sampleIndices` of a request body: simulated answers (with
 * injected malformed or truncated ones when `withFaults`), cut at the body's `max_tokens`, with
 * usage; every answer is counted under its cache key.
 */
export function chatCompletion(
  state: AnsweringState,
  body: Record<string, unknown>,
  sampleIndices: number[],
  withFaults: boolean,
) {
  const maxTokens = canonicalFromBody(body).max_tokens ?? undefined;
  const choices = simulateChoices(body, sampleIndices, state.seed, undefined, state.faults).map((choice, index) => {
    const fault = withFaults ? answerFault(state.faults, state.faultRng()) : undefined;
    if (fault) state.countFault(fault);
    const faulty =
      fault === 'malformed'
        ? `Sure! ${choice.content.slice(0, -1)}`
        : fault === 'truncate'
          ? choice.content.slice(0, Math.ceil(choice.content.length / 2))
          : choice.content;
    const capped = capToTokens(faulty, maxTokens);
    state.stats.answersByKey[choice.key] = (state.stats.answersByKey[choice.key] ?? 0) + 1;
    if (!fault && !capped.truncated)
      state.stats.validAnswersByKey[choice.key] = (state.stats.validAnswersByKey[choice.key] ?? 0) + 1;
    const finishReason = fault === 'truncate' || capped.truncated ? 'length' : 'stop';
    return {
      index,
      message: { role: 'assistant', content: capped.text, refusal: null },
      finish_reason: finishReason,
      logprobs: null,
    };
  });
  state.stats.answered += choices.length;
  const messages = (body.messages as Array<{ content: unknown }>) ?? [];
  const promptTokens = messages.reduce((sum, m) => sum + simTokens(String(m.content)) + 4, 0);
  const completionTokens = choices.reduce(
    (sum, c) => sum + Math.min(simTokens(c.message.content), maxTokens ?? Infinity),
    0,
  );
  return {
    id: `chatcmpl-sim${state.stats.requests}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: String(body.model),
    choices,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/** OpenAI's 400 for a strict `json_schema` outside the structured-outputs subset, or undefined when it conforms. */
export function invalidSchemaError(
  body: Record<string, unknown>,
): { error: { message: string; type: string; param: string } } | undefined {
  const rf = body.response_format as
    | { type?: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } }
    | undefined;
  if (rf?.type !== 'json_schema' || rf.json_schema?.strict !== true) return undefined;
  const problems = strictSchemaViolations(rf.json_schema.schema);
  if (!problems.length) return undefined;
  return {
    error: {
      message: `Invalid schema for response_format '${rf.json_schema.name}': ${problems.join('; ')}`,
      type: 'invalid_request_error',
      param: 'response_format',
    },
  };
}
