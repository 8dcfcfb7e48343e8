import type { MemberCapabilities } from './capabilities.ts';
import type { FailureGroup } from './failures.ts';
import type { PanelStats } from './stats.ts';
import type { LlmAnswer } from './types.ts';

export interface RoundStats {
  /** Runs configured over the early-stopped requests, and runs actually asked. */
  runsConfigured: number;
  runsAsked: number;
}

/** What one `ask` did: its own counts (never another ask's), and its failures grouped by cause. */
export interface AskStats extends PanelStats {
  failures: FailureGroup[];
  /** Identical client errors in a row that stop asking a member (for describing `notAsked`). */
  breakerThreshold: number;
  /** The model names each member's provider reported. */
  reportedModels: Record<string, string[]>;
  /** Early-stopped requests: runs configured and runs asked (see early-stop.ts). */
  earlyStop?: RoundStats;
  /** How each member asked was asked: structured-output mode, `n` limit, reasoning (and where each came from). */
  capabilities: Record<string, MemberCapabilities>;
}

export interface AskResult<T> {
  answers: LlmAnswer<T>[];
  stats: AskStats;
}
