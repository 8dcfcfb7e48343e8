import type { LlmPlan } from '../pipeline/stage.ts';
import { costUsd, toWire } from './request.ts';
import type { LlmRequest } from './types.ts';

export const MAX_N = 128;

/**
 * The request / token / cost plan of asking `requests`, per member: what the cache already holds
 * (`isCached`) is free, the rest is estimated, and the worst case (every answer using all of its
 * `max_tokens`, what `--max-cost` reserves) is noted per member.
 */
export function planRequests(requests: LlmRequest<unknown>[], isCached: (request: LlmRequest<unknown>, key: string) => boolean): LlmPlan {
  const rows = new Map<string, LlmPlan['rows'][number]>();
  const worstCase = new Map<string, number>();
  for (const request of requests) {
    const wire = toWire(request);
    const missing = wire.keys.filter((key) => !isCached(request, key)).length;
    const row = rows.get(request.member.id) ?? { model: request.member.id, requests: 0, cached: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    const calls = missing === 0 ? 0 : request.member.supportsN ? Math.ceil(missing / MAX_N) : missing;
    const input = wire.inputTokens * calls;
    const output = wire.outputTokensPerSample * missing;
    row.requests += calls;
    row.cached += request.samples - missing;
    row.inputTokens += input;
    row.outputTokens += output;
    row.costUsd += costUsd(request.member, input, output, request.member.batch);
    rows.set(request.member.id, row);
    const worst = costUsd(request.member, input, wire.maxOutputTokensPerSample * missing, request.member.batch);
    worstCase.set(request.member.id, (worstCase.get(request.member.id) ?? 0) + worst);
  }
  return {
    rows: [...rows.values()],
    notes: [
      'rows are per panel member id; "cached" counts samples, "requests" the calls still to make',
      'tokens estimated: input = characters/4 (one per CJK character) + 4 per message; output = the task estimate (else 64) per answer, at most its max_tokens',
      'members without baseURL are answered by the local simulator (no real cost)',
      `worst case, every answer using all of its max_tokens (what --max-cost reserves per call): ${[...worstCase].map(([id, usd]) => `${id} $${usd.toFixed(4)}`).join(', ')}`,
    ],
  };
}
