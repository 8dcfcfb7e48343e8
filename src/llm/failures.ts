import { nLimitOf } from './capabilities.ts';

/**
 * Failed samples grouped by member and cause, each with the config key that would fix it, so a
 * stage with 360 failures says one line per cause instead of 360 warnings.
 */
export interface FailureGroup {
  member: string;
  cause: string;
  count: number;
  /** Of `count`, samples never asked because the member's circuit breaker had opened on this cause. */
  notAsked: number;
  /** What to change (a config key) when one is known. */
  hint?: string;
}

/** Request-specific parts of a message (numbers in ids, quoted item text) left out when grouping. */
function causeOf(error: string): string {
  return error
    .replace(/^request failed: /, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

interface HintRule {
  test: Pick<RegExp, 'test'>;
  hint: (cause: string) => string;
}

const HINTS: HintRule[] = [
  {
    test: { test: (cause: string) => nLimitOf(cause) !== undefined },
    hint: (cause) => {
      const limit = nLimitOf(cause) ?? 1;
      return limit > 1 ? `set maxN ${limit} (or supportsN false)` : 'set supportsN false';
    },
  },
  {
    test: /response_format|json_schema|structured output/i,
    hint: () => 'set structuredOutput "json_object" or "instructions"',
  },
  {
    test: /\b(401|403)\b|unauthori[sz]ed|invalid api key|incorrect api key|forbidden/i,
    hint: () => 'check apiKeyEnv (the key it names)',
  },
  {
    test: /\b404\b|model .{0,40}(not found|does not exist)|no such model/i,
    hint: () => 'check model (the name the provider serves)',
  },
  { test: /timed? ?out|timeout/i, hint: () => 'raise timeoutMs' },
  { test: /\b429\b|rate.?limit/i, hint: () => 'lower rpm or maxConcurrency' },
  {
    test: /truncated|finish_reason: length/i,
    hint: () => 'answers hit max_tokens: a model that answers more briefly, or a larger max_tokens for the task',
  },
  {
    test: /malformed JSON|^schema:/i,
    hint: () =>
      'answers outside the answer schema after every retry: structured output (supportsJsonSchema true) where the provider has it, else a model that follows the JSON instructions',
  },
  {
    test: /\b5\d\d\b|connection|ECONNRESET|socket hang up/i,
    hint: () => 'provider errors: rerun later (only the failed samples are asked)',
  },
];

export function hintFor(cause: string): string | undefined {
  return HINTS.find((rule) => rule.test.test(cause))?.hint(cause);
}

export class FailureTally {
  private readonly groups = new Map<string, FailureGroup>();

  add(member: string, error: string, notAsked = false): void {
    const cause = causeOf(error);
    const id = `${member}\n${cause}`;
    const group = this.groups.get(id) ?? { member, cause, count: 0, notAsked: 0, hint: hintFor(cause) };
    group.count += 1;
    if (notAsked) group.notAsked += 1;
    this.groups.set(id, group);
  }

  list(): FailureGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || a.member.localeCompare(b.member));
  }
}

/** The cause as a user reads it, saying how many samples were never asked because of it. */
export function describeCause(group: FailureGroup, breakerThreshold: number): string {
  if (!group.notAsked) return group.cause;
  return `${group.cause} (${group.notAsked} of them not asked: ${group.member} was stopped after ${breakerThreshold} identical errors in a row)`;
}

/** One line per group: `95 × 500 Internal error from gpt-a: provider errors: rerun later`. */
export function formatFailure(group: FailureGroup, breakerThreshold: number): string {
  return `${group.count} × ${describeCause(group, breakerThreshold)} from ${group.member}${group.hint ? `: ${group.hint}` : ''}`;
}
