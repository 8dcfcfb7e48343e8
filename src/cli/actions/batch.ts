import type OpenAI from 'openai';
import { UserError } from '../../errors.ts';
import { batchJobs, cancelBatchJobs, type BatchJob } from '../../llm/batch.ts';
import { resolvePanel } from '../../llm/default-panel.ts';
import { createClient, DEFAULT_RETRY } from '../../llm/transport.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import type { PanelMember } from '../../schemas/config.ts';
import type { CliContext } from '../context.ts';
import { openWorkspace } from '../shared.ts';

function printJobs(ctx: CliContext, jobs: BatchJob[], json: boolean | undefined): void {
  if (json) ctx.printJson(jobs);
  else if (!jobs.length) ctx.out('no batch jobs\n');
  else printJobLines(ctx, jobs);
}

function printJobLines(ctx: CliContext, jobs: BatchJob[]): void {
  for (const j of jobs) {
    const state = j.collected_at ? `collected ${j.collected_at}` : 'open (the next run polls and collects it)';
    ctx.out(
      `${j.batch_id}  ${j.stage}  ${j.member}  ${j.status}  ${j.requests} requests  submitted ${j.created_at}  ${state}\n`,
    );
  }
}

/**
 * The client that reaches a member's batches: panel and evaluation members from the config. A
 * member without `baseURL` had its batch in an in-process simulator that ended with its run, so
 * there is nothing to reach (undefined).
 */
function clientFactory(ws: Workspace): (member: string) => Promise<OpenAI | undefined> {
  const members = new Map<string, PanelMember>(
    [...resolvePanel(ws.config), ...(ws.config.eval.models ?? [])].map((m) => [m.id, m]),
  );
  return async (id) => {
    const member = members.get(id);
    if (!member)
      throw new UserError(
        `batch job of member "${id}", which the config no longer lists; add it back to cancel the job`,
        { field: 'panel' },
      );
    return member.baseURL ? createClient(member, member.baseURL, DEFAULT_RETRY) : undefined;
  };
}

/** `normforge batch status`: the jobs in the run store. */
export async function batchStatusCommand(ctx: CliContext, opts: { stage?: string; json?: boolean }): Promise<void> {
  const ws = openWorkspace(ctx);
  try {
    printJobs(ctx, batchJobs(ws.store, opts.stage), opts.json);
  } finally {
    ws.close();
  }
}

/** `normforge batch cancel`: cancel open jobs at their provider. */
export async function batchCancelCommand(
  ctx: CliContext,
  opts: { stage?: string; member?: string; json?: boolean },
): Promise<void> {
  const ws = openWorkspace(ctx);
  try {
    printJobs(
      ctx,
      await cancelBatchJobs(ws.store, clientFactory(ws), { stage: opts.stage, member: opts.member }),
      opts.json,
    );
  } finally {
    ws.close();
  }
}
