import type { StageContext } from '../contract.ts';
import { describeCause } from '../../llm/failures.ts';
import { REPAIRS } from '../../llm/repair.ts';
import type { LlmAnswer } from '../../llm/types.ts';
import { createPanel, type Panel } from '../../llm/panel.ts';
import type { AskStats } from '../../llm/ask-result.ts';

/**
 * The panel a stage asks through: the stage's store, log and Ctrl-C signal, the run's budget
 * counted from the run's start (so all LLM stages of one run share one cap), and a progress bar
 * (answers, rate, ETA) for every `ask`. Each ask's own counts and failures go to the stage's run
 * record (never a panel's running totals, which would count earlier asks again).
 */
export function panelForStage(ctx: StageContext<unknown>, stage: string): Panel {
  const panel = createPanel({
    store: ctx.store,
    log: ctx.log,
    stage,
    signal: ctx.signal,
    maxCostUsd: ctx.maxCostUsd,
    budgetSince: ctx.runStartedAt,
  });
  return {
    ...panel,
    async ask(requests, opts) {
      const progress = ctx.progress('LLM requests answered', requests.length);
      try {
        const result = await panel.ask(requests, {
          onAnswer: (answer) => {
            progress.tick();
            opts?.onAnswer?.(answer);
          },
        });
        recordAsk(ctx, result.stats);
        ctx.tally('llm', repairCounts(result.answers));
        if (result.stats.earlyStop)
          ctx.tally('llm', {
            runs_configured: result.stats.earlyStop.runsConfigured,
            runs_asked: result.stats.earlyStop.runsAsked,
          });
        return result;
      } finally {
        progress.stop();
      }
    },
  };
}

/** One ask's counts into the run summary's `llm` section (summed over asks), its failures into the stage's. */
function recordAsk(ctx: StageContext<unknown>, s: AskStats): void {
  ctx.tally('llm', {
    cached: s.cached,
    new: s.new,
    failed: s.failed,
    requests: s.requests,
    retries: s.retries,
    rate_limited: s.rateLimited,
    prompt_tokens: s.promptTokens,
    completion_tokens: s.completionTokens,
    reasoning_tokens: s.reasoningTokens,
    cached_tokens: s.cachedTokens,
    cost_usd: s.costUsd,
    estimated_usage_calls: s.estimatedUsage,
  });
  ctx.recordFailures(
    s.failures.map((f) => ({
      source: f.member,
      cause: describeCause(f, s.breakerThreshold),
      count: f.count,
      hint: f.hint,
    })),
  );
  if (Object.keys(s.reportedModels).length) ctx.noteProvenance('reportedModels', s.reportedModels);
  if (Object.keys(s.capabilities).length) ctx.noteProvenance('capabilities', s.capabilities);
}

/** How many samples each tolerant-parsing repair was needed for (see repair.ts), as summary counters. */
export function repairCounts(answers: LlmAnswer<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(REPAIRS.map((r) => [`repaired_${r.replace('-', '_')}`, 0]));
  for (const answer of answers)
    for (const sample of answer.samples)
      for (const r of sample.repairs ?? []) counts[`repaired_${r.replace('-', '_')}`] += 1;
  return counts;
}

/** Runs `fn` with the stage's panel and always closes it (it may own an in-process simulator). */
export async function withPanel<R>(
  ctx: StageContext<unknown>,
  stage: string,
  fn: (panel: Panel) => Promise<R>,
): Promise<R> {
  const panel = panelForStage(ctx, stage);
  try {
    return await fn(panel);
  } finally {
    await panel.close();
  }
}
