import { toFile } from 'openai';
import type OpenAI from 'openai';
import type { Db } from '../pipeline/store.ts';
import { migrate } from '../pipeline/store.ts';
import { sleep } from './ratelimit.ts';
import { rejectReason } from './answers.ts';
import type { MemberRuntime, PanelCore, WorkItem } from './core.ts';

/**
 * Batch mode (OpenAI Batch API, half price): the missing samples are uploaded as a JSONL file, a
 * batch is created and polled, and its results are collected into the same cache. Job rows in the
 * run store let a restarted run resume polling instead of submitting (and paying) again.
 * Interrupting stops polling and leaves the job running; `cancelBatchJobs` cancels it.
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
];

const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);

interface JobRow {
  batch_id: string;
  status: string;
  custom_ids: string;
}

function jobs(db: Db, stage: string, member: string): JobRow[] {
  migrate(db, 'llm-batch', MIGRATIONS);
  return db.prepare(`SELECT batch_id, status, custom_ids FROM llm_batch_jobs WHERE stage = ? AND member = ? AND status NOT IN ('collected', 'cancelled')`).all(stage, member) as JobRow[];
}

function setStatus(db: Db, batchId: string, status: string): void {
  db.prepare('UPDATE llm_batch_jobs SET status = ?, updated_at = ? WHERE batch_id = ?').run(status, new Date().toISOString(), batchId);
}

const customId = (key: string, index: number) => `s${index}:${key}`;

export async function runBatchItems(core: PanelCore, runtime: MemberRuntime, items: WorkItem[]): Promise<void> {
  const db = core.cache.db;
  const lines = new Map<string, { item: WorkItem; index: number }>();
  for (const item of items) for (const index of item.indices) lines.set(customId(item.slot.wire.keys[index], index), { item: { slot: item.slot, indices: [index] }, index });
  const open = jobs(db, core.stage, runtime.member.id);
  const submitted = new Set(open.flatMap((j) => JSON.parse(j.custom_ids) as string[]));
  const fresh = [...lines.keys()].filter((id) => !submitted.has(id));
  if (open.length) core.log.info(`${runtime.member.id}: resuming ${open.length} batch job(s)`);
  const batchIds = open.map((j) => j.batch_id);
  if (fresh.length && !core.stopped()) batchIds.push(await submit(core, runtime, fresh, lines));
  for (const batchId of batchIds) await pollAndCollect(core, runtime, batchId, lines);
}

async function submit(core: PanelCore, runtime: MemberRuntime, ids: string[], lines: Map<string, { item: WorkItem; index: number }>): Promise<string> {
  const jsonl = ids.map((id) => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: lines.get(id)!.item.slot.wire.body })).join('\n');
  const file = await runtime.client.files.create({ file: await toFile(Buffer.from(`${jsonl}\n`), 'normforge-batch.jsonl'), purpose: 'batch' });
  const batch = await runtime.client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
  const now = new Date().toISOString();
  core.cache.db
    .prepare('INSERT INTO llm_batch_jobs (batch_id, stage, member, status, custom_ids, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(batch.id, core.stage, runtime.member.id, batch.status, JSON.stringify(ids), now, now);
  core.log.info(`${runtime.member.id}: submitted batch ${batch.id} (${ids.length} requests)`);
  return batch.id;
}

async function pollAndCollect(core: PanelCore, runtime: MemberRuntime, batchId: string, lines: Map<string, { item: WorkItem; index: number }>): Promise<void> {
  for (;;) {
    const batch = await runtime.client.batches.retrieve(batchId);
    setStatus(core.cache.db, batchId, batch.status);
    if (TERMINAL.has(batch.status)) {
      if (batch.output_file_id) await collect(core, runtime, batch.output_file_id, lines);
      setStatus(core.cache.db, batchId, batch.status === 'completed' ? 'collected' : batch.status);
      return;
    }
    if (core.signal?.aborted) return;
    await sleep(core.batchPollMs, core.signal).catch(() => undefined);
  }
}

async function collect(core: PanelCore, runtime: MemberRuntime, fileId: string, lines: Map<string, { item: WorkItem; index: number }>): Promise<void> {
  const text = await (await runtime.client.files.content(fileId)).text();
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const out = JSON.parse(line) as { custom_id: string; response?: { status_code: number; body: OpenAI.ChatCompletion }; error?: { message?: string } | null };
    const target = lines.get(out.custom_id);
    if (!target) continue;
    const body = out.response?.body;
    const choice = body?.choices?.[0];
    const usage = { choices: [], promptTokens: body?.usage?.prompt_tokens ?? 0, completionTokens: body?.usage?.completion_tokens ?? 0, latencyMs: 0, simulated: runtime.simulated };
    if (!choice || out.response?.status_code !== 200) {
      core.store(target.item, runtime, [{ index: target.index, error: `batch request failed: ${out.error?.message ?? `HTTP ${out.response?.status_code}`}` }], usage, true);
      continue;
    }
    const chat = { content: choice.message.content, finishReason: choice.finish_reason, refusal: choice.message.refusal ?? null };
    core.store(target.item, runtime, [{ index: target.index, choice: chat, error: rejectReason(target.item.slot.request.task, chat) }], usage, true);
    lines.delete(out.custom_id);
  }
}

/** Cancels a stage's open batch jobs (all members, or one). */
export async function cancelBatchJobs(db: Db, stage: string, clientOf: (member: string) => OpenAI, member?: string): Promise<string[]> {
  migrate(db, 'llm-batch', MIGRATIONS);
  const rows = db
    .prepare(`SELECT batch_id, member FROM llm_batch_jobs WHERE stage = ? AND status NOT IN ('collected', 'cancelled', 'completed', 'failed', 'expired')`)
    .all(stage) as Array<{ batch_id: string; member: string }>;
  const targets = rows.filter((r) => !member || r.member === member);
  for (const row of targets) {
    await clientOf(row.member).batches.cancel(row.batch_id);
    setStatus(db, row.batch_id, 'cancelled');
  }
  return targets.map((r) => r.batch_id);
}
