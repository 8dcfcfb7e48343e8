import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadRecipe, RECIPE_NAMES } from '../../recipes/index.ts';
import { positiveNumber, shareOption } from '../options.ts';
import { runRecipe, type RunReport } from '../../pipeline/runner.ts';
import { describeMarginal, marginalPlan } from '../../pipeline/marginal.ts';
import { recipeStatus, type StageStatus } from '../../pipeline/status.ts';
import { abortOnSignals, openCheckedWorkspace, printJson, withWorkspaceLock, type GetWorkspace } from '../shared.ts';
import { checkParamNames } from '../../recipes/param-names.ts';

interface RunCliOptions {
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

/** `--param stage.key=value` (repeatable): a stage param for this run; values are JSON when they parse, else strings. */
function collectParam(
  value: string,
  previous: Record<string, Record<string, unknown>> = {},
): Record<string, Record<string, unknown>> {
  const m = /^([a-z0-9-]+)\.([A-Za-z0-9_]+)=(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected stage.key=value, e.g. expand-dyads.configurations=true');
  let parsed: unknown = m[3];
  try {
    parsed = JSON.parse(m[3]);
  } catch {
    // a bare word is a string value
  }
  return { ...previous, [m[1]]: { ...previous[m[1]], [m[2]]: parsed } };
}

function printRun(report: RunReport): void {
  for (const s of report.stages) {
    const why = s.action === 'skipped' ? '' : ` — ${s.reasons.join('; ')}`;
    process.stdout.write(`${s.stage.padEnd(24)} ${s.action}${why}\n`);
    const llm = s.summary?.llm as Record<string, number> | undefined;
    if (llm)
      process.stdout.write(
        `    LLM: ${llm.cached} cached, ${llm.new} new, ${llm.failed} failed answers · ${llm.requests} requests · ${llm.prompt_tokens + llm.completion_tokens} tokens · $${llm.cost_usd.toFixed(4)}\n`,
      );
    if (!s.plan) continue;
    for (const r of s.plan.rows) {
      process.stdout.write(
        `    ${r.model.padEnd(28)} requests ${r.requests} (cached ${r.cached}) · ~${r.inputTokens} in / ~${r.outputTokens} out tokens · ~$${r.costUsd.toFixed(2)}\n`,
      );
    }
    for (const note of s.plan.notes ?? []) process.stdout.write(`    ${note}\n`);
  }
}

function printStatus(rows: StageStatus[]): void {
  for (const r of rows) {
    const counts = Object.entries(r.counts)
      .map(([k, v]) => `${k.replace(/^records:/, '')}=${v}`)
      .join(' ');
    const last = r.lastRun ? `last run ${r.lastRun.status} ${r.lastRun.endedAt ?? r.lastRun.startedAt}` : '';
    process.stdout.write(`${r.stage.padEnd(24)} ${r.state.padEnd(9)} ${last}${counts ? ` · ${counts}` : ''}\n`);
    if (r.state === 'stale') for (const why of r.reasons) process.stdout.write(`    why: ${why}\n`);
    if (r.llmLastRun)
      process.stdout.write(
        `    last run LLM: ${r.llmLastRun.new} new, ${r.llmLastRun.cached} cached, ${r.llmLastRun.failed} failed answers · $${r.llmLastRun.cost_usd.toFixed(4)}\n`,
      );
    for (const [member, caps] of Object.entries(r.capabilities ?? {}))
      process.stdout.write(`    member ${member}: ${caps}\n`);
    if (r.lastRun?.error && r.lastRun.status !== 'ok') process.stdout.write(`    error: ${r.lastRun.error}\n`);
    if (r.llm && r.llm.requests + r.llm.cached > 0)
      process.stdout.write(
        `    LLM: ${r.llm.cached} answers already cached, ${r.llm.requests} requests to make (~$${r.llm.costUsd.toFixed(2)})\n`,
      );
  }
}

export function register(program: Command, getWorkspace: GetWorkspace): void {
  program
    .command('run')
    .description(`run a recipe's stages (${RECIPE_NAMES.join(', ')}); fresh stages are skipped`)
    .argument('<recipe>', 'recipe id')
    .option('--from <stage>', 'start at this stage')
    .option('--to <stage>', 'stop after this stage')
    .option('--only <stage>', 'run only this stage')
    .option('--force', 'rerun the selected stages even when up to date')
    .option(
      '--dry-run',
      'print the LLM request / token / cost plan, and what each panel language and member adds to it; make no call',
    )
    .option('--max-cost <usd>', 'stop before the spend would pass this budget', positiveNumber)
    .option(
      '--param <stage.key=value>',
      'set a stage param for this run (repeatable), e.g. --param expand-dyads.configurations=true or --param judge-relevance.assumeStatements=776 with --dry-run',
      collectParam,
    )
    .option(
      '--configurations',
      'pact: one instance per configuration C1–C3, its wording in the scenario (same as --param expand-dyads.configurations=true)',
    )
    .option(
      '--accept-failures <rate>',
      'finish stages whose failed samples are at most this share (0..1) of their samples; recorded in provenance and the card',
      shareOption,
    )
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .option('--json', 'print the run report as JSON')
    .action(async (name: string, opts: RunCliOptions) => {
      const params = opts.configurations ? collectParam('expand-dyads.configurations=true', opts.param) : opts.param;
      const base = await openCheckedWorkspace(getWorkspace);
      const recipe = await loadRecipe(name);
      checkParamNames(recipe, params ?? {});
      const ws = Object.entries(params ?? {}).reduce((w, [stage, values]) => w.withStageParams(stage, values), base);
      const controller = abortOnSignals((m) => ws.log.warn(m));
      const lockNeeded = !opts.dryRun;
      const run = () =>
        runRecipe(ws, recipe, {
          ...opts,
          maxCostUsd: opts.maxCost,
          acceptFailures: opts.acceptFailures,
          signal: controller.signal,
        });
      try {
        const report = lockNeeded
          ? await withWorkspaceLock(ws.dataDir, `run ${name}`, { wait: opts.wait, signal: controller.signal }, run)
          : await run();
        const marginal = opts.dryRun ? await marginalPlan(ws, recipe, opts, report) : undefined;
        if (opts.json) printJson(marginal ? { ...report, marginal } : report);
        else {
          printRun(report);
          if (marginal) process.stdout.write(`${describeMarginal(marginal).join('\n')}\n`);
        }
      } finally {
        ws.close();
      }
    });

  program
    .command('status')
    .description('each stage: fresh / stale (and why) / never run, record counts, last run')
    .argument('[recipe]', 'recipe id (default: all recipes)')
    .option('--json', 'print as JSON')
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      const ws = await openCheckedWorkspace(getWorkspace);
      try {
        const result: Record<string, StageStatus[]> = {};
        for (const recipeName of name ? [name] : RECIPE_NAMES)
          result[recipeName] = await recipeStatus(ws, await loadRecipe(recipeName));
        if (opts.json) return printJson(result);
        for (const [recipeName, rows] of Object.entries(result)) {
          process.stdout.write(`${recipeName}\n`);
          printStatus(rows);
        }
      } finally {
        ws.close();
      }
    });
}
