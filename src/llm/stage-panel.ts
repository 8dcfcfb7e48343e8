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
      }
    },
  };
}
