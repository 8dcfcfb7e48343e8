import { existsSync } from 'node:fs';
import type { StageContext } from '../contract.ts';
import { planTotals, type LlmPlan } from '../../llm/plan.ts';
import { countJsonl } from '../../io/jsonl.ts';
import type { JudgedStatement } from '../../statements/requests.ts';

/**
 * Planning before the inputs exist (a dry run of a fresh project): the number of statements comes
 * from `assumeStatements`, else from the nearest upstream file that exists, and token counts from
 * a statement of typical Kialo thesis length, scaled up.
 */
export const UPSTREAM_STATEMENT_FILES = [
  'data/interim/statements-translated.jsonl',
  'data/interim/kialo-statements.jsonl',
  'data/raw/kialo/statements.jsonl',
];

export const TYPICAL_STATEMENT: JudgedStatement = {
  statement_id: 'typical',
  texts: {
    en: 'Governments should push to implement 100% renewable energy',
    zh: '政府应推动实现百分之百使用可再生能源',
  },
};

export interface StatementCount {
  count: number;
  basis: string;
}

export async function assumedStatementCount(ctx: StageContext<{ assumeStatements?: number }>): Promise<StatementCount> {
  if (ctx.params.assumeStatements !== undefined)
    return { count: ctx.params.assumeStatements, basis: 'assumeStatements param' };
  for (const rel of UPSTREAM_STATEMENT_FILES) {
    const file = ctx.ws.path(rel);
    if (existsSync(file)) return { count: await countJsonl(file), basis: `records in ${rel}` };
  }
  return { count: 0, basis: 'no statements yet (set stages.<stage>.assumeStatements to estimate)' };
}

/** A plan for one typical item, multiplied out to `factor` items. */
export function scalePlan(plan: LlmPlan, factor: number): LlmPlan {
  return {
    rows: plan.rows.map((r) => ({
      model: r.model,
      requests: Math.round(r.requests * factor),
      cached: Math.round(r.cached * factor),
      inputTokens: Math.round(r.inputTokens * factor),
      outputTokens: Math.round(r.outputTokens * factor),
      costUsd: r.costUsd * factor,
    })),
    notes: plan.notes,
  };
}

export { planTotals };

export function describeTotals(label: string, plan: LlmPlan, samples: number): string {
  const t = planTotals(plan);
  return `${label}: ${t.requests} requests (${t.cached} cached) for ${samples} samples, ~${t.inputTokens} input + ~${t.outputTokens} output tokens, ~$${t.costUsd.toFixed(2)}`;
}

/** Rows of several plans summed per model (faithful mode pays for relevance and polarity). */
export function mergePlans(plans: readonly LlmPlan[]): LlmPlan {
  const rows = new Map<string, LlmPlan['rows'][number]>();
  for (const r of plans.flatMap((p) => p.rows)) {
    const t = rows.get(r.model) ?? {
      model: r.model,
      requests: 0,
      cached: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
    };
    rows.set(r.model, {
      model: r.model,
      requests: t.requests + r.requests,
      cached: t.cached + r.cached,
      inputTokens: t.inputTokens + r.inputTokens,
      outputTokens: t.outputTokens + r.outputTokens,
      costUsd: t.costUsd + r.costUsd,
    });
  }
  return { rows: [...rows.values()] };
}

/** The totals line of a mode, then one indented line per panel member. */
export function describeMode(label: string, plan: LlmPlan, samples: number): string[] {
  return [
    describeTotals(label, plan, samples),
    ...plan.rows.map(
      (r) =>
        `  ${r.model}: ${r.requests} requests · ~${r.inputTokens} in / ~${r.outputTokens} out tokens · ~$${r.costUsd.toFixed(2)}`,
    ),
  ];
}

/** One sentence a user can decide on: how many fewer requests economy makes and what it saves. */
export function describeDifference(faithful: LlmPlan, economy: LlmPlan): string {
  const f = planTotals(faithful);
  const e = planTotals(economy);
  const ratio = e.requests > 0 ? `${(f.requests / e.requests).toFixed(1)}x fewer requests` : 'no requests';
  const saved = f.costUsd - e.costUsd;
  const cost =
    saved >= 0
      ? `~$${saved.toFixed(2)} less`
      : `~$${(-saved).toFixed(2)} more (six scores per answer cost more output tokens)`;
  return `economy vs faithful: ${ratio}, ${cost}`;
}
