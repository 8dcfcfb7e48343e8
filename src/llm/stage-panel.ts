import type { StageContext } from '../pipeline/stage.ts';
import { createPanel, type Panel } from './panel.ts';

/**
 * The panel a stage asks through: the stage's store, log and Ctrl-C signal, the run's budget
 * counted from the run's start (so all LLM stages of one run share one cap), and a progress bar
 * (answers, rate, ETA) for every `ask`.
 */
export function panelForStage(ctx: StageContext<unknown>, stage: string): Panel {
  const panel = createPanel({ store: ctx.store, log: ctx.log, stage, signal: ctx.signal, maxCostUsd: ctx.maxCostUsd, budgetSince: ctx.runStartedAt });
  return {
    ...panel,
    async ask(requests, opts) {
      const progress = ctx.progress('LLM requests answered', requests.length);
      try {
        return await panel.ask(requests, {
          onAnswer: (answer) => {
            progress.tick();
            opts?.onAnswer?.(answer);
          },
        });
      } finally {
        progress.stop();
        tallyStats(ctx, panel);
      }
    },
  };
}

/** The panel's counts for this ask go into the run summary's `llm` section (summed over asks). */
function tallyStats(ctx: StageContext<unknown>, panel: Panel): void {
  const s = panel.stats();
  ctx.tally('llm', { cached: s.cached, new: s.new, failed: s.failed, requests: s.requests, retries: s.retries, rate_limited: s.rateLimited, prompt_tokens: s.promptTokens, completion_tokens: s.completionTokens, cost_usd: s.costUsd });
}

/** Runs `fn` with the stage's panel and always closes it (it may own an in-process simulator). */
export async function withPanel<R>(ctx: StageContext<unknown>, stage: string, fn: (panel: Panel) => Promise<R>): Promise<R> {
  const panel = panelForStage(ctx, stage);
  try {
    return await fn(panel);
  } finally {
    await panel.close();
  }
}
