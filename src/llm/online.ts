import { rejectReason } from './answers.ts';
import { runBatchItems } from './batch.ts';
import { canFallBack, isStructuredOutputRefusal, nextMode, nLimitOf } from './capabilities.ts';
import type { StructuredMode } from './presets.ts';
import { expectedUsd, worstCaseUsd, type AskRun, type MemberRuntime, type WorkItem } from './core.ts';
import { storeOutcomes, type Outcome } from './store-outcomes.ts';
import { correctedWire } from './request.ts';
import { callChat, isClientError, type ChatResult } from './transport.ts';

/**
 * Executing a member's work: online calls (up to `maxConcurrency` at once, paced by the member's
 * rate limiter, each reserved against the budget first) or one batch for `batch: true` members.
 * A call may put work back on the member's queue: samples to ask again (a malformed answer, with
 * the validation error stated) or split into smaller requests (a provider that limits or ignores `n`).
 */
export async function runMember(ask: AskRun, runtime: MemberRuntime, items: WorkItem[]): Promise<void> {
  if (runtime.member.batch) {
    const total = items.reduce((sum, item) => sum + worstCaseUsd(item), 0);
    if (ask.stopped() || !ask.reserve(total)) return;
    await runBatchItems(ask, runtime, items).finally(() => ask.release(total));
    return;
  }
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      if (runtime.breaker.isOpen()) {
        for (const index of item.indices)
          ask.settleUnanswered(item.slot, index, `request failed: ${runtime.breaker.cause()}`, runtime.member.id, true);
        continue;
      }
      // The member fell back to another structured-output mode: this item's body (and keys) are
      // of the refused mode, so it is asked again in the new one (see panel.ts), not sent.
      if (item.slot.wire.structured !== runtime.caps.structured) {
        ask.refuse(item);
        continue;
      }
      if (ask.stopped() || !ask.reserve(worstCaseUsd(item))) return;
      await executeOnline(ask, item, runtime, (next) => queue.push(next));
      if (item.attempt === undefined)
        ask.tracker.projectedRemainingUsd = Math.max(0, ask.tracker.projectedRemainingUsd - expectedUsd(item));
    }
  };
  await Promise.all(Array.from({ length: Math.min(runtime.member.maxConcurrency, queue.length) }, worker));
}

const NO_USAGE = { choices: [], promptTokens: 0, completionTokens: 0, latencyMs: 0 };

function split(item: WorkItem, size: number): WorkItem[] {
  const out: WorkItem[] = [];
  for (let i = 0; i < item.indices.length; i += size) out.push({ ...item, indices: item.indices.slice(i, i + size) });
  return out;
}

/** The provider allows at most `limit` choices per request: learned once for the member, the item split. */
function learnN(ask: AskRun, runtime: MemberRuntime, limit: number, why: string): void {
  if (limit >= runtime.caps.maxN) return;
  runtime.caps.maxN = limit;
  runtime.caps.source.n = 'negotiated';
  runtime.capabilities.record(runtime.member, { maxN: limit });
  ask.log.info(
    `${runtime.member.id}: ${why}; asking ${limit <= 1 ? 'one request per run' : `at most n = ${limit} per request`} from now on`,
  );
}

/** The provider refused a structured-output mode: the member moves to the next one, once, and it is recorded. */
function fallBack(ask: AskRun, runtime: MemberRuntime, refused: StructuredMode, message: string): void {
  if (runtime.caps.structured !== refused) return;
  const next = nextMode(refused);
  if (!next) return;
  runtime.caps.structured = next;
  runtime.caps.source.structured = 'negotiated';
  runtime.capabilities.record(runtime.member, { structured: next });
  ask.log.info(
    `${runtime.member.id}: the provider refused structured output "${refused}" (${message}); asking with "${next}" from now on (recorded for later runs)`,
  );
}

/**
 * One call for an item's samples (already reserved). Accepted answers are stored; malformed,
 * refused or truncated ones are queued again until they have used their answer retries (the first
 * re-ask states the validation error), then stored as failures with their raw text. A refusal of
 * `n` is not a failure: the member's limit is learned and the item asked again in smaller requests.
 */
async function executeOnline(
  ask: AskRun,
  item: WorkItem,
  runtime: MemberRuntime,
  requeue: (item: WorkItem) => void,
): Promise<void> {
  const { slot } = item;
  const { tracker, shared } = ask;
  const pending = item.indices;
  const reserved = worstCaseUsd(item);
  const wire = item.correction ? correctedWire(slot.wire, item.correction.raw, item.correction.error) : slot.wire;
  let result: ChatResult;
  try {
    tracker.requests += 1;
    result = await callChat(runtime.client, wire, pending, {
      policy: shared.policy,
      limiter: runtime.limiter,
      signal: shared.signal,
      simulated: runtime.simulated,
      onRetry: (error, waitMs) => {
        tracker.requests += 1;
        tracker.retries += 1;
        if ((error as { status?: number }).status === 429) tracker.rateLimited += 1;
        ask.log.debug(
          `${slot.request.itemId} [${runtime.member.id}]: retrying in ${waitMs} ms after ${(error as Error).message}`,
        );
      },
    });
  } catch (error) {
    ask.release(reserved);
    if (shared.signal?.aborted) return;
    const message = (error as Error).message;
    const limit = isClientError(error) && pending.length > 1 ? nLimitOf(message) : undefined;
    if (limit !== undefined) {
      learnN(
        ask,
        runtime,
        Math.min(limit, pending.length - 1),
        `the provider refused n = ${pending.length} (${message})`,
      );
      for (const part of split(item, runtime.caps.maxN)) requeue(part);
      return;
    }
    if (
      isClientError(error) &&
      isStructuredOutputRefusal(message) &&
      (wire.structured !== runtime.caps.structured || canFallBack(runtime.caps))
    ) {
      fallBack(ask, runtime, wire.structured, message);
      ask.refuse(item);
      return;
    }
    if (isClientError(error)) runtime.breaker.recordClientError(message);
    const failures = pending.map((index) => ({ index, error: `request failed: ${message}` }));
    storeOutcomes(ask, item, runtime, failures, { ...NO_USAGE, simulated: runtime.simulated }, false);
    return;
  }
  runtime.breaker.recordSuccess();
  // Released and stored in one synchronous turn: the real cost reaches the ledger before any
  // other call checks the budget.
  ask.release(reserved);
  const answered = result.choices.length === 0 ? pending : pending.slice(0, result.choices.length);
  if (result.choices.length > 0 && result.choices.length < pending.length) {
    learnN(
      ask,
      runtime,
      result.choices.length,
      `the provider returned ${result.choices.length} choice(s) for n = ${pending.length}`,
    );
    for (const part of split({ ...item, indices: pending.slice(answered.length) }, runtime.caps.maxN)) requeue(part);
  }
  const attempt = (item.attempt ?? 0) + 1;
  const outcomes: Outcome[] = [];
  answered.forEach((index, i) => {
    const choice = result.choices[i];
    const reason = choice ? rejectReason(slot.request.task, choice) : 'no choice returned';
    if (!reason) outcomes.push({ index, choice });
    else if (attempt <= shared.answerRetries) {
      tracker.retries += 1;
      const correction =
        attempt <= shared.reasks && choice?.content ? { raw: choice.content, error: reason } : undefined;
      requeue({ slot, indices: [index], attempt, correction });
    } else outcomes.push({ index, choice, error: reason });
  });
  const stored = { slot, indices: outcomes.map((o) => o.index), attempt: item.attempt };
  storeOutcomes(ask, stored, runtime, outcomes, result, false);
}
