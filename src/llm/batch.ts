import { setTimeout as sleep } from 'node:timers/promises';
import type OpenAI from 'openai';
import type { Db } from '../store/run-store.ts';
import { migrate } from '../store/run-store.ts';
import { rejectReason } from './answers.ts';
import type { AskRun, MemberRuntime, WorkItem } from './core.ts';
import { storeOutcomes } from './store-outcomes.ts';

/**
 * Batch mode (OpenAI Batch API, half price): the missing samples are uploaded as a JSONL file, a
 * batch is created and polled, and its results are collected into the same cache. Job rows in the
 * run store let a restarted run resume polling instead of submitting (and paying) again.
 * Interrupting stops polling and leaves the job running; `cancelBatchJobs` (`normforge batch
 * cancel`) cancels it. Every line of a finished job is recorded: its answer, its error (from the
 * error file) or, when the job ended without it, a failure naming the job's status.
 */
const MIGRATIONS = [
  `CREATE TABLE llm_batch_jobs (
     batch_id TEXT PRIMARY KEY,
     stage TEXT NOT NULL,
     member TEXT NOT NULL,
     status TEXT NOT NULL,
     custom_ids TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL)`,
  // A job stays open (polled on every run) until its results, errors and missing lines are recorded.
  `ALTER TABLE llm_batch_jobs ADD COLUMN collected_at TEXT;
   UPDATE llm_batch_jobs SET collected_at = updated_at WHERE status IN ('collected', 'cancelled');
   UPDATE llm_batch_jobs SET status = 'completed' WHERE status = 'collected'`,
];

const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled', 'not_found']);

/** A batch job as the run store records it. */
export interface BatchJob {
  batch_id: string;
  stage: string;
  member: string;
  status: string;
  requests: number;
  created_at: string;
  updated_at: string;
  collected_at: string | null;
}

interface OpenJob {
  batch_id: string;
  custom_ids: string;
}

type Lines = Map<string, { item: WorkItem; index: number }>;

function openJobs(db: Db, stage: string, member: string): OpenJob[] {
  migrate(db, 'llm-batch', MIGRATIONS);
  return db
    .prepare('SELECT batch_id, custom_ids FROM llm_batch_jobs WHERE stage = ? AND member = ? AND collected_at IS NULL')
    .all(stage, member) as OpenJob[];
}

function setStatus(db: Db, batchId: string, status: string, collected = false): void {
  const now = new Date().toISOString();
  db.prepare('UPDATE llm_batch_jobs SET status = ?, updated_at = ?, collected_at = ? WHERE batch_id = ?').run(
    status,
    now,
    collected ? now : null,
    batchId,
  );
}

const customId = (key: string, index: number) => `s${index}:${key}`;

export async function runBatchItems(core: AskRun, runtime: MemberRuntime, items: WorkItem[]): Promise<void> {
  const db = core.shared.cache.db;
  const lines: Lines = new Map();
  for (const item of items)
    for (const index of item.indices)
      lines.set(customId(item.slot.wire.keys[index], index), { item: { slot: item.slot, indices: [index] }, index });
  const open = openJobs(db, core.shared.stage, runtime.member.id);
  const submitted = new Set(open.flatMap((j) => JSON.parse(j.custom_ids) as string[]));
  const fresh = [...lines.keys()].filter((id) => !submitted.has(id));
  if (open.length) core.log.info(`${runtime.member.id}: resuming ${open.length} batch job(s)`);
  const jobs = open.map((j) => ({ batchId: j.batch_id, ids: JSON.parse(j.custom_ids) as string[] }));
  if (fresh.length && !core.stopped()) jobs.push({ batchId: await submit(core, runtime, fresh, lines), ids: fresh });
  for (const job of jobs) await pollAndCollect(core, runtime, job.batchId, job.ids, lines);
}

