import type { StageContext } from '../pipeline/stage.ts';
import { createPanel, type Panel } from './panel.ts';

/**
 * The panel a stage asks through: the stage's store, log and Ctrl-C signal, and the run's budget
 * counted from the run's start, so all LLM stages of one run share one cap.
 */
export function panelForStage(ctx: StageContext<unknown>, stage: string): Panel {
  return createPanel({ store: ctx.store, log: ctx.log, stage, signal: ctx.signal, maxCostUsd: ctx.maxCostUsd, budgetSince: ctx.runStartedAt });
}
