import OpenAI from 'openai';
import { rejectReason } from './answers.ts';
import { runBatchItems } from './batch.ts';
import { expectedUsd, storeOutcomes, worstCaseUsd, type AskRun, type MemberRuntime, type Outcome, type WorkItem } from './core.ts';
import { callChat, type ChatResult } from './transport.ts';

/**
 * Executing a member's work: online calls (up to `maxConcurrency` at once, paced by the member's
 * rate limiter, each reserved against the budget first) or one batch for `batch: true` members.
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
        for (const index of item.indices) ask.settleUnanswered(item.slot, index, `request failed: ${runtime.breaker.cause()}`, runtime.member.id, true);
        continue;
      }
      if (ask.stopped() || !ask.reserve(worstCaseUsd(item))) return;
      await executeOnline(ask, item, runtime);
      ask.tracker.projectedRemainingUsd = Math.max(0, ask.tracker.projectedRemainingUsd - expectedUsd(item));
    }
  };
  await Promise.all(Array.from({ length: Math.min(runtime.member.maxConcurrency, queue.length) }, worker));
}

/** A refusal of the request itself (bad parameter, bad key, unknown model): asking again changes nothing. */
function isClientError(error: unknown): boolean {
  if (!(error instanceof OpenAI.APIError) || error.status === undefined) return false;
  return error.status >= 400 && error.status < 500 && ![408, 409, 429].includes(error.status);
}

const NO_USAGE = { choices: [], promptTokens: 0, completionTokens: 0, latencyMs: 0 };

/**
 * Asks an item's samples (already reserved) until each is accepted or has used its answer retries;
 * a malformed, refused or truncated answer is asked again under the same sample index.
 */
async function executeOnline(ask: AskRun, item: WorkItem, runtime: MemberRuntime): Promise<void> {
  const { slot } = item;
  const { tracker, shared } = ask;
  const attempts = new Map<number, number>();
  let pending = item.indices;
  let reserved = worstCaseUsd(item);
  while (pending.length > 0) {
    let result: ChatResult;
    try {
      tracker.requests += 1;
      result = await callChat(runtime.client, slot.wire, pending, {
        policy: shared.policy,
        limiter: runtime.limiter,
        signal: shared.signal,
        simulated: runtime.simulated,
        onRetry: (error) => {
          tracker.requests += 1;
          tracker.retries += 1;
          if ((error as { status?: number }).status === 429) tracker.rateLimited += 1;
          ask.log.debug(`${slot.request.itemId} [${runtime.member.id}]: retrying after ${(error as Error).message}`);
        },
      });
    } catch (error) {
      ask.release(reserved);
      if (shared.signal?.aborted) return;
      const message = (error as Error).message;
      if (isClientError(error)) runtime.breaker.recordClientError(message);
      const failures = pending.map((index) => ({ index, error: `request failed: ${message}` }));
      storeOutcomes(ask, item, runtime, failures, { ...NO_USAGE, simulated: runtime.simulated }, false);
      return;
    }
    runtime.breaker.recordSuccess();
    // Released and stored in one synchronous turn: the real cost reaches the ledger before any
    // other call checks the budget.
    ask.release(reserved);
    const outcomes: Outcome[] = [];
    const retry: number[] = [];
    pending.forEach((index, i) => {
      const choice = result.choices[i];
      const reason = choice ? rejectReason(slot.request.task, choice) : 'no choice returned';
      const attempt = (attempts.get(index) ?? 0) + 1;
      attempts.set(index, attempt);
      if (!reason) outcomes.push({ index, choice });
      else if (attempt <= shared.answerRetries) retry.push(index);
      else outcomes.push({ index, choice, error: reason });
    });
    if (retry.length) tracker.retries += retry.length;
    storeOutcomes(ask, { slot, indices: outcomes.map((o) => o.index) }, runtime, outcomes, result, false);
    pending = retry;
    if (pending.length === 0 || ask.stopped()) return;
    reserved = worstCaseUsd({ slot, indices: pending });
    if (!ask.reserve(reserved)) return;
  }
}
