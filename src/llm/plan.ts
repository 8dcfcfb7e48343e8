import type { PanelMember } from '../schemas/config.ts';
import { describeCapabilities, type MemberCapabilities } from './capabilities.ts';
import { DEFAULT_REASONING_TOKENS } from './presets.ts';
import { costUsd, estimateInputTokens, toWire } from './request.ts';
import type { LlmRequest } from './types.ts';

/** What an LLM stage expects to ask, for `--dry-run`, budgets and `status`. */
export interface LlmPlan {
  rows: Array<{
    model: string;
    requests: number;
    cached: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
  }>;
  notes?: string[];
}

export interface PlanTotals {
  requests: number;
  cached: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** A plan's rows summed over members (and, given several plans' rows, over stages). */
export function planTotals(plan: Pick<LlmPlan, 'rows'>): PlanTotals {
  return plan.rows.reduce(
    (t, r) => ({
      requests: t.requests + r.requests,
      cached: t.cached + r.cached,
      inputTokens: t.inputTokens + r.inputTokens,
      outputTokens: t.outputTokens + r.outputTokens,
      costUsd: t.costUsd + r.costUsd,
    }),
    { requests: 0, cached: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );
}

/** Reasoning tokens a member's answer is expected to spend: its config, else the default for a reasoning model, else none. */
export function reasoningTokensPerAnswer(member: PanelMember, caps: MemberCapabilities): number {
  return member.reasoningTokensPerAnswer ?? (caps.reasoning ? DEFAULT_REASONING_TOKENS : 0);
}

/**
 * Prompt tokens a provider's prefix cache is expected to serve for one call: the fixed instructions
 * (the system messages before the item), from a member's second call on, when its price says
 * cached tokens cost less.
 */
function cachedPrefixTokens(request: LlmRequest<unknown>): number {
  if (request.member.price.cachedInputPerMTok === undefined) return 0;
  const firstUser = request.messages.findIndex((m) => m.role !== 'system');
  return estimateInputTokens(request.messages.slice(0, firstUser === -1 ? 0 : firstUser));
}

/**
 * The request / token / cost plan of asking `requests`, per member: what the cache already holds
 * (`isCached`) is free, the rest is estimated with each member's capabilities (`capsOf`: its
 * structured-output mode and `n` limit shape the requests), and the worst case (every answer using
 * all of its `max_tokens`, what `--max-cost` reserves) is noted per member.
 */
export function planRequests(
  requests: LlmRequest<unknown>[],
  isCached: (request: LlmRequest<unknown>, key: string) => boolean,
  capsOf: (member: PanelMember) => MemberCapabilities,
): LlmPlan {
  const rows = new Map<string, LlmPlan['rows'][number]>();
  const worstCase = new Map<string, number>();
  const members = new Map<string, { member: PanelMember; caps: MemberCapabilities; calls: number }>();
  for (const request of requests) {
    const caps = capsOf(request.member);
    const seen = members.get(request.member.id) ?? { member: request.member, caps, calls: 0 };
    const wire = toWire(request, caps.structured);
    const missing = wire.keys.filter((key) => !isCached(request, key)).length;
    const row = rows.get(request.member.id) ?? {
      model: request.member.id,
      requests: 0,
      cached: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
    };
    const calls = missing === 0 ? 0 : Math.ceil(missing / Math.max(1, caps.maxN));
    const input = wire.inputTokens * calls;
    const cachedInput = cachedPrefixTokens(request) * Math.max(0, calls - (seen.calls === 0 ? 1 : 0));
    const output = (wire.outputTokensPerSample + reasoningTokensPerAnswer(request.member, caps)) * missing;
    seen.calls += calls;
    members.set(request.member.id, seen);
    row.requests += calls;
    row.cached += request.samples - missing;
    row.inputTokens += input;
    row.outputTokens += output;
    row.costUsd += costUsd(request.member, input, output, request.member.batch, cachedInput);
    rows.set(request.member.id, row);
    const worst = costUsd(request.member, input, wire.maxOutputTokensPerSample * missing, request.member.batch);
    worstCase.set(request.member.id, (worstCase.get(request.member.id) ?? 0) + worst);
  }
  return {
    rows: [...rows.values()],
    notes: [
      'rows are per panel member id; "cached" counts samples, "requests" the calls still to make',
      'tokens estimated: input = characters/4 (one per CJK character) + 4 per message; output = the task estimate (else 64) per answer, at most its max_tokens, plus reasoningTokensPerAnswer for reasoning models',
      'members with price.cachedInputPerMTok: their fixed instructions (system messages) are priced as prefix-cached from their second call on',
      'members without baseURL are answered by the local simulator (no real cost)',
      ...[...members.values()].map(
        ({ member, caps }) =>
          `member ${member.id}: ${describeCapabilities(caps)}${reasoningTokensPerAnswer(member, caps) ? `, ${reasoningTokensPerAnswer(member, caps)} reasoning tokens per answer` : ''}`,
      ),
      `worst case, every answer using all of its max_tokens (what --max-cost reserves per call): ${[...worstCase].map(([id, usd]) => `${id} $${usd.toFixed(4)}`).join(', ')}`,
    ],
  };
}
