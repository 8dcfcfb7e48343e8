import { loadRecipe, RECIPE_NAMES } from '../../recipes/index.ts';
import { recipeStatus, type StageStatus } from '../../pipeline/status.ts';
import type { CliContext } from '../context.ts';
import { openCheckedWorkspace } from '../shared.ts';

function printStatus(ctx: CliContext, rows: StageStatus[]): void {
  for (const r of rows) {
    const counts = Object.entries(r.counts)
      .map(([k, v]) => `${k.replace(/^records:/, '')}=${v}`)
      .join(' ');
    const last = r.lastRun ? `last run ${r.lastRun.status} ${r.lastRun.endedAt ?? r.lastRun.startedAt}` : '';
    ctx.out(`${r.stage.padEnd(24)} ${r.state.padEnd(9)} ${last}${counts ? ` · ${counts}` : ''}\n`);
    if (r.state === 'stale') for (const why of r.reasons) ctx.out(`    why: ${why}\n`);
    if (r.llmLastRun)
      ctx.out(
        `    last run LLM: ${r.llmLastRun.new} new, ${r.llmLastRun.cached} cached, ${r.llmLastRun.failed} failed answers · $${r.llmLastRun.cost_usd.toFixed(4)}\n`,
      );
    for (const [member, caps] of Object.entries(r.capabilities ?? {})) ctx.out(`    member ${member}: ${caps}\n`);
    if (r.lastRun?.error && r.lastRun.status !== 'ok') ctx.out(`    error: ${r.lastRun.error}\n`);
    if (r.llm && r.llm.requests + r.llm.cached > 0)
      ctx.out(
        `    LLM: ${r.llm.cached} answers already cached, ${r.llm.requests} requests to make (~$${r.llm.costUsd.toFixed(2)})\n`,
      );
  }
}

/** `normforge status [recipe]`: each stage fresh / stale (and why) / never run. */
export async function statusCommand(
  ctx: CliContext,
  name: string | undefined,
  opts: { json?: boolean },
): Promise<void> {
  const ws = await openCheckedWorkspace(ctx);
  try {
    const result: Record<string, StageStatus[]> = {};
    for (const recipeName of name ? [name] : RECIPE_NAMES)
      result[recipeName] = await recipeStatus(ws, await loadRecipe(recipeName));
    if (opts.json) return ctx.printJson(result);
    for (const [recipeName, rows] of Object.entries(result)) {
      ctx.out(`${recipeName}\n`);
      printStatus(ctx, rows);
    }
  } finally {
    ws.close();
  }
}
