import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { UserError } from '../../errors.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import type { RunReport, StageReport } from '../../pipeline/runner.ts';
import type { Stage } from '../../stages/contract.ts';
import { EVAL_DATASETS, type EvalDataset } from '../../evaluation/records.ts';
import { pactLines, statementsLines } from '../../eval/cli-summary.ts';
import type { PactEvalSummary } from '../../evaluation/pact-report.ts';
import type { StatementsSummary } from '../../evaluation/statements-report.ts';
import { withLocalSimulator } from '../../llm/sim/local.ts';
import { reportPng, runEval, type EvalOptions } from '../../eval/run.ts';
import type { CliContext } from '../context.ts';
import { abortOnSignals, openCheckedWorkspace, withWorkspaceLock } from '../shared.ts';

export interface CliEvalOptions extends EvalOptions {
  json?: boolean;
  wait?: boolean;
}

function planLines(s: StageReport): string[] {
  if (!s.plan) return ['  (this stage has no request plan)'];
  const lines = s.plan.rows.map(
    (r) =>
      `  ${r.model.padEnd(24)} ${r.requests} requests to make · ${r.cached} answers cached · ~${r.inputTokens} in / ~${r.outputTokens} out tokens · ~$${r.costUsd.toFixed(2)}`,
  );
  return [...lines, ...(s.plan.notes ?? []).map((n) => `  ${n}`)];
}

function summaryLines(ctx: CliContext, ws: Workspace, dataset: EvalDataset, stage: Stage): string[] {
  const summaryFile = stage.outputs.find((o) => o.endsWith('summary.json'))!;
  if (!existsSync(ws.path(summaryFile))) return [];
  const summary: unknown = JSON.parse(readFileSync(ws.path(summaryFile), 'utf8'));
  const figures =
    dataset === 'pact' ? pactLines(summary as PactEvalSummary) : statementsLines(summary as StatementsSummary);
  const outputs = [...stage.outputs, ...(existsSync(ws.path(reportPng(stage))) ? [reportPng(stage)] : [])];
  const files = outputs.map((o) => `  ${relative(ctx.io.cwd, ws.path(o)) || o}`);
  return [...figures, 'files:', ...files];
}

function printReadable(ctx: CliContext, ws: Workspace, dataset: EvalDataset, stage: Stage, report: RunReport): void {
  const s = report.stages.find((x) => x.stage === stage.name)!;
  const lines = [
    `${stage.name}: ${s.action}${s.action === 'skipped' ? ' (up to date; --force to rerun)' : ` — ${s.reasons.join('; ')}`}`,
  ];
  if (report.dryRun) lines.push(...(s.action === 'planned' ? planLines(s) : []));
  else lines.push(...summaryLines(ctx, ws, dataset, stage));
  ctx.out(`${lines.join('\n')}\n`);
}

/** `normforge eval <dataset>`: the evaluation stage through the runner, holding the lock unless a dry run. */
export async function evalCommand(ctx: CliContext, dataset: string, opts: CliEvalOptions): Promise<void> {
  if (!(EVAL_DATASETS as readonly string[]).includes(dataset))
    throw new UserError(`unknown dataset "${dataset}"; use ${EVAL_DATASETS.join(' or ')}`);
  const ws = await openCheckedWorkspace(ctx, {});
  const controller = abortOnSignals((m) => ws.log.warn(m), ctx);
  try {
    // Members without baseURL are answered by an in-process simulator, started only if asked.
    const evaluate = () =>
      withLocalSimulator((simulator) => runEval(ws, dataset, { ...opts, signal: controller.signal, simulator }));
    const { stage, report } = opts.dryRun
      ? await evaluate()
      : await withWorkspaceLock(
          ws.dataDir,
          `eval ${dataset}`,
          { wait: opts.wait, signal: controller.signal },
          evaluate,
        );
    if (opts.json) ctx.printJson(report);
    else printReadable(ctx, ws, dataset as EvalDataset, stage, report);
  } finally {
    ws.close();
  }
}
