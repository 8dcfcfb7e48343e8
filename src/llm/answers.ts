import type { z } from 'zod';
import type { CacheRow, StoredAnswer } from './cache.ts';
import { dropKeys, extractJson, stripThink, type Repair } from './repair.ts';
import { jsonSchemaOf } from './request.ts';
import { dropNullOptionals } from './strict-schema.ts';
import type { LlmSample, LlmTask } from './types.ts';

/**
 * Parsing a raw answer into a task's value. It runs on every read of the cache, never only when
 * an answer arrives, so a parser or schema fix re-derives every value without a request.
 */
export type Parsed<T> = { ok: true; value: T; repairs: Repair[] } | { ok: false; error: string; repairs: Repair[] };

/**
 * Reads a raw answer tolerantly (see repair.ts): a leading `<think>` block is set aside, the one
 * JSON object is taken from prose or a fence, keys a strict schema does not allow are dropped, and
 * only then does the zod schema decide. Every repair made is returned with the value.
 */
export function parseRaw<T>(task: LlmTask<T>, raw: string | null, finishReason: string | null): Parsed<T> {
  if (raw === null) return { ok: false, error: 'no answer', repairs: [] };
  const repairs: Repair[] = [];
  const { text, stripped } = stripThink(raw);
  if (stripped) repairs.push('think-stripped');
  if (finishReason === 'length') return { ok: false, error: 'truncated (finish_reason: length)', repairs };
  const extracted = extractJson(text);
  if (!extracted.ok) return { ok: false, error: 'malformed JSON', repairs };
  if (extracted.extracted) repairs.push('extracted');
  const first = validate(task, extracted.json);
  if (first.ok) return { ok: true, value: first.value, repairs };
  const dropped = dropKeys(extracted.json, first.issues);
  if (dropped.dropped) {
    const second = validate(task, dropped.json);
    if (second.ok) return { ok: true, value: second.value, repairs: [...repairs, 'extra-keys'] };
  }
  return {
    ok: false,
    error: `schema: ${first.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    repairs,
  };
}

type Validated<T> = { ok: true; value: T } | { ok: false; issues: z.core.$ZodIssue[] };

function validate<T>(task: LlmTask<T>, json: unknown): Validated<T> {
  const result = task.schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  // Strict structured output makes optional fields nullable: a null there means "left out".
  const withoutNulls = task.schema.safeParse(dropNullOptionals(json, jsonSchemaOf(task)));
  if (withoutNulls.success) return { ok: true, value: withoutNulls.data };
  return { ok: false, issues: result.error.issues };
}

/** Why a fresh choice cannot be accepted as it is, or undefined when it can. */
export function rejectReason(
  task: LlmTask<unknown>,
  choice: { content: string | null; finishReason: string | null; refusal: string | null },
): string | undefined {
  if (choice.refusal) return `refused: ${choice.refusal}`;
  const parsed = parseRaw(task, choice.content, choice.finishReason);
  return parsed.ok ? undefined : parsed.error;
}

export function sampleFromRow<T>(task: LlmTask<T>, row: StoredAnswer, fromCache: boolean): LlmSample<T> {
  const base = { index: row.sample_index, cacheKey: row.key, raw: row.raw, fromCache, simulated: row.simulated === 1 };
  const parsed = parseRaw(task, row.raw, row.finish_reason);
  const repairs = parsed.repairs.length ? { repairs: parsed.repairs } : {};
  if (parsed.ok) return { ...base, ...repairs, value: parsed.value };
  return { ...base, ...repairs, error: row.status === 'failed' && row.error ? row.error : parsed.error };
}

/**
 * Whether a cached row answers its sample. Complete answers are never paid for twice, even when
 * today's parser rejects them (the sample then carries the parse error). Failures are retried
 * unless their raw text satisfies today's parser. (Rows are per provider, so a simulator's answer
 * never stands in for a real provider's.)
 */
export function isUsable(task: LlmTask<unknown>, row: CacheRow | undefined, retryFailures: boolean): row is CacheRow {
  if (!row) return false;
  if (row.status === 'ok' || !retryFailures) return true;
  return parseRaw(task, row.raw, row.finish_reason).ok;
}
