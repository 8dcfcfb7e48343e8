import type { LlmRequest } from '../../src/llm/types.ts';
import { costUsd, outputTokensOf, toWire } from '../../src/llm/request.ts';
import type { PanelMember } from '../../src/schemas/config.ts';
import { TYPICAL_STATEMENT } from '../../src/stages/shared/statement-count.ts';
import { economyRequests, questionRequests, allPairs } from '../../src/statements/requests.ts';
import { builtInFramework } from '../../src/statements/framework.ts';

export const PAPER_STATEMENTS = 776;
export const DIMS = 6;

/** Calls one (item, member, language) costs: one call for all runs with `n`, else one per run. */
export const callsPerSlot = (m: { supportsN?: boolean; runs: number }) => (m.supportsN === false ? m.runs : 1);

export interface ExpectedRow {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * A member's expected plan at `items` typical statements: requests from the formula (items x
 * questions per statement x languages x calls per slot), tokens from the typical statement's
 * prompts (input paid once per call, output per sample), cost at the member's price.
 */
function expectedRow(
  member: PanelMember,
  requests: LlmRequest<unknown>[],
  questionsPerStatement: number,
  items: number,
): ExpectedRow {
  const mine = requests.filter((r) => r.member.id === member.id);
  const input = mine.reduce((n, r) => n + toWire(r).inputTokens * callsPerSlot(member), 0);
  const output = mine.reduce((n, r) => n + outputTokensOf(r) * r.samples, 0);
  return {
    requests: Math.round(items * questionsPerStatement * member.languages.length * callsPerSlot(member)),
    inputTokens: Math.round(input * items),
    outputTokens: Math.round(output * items),
    costUsd: costUsd(member, input, output) * items,
  };
}

export function expectedModes(panel: PanelMember[], statements: number, relevantShare: number) {
  const typical = [TYPICAL_STATEMENT];
  const framework = builtInFramework();
  const relevance = questionRequests(
    'relevance',
    allPairs(typical, framework),
    panel,
    framework,
  ) as LlmRequest<unknown>[];
  const polarity = questionRequests(
    'polarity',
    allPairs(typical, framework),
    panel,
    framework,
  ) as LlmRequest<unknown>[];
  const economy = economyRequests(typical, panel, framework) as LlmRequest<unknown>[];
  return new Map(
    panel.map((m) => {
      const rel = expectedRow(m, relevance, DIMS, statements);
      const pol = expectedRow(m, polarity, DIMS, statements * relevantShare);
      const faithful = {
        requests: rel.requests + pol.requests,
        inputTokens: rel.inputTokens + pol.inputTokens,
        outputTokens: rel.outputTokens + pol.outputTokens,
        costUsd: rel.costUsd + pol.costUsd,
      };
      return [m.id, { relevance: rel, polarity: pol, faithful, economy: expectedRow(m, economy, 1, statements) }];
    }),
  );
}