async function submit(core: AskRun, runtime: MemberRuntime, ids: string[], lines: Lines): Promise<string> {
  const jsonl = ids
    .map((id) =>
      JSON.stringify({
        custom_id: id,
        method: 'POST',
        url: '/v1/chat/completions',
        body: lines.get(id)!.item.slot.wire.body,
      }),
    )
    .join('\n');
  const file = await runtime.client.files.create({
    file: await (await import('openai')).toFile(Buffer.from(`${jsonl}\n`), 'normforge-batch.jsonl'),
    purpose: 'batch',
  });
  const batch = await runtime.client.batches.create({
    input_file_id: file.id,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
  });
  const now = new Date().toISOString();
  core.shared.cache.db
    .prepare(
      'INSERT INTO llm_batch_jobs (batch_id, stage, member, status, custom_ids, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(batch.id, core.shared.stage, runtime.member.id, batch.status, JSON.stringify(ids), now, now);
  core.log.info(`${runtime.member.id}: submitted batch ${batch.id} (${ids.length} requests)`);
  return batch.id;
}

/** The provider's 404 (the SDK is loaded by then: a client made the call). */
async function isNotFound(error: unknown): Promise<boolean> {
  return error instanceof (await import('openai')).NotFoundError;
}

/** The batch's state; a batch the provider no longer knows (e.g. an in-process simulator's, after a restart) is `not_found`. */
async function retrieve(
  runtime: MemberRuntime,
  batchId: string,
): Promise<
  | Pick<OpenAI.Batch, 'status' | 'output_file_id' | 'error_file_id'>
  | { status: 'not_found'; output_file_id?: undefined; error_file_id?: undefined }
> {
  try {
    return await runtime.client.batches.retrieve(batchId);
  } catch (error) {
    if (await isNotFound(error)) return { status: 'not_found' };
    throw error;
  }
}

async function pollAndCollect(
  core: AskRun,
  runtime: MemberRuntime,
  batchId: string,
  ids: string[],
  lines: Lines,
): Promise<void> {
  for (;;) {
    const batch = await retrieve(runtime, batchId);
    if (TERMINAL.has(batch.status)) {
      for (const fileId of [batch.output_file_id, batch.error_file_id])
        if (fileId) await collect(core, runtime, fileId, lines);
      recordMissing(core, runtime, batch.status, ids, lines);
      setStatus(core.shared.cache.db, batchId, batch.status, true);
      return;
    }
    setStatus(core.shared.cache.db, batchId, batch.status);
    if (core.shared.signal?.aborted) return;
    await sleep(core.shared.batchPollMs, undefined, { signal: core.shared.signal }).catch(() => undefined);
  }
}

/** Lines of a finished job with neither a result nor an error are failures too (retried on the next run). */
function recordMissing(core: AskRun, runtime: MemberRuntime, status: string, ids: string[], lines: Lines): void {
  const reason =
    status === 'completed'
      ? 'batch completed without a result for this request'
      : `batch ${status} before answering this request`;
  for (const id of ids) {
    const target = lines.get(id);
    if (!target) continue;
    storeOutcomes(core, target.item, runtime, [{ index: target.index, error: reason }], noUsage(runtime), true);
    lines.delete(id);
  }
}

const noUsage = (runtime: MemberRuntime) => ({
  choices: [],
  promptTokens: 0,
  completionTokens: 0,
  latencyMs: 0,
  simulated: runtime.simulated,
});

interface BatchLine {
  custom_id: string;
  response?: { status_code: number; body: OpenAI.ChatCompletion & { error?: { message?: string } } } | null;
  error?: { code?: string; message?: string } | null;
}

/** Records the lines of an output or error file: answers, and failures with the provider's error. */
async function collect(core: AskRun, runtime: MemberRuntime, fileId: string, lines: Lines): Promise<void> {
  const text = await (await runtime.client.files.content(fileId)).text();
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const out = JSON.parse(line) as BatchLine;
    const target = lines.get(out.custom_id);
    if (!target) continue;
    lines.delete(out.custom_id);
    const body = out.response?.body;
    const choice = body?.choices?.[0];
    const usage = {
      ...noUsage(runtime),
      promptTokens: body?.usage?.prompt_tokens ?? 0,
      completionTokens: body?.usage?.completion_tokens ?? 0,
    };
    if (!choice || out.response?.status_code !== 200) {
      const why = out.error?.message ?? body?.error?.message ?? 'no answer';
      const status = out.response?.status_code ? `HTTP ${out.response.status_code}: ` : '';
      storeOutcomes(
        core,
        target.item,
        runtime,
        [{ index: target.index, error: `batch request failed: ${status}${why}` }],
        usage,
        true,
      );
      continue;
    }
    const chat = {
      content: choice.message.content,
      finishReason: choice.finish_reason,
      refusal: choice.message.refusal ?? null,
    };
    storeOutcomes(
      core,
      target.item,
      runtime,
      [{ index: target.index, choice: chat, error: rejectReason(target.item.slot.request.task, chat) }],
      usage,
      true,
    );
  }
}

/** Every batch job in the run store (optionally one stage's), newest first. */
export function batchJobs(db: Db, stage?: string): BatchJob[] {
  migrate(db, 'llm-batch', MIGRATIONS);
  const rows = db
    .prepare(
      `SELECT batch_id, stage, member, status, json_array_length(custom_ids) AS requests, created_at, updated_at, collected_at
       FROM llm_batch_jobs ${stage ? 'WHERE stage = ?' : ''} ORDER BY created_at DESC, batch_id`,
    )
    .all(...(stage ? [stage] : []));
  return rows as BatchJob[];
}

/**
 * Cancels the open batch jobs (all stages, or one; all members, or one). A cancelled job stays
 * open: the next run collects what the provider finished before the cancel and records the rest
 * as failures, which the run after asks again.
 */
export async function cancelBatchJobs(
  db: Db,
  clientOf: (member: string) => Promise<OpenAI | undefined>,
  filter: { stage?: string; member?: string } = {},
): Promise<BatchJob[]> {
  const targets = batchJobs(db, filter.stage).filter(
    (job) => !job.collected_at && !TERMINAL.has(job.status) && (!filter.member || job.member === filter.member),
  );
  for (const job of targets) {
    job.status = await cancelOne(await clientOf(job.member), job.batch_id);
    setStatus(db, job.batch_id, job.status);
  }
  return targets;
}

/** The job's status after asking its provider to cancel; `not_found` when no provider knows it (a gone in-process simulator's). */
async function cancelOne(client: OpenAI | undefined, batchId: string): Promise<string> {
  if (!client) return 'not_found';
  try {
    return (await client.batches.cancel(batchId)).status;
  } catch (error) {
    if (await isNotFound(error)) return 'not_found';
    throw error;
  }
}
