import type { Command } from 'commander';
import type OpenAI from 'openai';
import { UserError } from '../../errors.ts';
import { batchJobs, cancelBatchJobs, type BatchJob } from '../../llm/batch.ts';
import { resolvePanel } from '../../llm/default-panel.ts';
import { createClient, DEFAULT_RETRY } from '../../llm/transport.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import type { PanelMember } from '../../schemas/config.ts';

function printJobs(jobs: BatchJob[], json: boolean | undefined): void {
  if (json) return void process.stdout.write(`${JSON.stringify(jobs, null, 2)}\n`);
  if (!jobs.length) return void process.stdout.write('no batch jobs\n');
  for (const j of jobs) {
    const state = j.collected_at ? `collected ${j.collected_at}` : 'open (the next run polls and collects it)';
    process.stdout.write(
      `${j.batch_id}  ${j.stage}  ${j.member}  ${j.status}  ${j.requests} requests  submitted ${j.created_at}  ${state}\n`,
    );
  }
}

/**
 * The client that reaches a member's batches: panel and evaluation members from the config. A
 * member without `baseURL` had its batch in an in-process simulator that ended with its run, so
 * there is nothing to reach (undefined).
 */
function clientFactory(ws: Workspace): (member: string) => OpenAI | undefined {
  const members = new Map<string, PanelMember>(
    [...resolvePanel(ws.config), ...(ws.config.eval.models ?? [])].map((m) => [m.id, m]),
  );
  return (id) => {
    const member = members.get(id);
    if (!member)
      throw new UserError(
        `batch job of member "${id}", which the config no longer lists; add it back to cancel the job`,
        { field: 'panel' },
      );
    return member.baseURL ? createClient(member, member.baseURL, DEFAULT_RETRY) : undefined;
  };
}

/** `normforge batch status|cancel`: the run store's OpenAI Batch API jobs. */
export function register(program: Command, getWorkspace: (opts: { config?: string }) => Workspace): void {
  const batch = program
    .command('batch')
    .description('LLM batch jobs (members with batch: true): list them, cancel them');

  batch
    .command('status')
    .description('list batch jobs from the run store: stage, member, provider status, requests, collected or open')
    .option('--stage <stage>', 'only this stage')
    .option('--json', 'print the jobs as JSON')
    .action((opts: { stage?: string; json?: boolean }) => {
      const ws = getWorkspace({});
      try {
        printJobs(batchJobs(ws.store, opts.stage), opts.json);
      } finally {
        ws.close();
      }
    });

  batch
    .command('cancel')
    .description(
      'cancel open batch jobs at their provider; the next run collects what finished and asks the rest again',
    )
    .option('--stage <stage>', 'only this stage')
    .option('--member <id>', 'only this panel member')
    .option('--json', 'print the cancelled jobs as JSON')
    .action(async (opts: { stage?: string; member?: string; json?: boolean }) => {
      const ws = getWorkspace({});
      try {
        printJobs(
          await cancelBatchJobs(ws.store, clientFactory(ws), { stage: opts.stage, member: opts.member }),
          opts.json,
        );
      } finally {
        ws.close();
      }
    });
}
