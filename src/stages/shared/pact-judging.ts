import { withPanel } from './panel.ts';
import type { z } from 'zod';
import type { StageContext } from '../contract.ts';
import type { LlmPlan } from '../../llm/plan.ts';
import type { Config, PanelMember } from '../../schemas/config.ts';
import {
  collect,
  describeFailures,
  groupAnswers,
  pactRequests,
  selectMembers,
  type Collected,
} from '../../pact/llm.ts';

/** What a judging stage asks of its judges about each item. */
export interface JudgeSpec<I, T> {
  stage: string;
  task: { name: string; schema: z.ZodType<T> };
  idOf(item: I): string;
  varsOf(item: I): Record<string, string>;
}

/** The judging params every judging stage takes (see `JudgeParams`). */
export interface JudgeSettings {
  judges?: string[];
  runs?: number;
}

export type Decision<K, R> = { keep: K } | { reject: R };

export interface Split<K, R> {
  kept: K[];
  rejects: R[];
  judges: string[];
}

export function judgesOf(config: Config, params: JudgeSettings, stage: string): PanelMember[] {
  return selectMembers(config, params.judges, `stages.${stage}.judges`);
}

function requestsFor<I, T>(ctx: StageContext<JudgeSettings>, spec: JudgeSpec<I, T>, items: readonly I[]) {
  const members = judgesOf(ctx.config, ctx.params, spec.stage);
  return {
    members,
    requests: items.flatMap((item) =>
      pactRequests(spec.task, spec.idOf(item), spec.varsOf(item), members, ctx.params.runs),
    ),
  };
}

export function planJudging<I, T>(
  ctx: StageContext<JudgeSettings>,
  spec: JudgeSpec<I, T>,
  items: readonly I[],
): Promise<LlmPlan> {
  const { requests } = requestsFor(ctx, spec, items);
  return withPanel(ctx, spec.stage, (panel) => panel.plan(requests));
}

/**
 * Asks the judges about every item and splits the items in input order. An item without a single
 * valid answer is rejected through `unanswered` with a reason naming each failed sample (their
 * raw texts are in `judged.failed`); the others are kept or rejected by `decide` on their votes.
 */
export async function judgeAndSplit<I, T, K, R>(
  ctx: StageContext<JudgeSettings>,
  spec: JudgeSpec<I, T>,
  items: readonly I[],
  decide: (item: I, judged: Collected<T>) => Decision<K, R>,
  unanswered: (item: I, reason: string, judged: Collected<T>) => R,
): Promise<Split<K, R>> {
  const { members, requests } = requestsFor(ctx, spec, items);
  const groups = groupAnswers(await withPanel(ctx, spec.stage, (panel) => panel.ask(requests)).then((r) => r.answers));
  const split: Split<K, R> = { kept: [], rejects: [], judges: members.map((m) => m.id) };
  for (const item of items) {
    const judged = collect(groups.get(spec.idOf(item)) ?? []);
    if (judged.values.length === 0) {
      split.rejects.push(unanswered(item, `no valid judge answer (${describeFailures(judged.failed)})`, judged));
      continue;
    }
    const decision = decide(item, judged);
    if ('keep' in decision) split.kept.push(decision.keep);
    else split.rejects.push(decision.reject);
  }
  return split;
}

/** Distinct non-empty reasons, in the order given (five samples often say the same thing). */
export function distinctReasons(reasons: readonly string[]): string[] {
  return [...new Set(reasons.map((r) => r.trim()).filter(Boolean))];
}
