import { rejectReason } from './answers.ts';
import { runBatchItems } from './batch.ts';
import { expectedUsd, worstCaseUsd, type MemberRuntime, type Outcome, type PanelCore, type WorkItem } from './core.ts';
import { callChat, type ChatResult } from './transport.ts';

/**
 * Executing a member's work: online calls (up to `maxConcurrency` at once, paced by the member's
 * rate limiter, each reserved against the budget first) or one batch for `batch: true` members.
 */
export async function runMember(core: PanelCore, runtime: MemberRuntime, items: WorkItem[]): Promise<void> {
  if (runtime.member.batch) {
    const total = items.reduce((sum, item) => sum + worstCaseUsd(item), 0);
    if (core.stopped() || !core.budget.reserve(total)) return;
    await runBatchItems(core, runtime, items).finally(() => core.budget.release(total));
    return;
  }
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      if (core.stopped() || !core.budget.reserve(worstCaseUsd(item))) return;
      await executeOnline(core, item, runtime);
      core.tracker.projectedRemainingUsd = Math.max(0, core.tracker.projectedRemainingUsd - expectedUsd(item));
    }
  };
  await Promise.all(Array.from({ length: Math.min(runtime.member.maxConcurrency, queue.length) }, worker));
}

/**
 * Asks an item's samples (already reserved) until each is accepted or has used its answer retries;
 * a malformed, refused or truncated answer is asked again under the same sample index.
 */
async function executeOnline(core: PanelCore, item: WorkItem, runtime: MemberRuntime): Promise<void> {
  const { slot } = item;
  const { tracker } = core;
  const attempts = new Map<number, number>();
  let pending = item.indices;
  let reserved = worstCaseUsd(item);
  while (pending.length > 0) {
    let result: ChatResult;
    try {
      tracker.requests += 1;
      result = await callChat(runtime.client, slot.wire, pending, {
        policy: core.policy,
        limiter: runtime.limiter,
        signal: core.signal,
        simulated: runtime.simulated,
        onRetry: (error) => {
          tracker.requests += 1;
          tracker.retries += 1;
          if ((error as { status?: number }).status === 429) tracker.rateLimited += 1;
          core.log.debug(`${slot.request.itemId} [${runtime.member.id}]: retrying after ${(error as Error).message}`);
        },
      });
    } catch (error) {
      core.budget.release(reserved);
      if (core.signal?.aborted) return;
      const reason = `request failed: ${(error as Error).message}`;
      core.store(item, runtime, pending.map((index) => ({ index, error: reason })), { choices: [], promptTokens: 0, completionTokens: 0, latencyMs: 0, simulated: runtime.simulated }, false);
      return;
    }
    // Released and stored in one synchronous turn: the real cost reaches the ledger before any
    // other call checks the budget.
    core.budget.release(reserved);
    const outcomes: Outcome[] = [];
    const retry: number[] = [];
    pending.forEach((index, i) => {
      const choice = result.choices[i];
      const reason = choice ? rejectReason(slot.request.task, choice) : 'no choice returned';
      const attempt = (attempts.get(index) ?? 0) + 1;
      attempts.set(index, attempt);
      if (!reason) outcomes.push({ index, choice });
      else if (attempt <= core.answerRetries) retry.push(index);
      else outcomes.push({ index, choice, error: reason });
    });
    if (retry.length) tracker.retries += retry.length;
    core.store({ slot, indices: outcomes.map((o) => o.index) }, runtime, outcomes, result, false);
    pending = retry;
    if (pending.length === 0 || core.stopped()) return;
    reserved = worstCaseUsd({ slot, indices: pending });
    if (!core.budget.reserve(reserved)) return;
  }
}
