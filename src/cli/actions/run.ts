import { loadRecipe } from '../../recipes/index.ts';
import { checkParamNames } from '../../recipes/param-names.ts';
import { withLocalSimulator } from '../../llm/sim/local.ts';
import { describeMarginal, marginalPlan } from '../../pipeline/marginal.ts';
import { runRecipe, type RunReport } from '../../pipeline/runner.ts';
import { collectParam } from '../options.ts';
import type { CliContext } from '../context.ts';
import { abortOnSignals, openCheckedWorkspace, withWorkspaceLock } from '../shared.ts';

export interface RunCliOptions {
  from?: string;
  to?: string;
  only?: string;
  force?: boolean;
  dryRun?: boolean;
  maxCost?: number;
  param?: Record<string, Record<string, unknown>>;
  configurations?: boolean;
  acceptFailures?: number;
  wait?: boolean;
  json?: boolean;
}

function printRun(ctx: CliContext, report: RunReport): void {
  for (const s of report.stages) {
    const why = s.action === 'skipped' ? '' : ` — ${s.reasons.join('; ')}`;
    ctx.out(`${s.stage.padEnd(24)} ${s.action}${why}\n`);
    const llm = s.summary?.llm as Record<string, number> | undefined;
    if (llm)
      ctx.out(
        `    LLM: ${llm.cached} cached, ${llm.new} new, ${llm.failed} failed answers · ${llm.requests} requests · ${llm.prompt_tokens + llm.completion_tokens} tokens · $${llm.cost_usd.toFixed(4)}\n`,
      );
    if (!s.plan) continue;
    for (const r of s.plan.rows) {
      ctx.out(
        `    ${r.model.padEnd(28)} requests ${r.requests} (cached ${r.cached}) · ~${r.inputTokens} in / ~${r.outputTokens} out tokens · ~$${r.costUsd.toFixed(2)}\n`,
      );
    }
    for (const note of s.plan.notes ?? []) ctx.out(`    ${note}\n`);
  }
}

/** `normforge run <recipe>`: the recipe's stages through the runner, holding the workspace lock unless a dry run. */
export async function runCommand(ctx: CliContext, name: string, opts: RunCliOptions): Promise<void> {
  const params = opts.configurations ? collectParam('expand-dyads.configurations=true', opts.param) : opts.param;
  const base = await openCheckedWorkspace(ctx);
  const recipe = await loadRecipe(name);
  checkParamNames(recipe, params ?? {});
  const ws = Object.entries(params ?? {}).reduce((w, [stage, values]) => w.withStageParams(stage, values), base);
  const controller = abortOnSignals((m) => ws.log.warn(m), ctx);
  const lockNeeded = !opts.dryRun;
  // Members without baseURL are answered by an in-process simulator, started only if asked.
  const run = () =>
    withLocalSimulator((simulator) =>
      runRecipe(ws, recipe, {
        ...opts,
        maxCostUsd: opts.maxCost,
        acceptFailures: opts.acceptFailures,
        signal: controller.signal,
        simulator,
      }),
    );
  try {
    const report = lockNeeded
      ? await withWorkspaceLock(ws.dataDir, `run ${name}`, { wait: opts.wait, signal: controller.signal }, run)
      : await run();
    // What each panel language and member adds to the plan (the plan made again without it).
    const marginal = opts.dryRun
      ? await withLocalSimulator((simulator) => marginalPlan(ws, recipe, { ...opts, simulator }, report))
      : undefined;
    if (opts.json) ctx.printJson(marginal ? { ...report, marginal } : report);
    else {
      printRun(ctx, report);
      if (marginal) ctx.out(`${describeMarginal(marginal).join('\n')}\n`);
    }
  } finally {
    ws.close();
  }
}
