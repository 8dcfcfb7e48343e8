import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import type { RunReport, StageReport } from '../../pipeline/runner.ts';
import type { Stage } from '../../stages/contract.ts';
import { EVAL_DATASETS, type EvalDataset } from '../../evaluation/records.ts';
import { pactLines, statementsLines } from '../../eval/cli-summary.ts';
import type { PactEvalSummary } from '../../evaluation/pact-report.ts';
import type { StatementsSummary } from '../../evaluation/statements-report.ts';
import { reportPng, runEval, type EvalOptions } from '../../eval/run.ts';
import { abortOnSignals, openCheckedWorkspace, printJson, withWorkspaceLock, type GetWorkspace } from '../shared.ts';
import { positiveNumber, shareOption, wholeNumber } from '../options.ts';

interface CliEvalOptions extends EvalOptions {
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

function summaryLines(ws: Workspace, dataset: EvalDataset, stage: Stage): string[] {
  const summaryFile = stage.outputs.find((o) => o.endsWith('summary.json'))!;
  if (!existsSync(ws.path(summaryFile))) return [];
  const summary: unknown = JSON.parse(readFileSync(ws.path(summaryFile), 'utf8'));
  const figures =
    dataset === 'pact' ? pactLines(summary as PactEvalSummary) : statementsLines(summary as StatementsSummary);
  const outputs = [...stage.outputs, ...(existsSync(ws.path(reportPng(stage))) ? [reportPng(stage)] : [])];
  const files = outputs.map((o) => `  ${relative(process.cwd(), ws.path(o)) || o}`);
  return [...figures, 'files:', ...files];
}

function printReadable(ws: Workspace, dataset: EvalDataset, stage: Stage, report: RunReport): void {
  const s = report.stages.find((x) => x.stage === stage.name)!;
  const lines = [
    `${stage.name}: ${s.action}${s.action === 'skipped' ? ' (up to date; --force to rerun)' : ` — ${s.reasons.join('; ')}`}`,
  ];
  if (report.dryRun) lines.push(...(s.action === 'planned' ? planLines(s) : []));
  else lines.push(...summaryLines(ws, dataset, stage));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `normforge eval <dataset>`: runs the dataset's evaluation stage through the runner (cache, budget, resume). */
export function register(program: Command, getWorkspace: GetWorkspace): void {
  program
    .command('eval')
    .description("measure models on a dataset, the papers' way")
    .argument('<dataset>', EVAL_DATASETS.join(' | '))
    .option('--models <ids>', 'comma-separated model ids (default: eval.models, else the panel)')
    .option('--sample <n>', 'evaluate a stratified sample of n items', wholeNumber(1))
    .option('--seed <s>', 'seed of the sample and the bootstrap', wholeNumber(0))
    .option('--dry-run', 'print requests, tokens and cost per model (cached vs new) and make no call')
    .option('--force', 'run even when the outputs are up to date')
    .option('--max-cost <usd>', 'stop before the spend would pass this budget', positiveNumber)
    .option(
      '--accept-failures <rate>',
      'finish when failed samples are at most this share (0..1); recorded in provenance and the report',
      shareOption,
    )
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .option('--json', 'print the run report as JSON')
    .action(async (dataset: string, opts: CliEvalOptions) => {
      if (!(EVAL_DATASETS as readonly string[]).includes(dataset))
        throw new UserError(`unknown dataset "${dataset}"; use ${EVAL_DATASETS.join(' or ')}`);
      const ws = await openCheckedWorkspace(getWorkspace, {});
      const controller = abortOnSignals((m) => ws.log.warn(m));
      try {
        const evaluate = () => runEval(ws, dataset, { ...opts, signal: controller.signal });
        const { stage, report } = opts.dryRun
          ? await evaluate()
          : await withWorkspaceLock(
              ws.dataDir,
              `eval ${dataset}`,
              { wait: opts.wait, signal: controller.signal },
              evaluate,
            );
        if (opts.json) printJson(report);
        else printReadable(ws, dataset as EvalDataset, stage, report);
      } finally {
        ws.close();
      }
    });
}
