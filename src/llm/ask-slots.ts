import { sampleFromRow } from './answers.ts';
import type { CacheRow } from './cache.ts';
import type { CapabilityStore, MemberCapabilities } from './capabilities.ts';
import { expectedUsd, type AskRun, type PanelShared, type Slot, type WorkItem } from './core.ts';
import type { MemberRuntimes } from './member-runtimes.ts';
import { runMember } from './online.ts';
import { providerIdentity } from './provider.ts';
import { toWire } from './request.ts';
import type { LlmRequest } from './types.ts';

/** What asking for slots needs of its panel. */
export interface SlotAsking {
  shared: PanelShared;
  runtimes: MemberRuntimes;
  capabilities: CapabilityStore;
  /** A sample's cached row when it may stand as the answer (see `isUsable`), else undefined. */
  cached(request: LlmRequest<unknown>, provider: string, key: string): CacheRow | undefined;
}

/** Each request's samples from the cache, the rest claimed (or followed, when already in flight) and queued per member. */
function slotsFor(
  ctx: SlotAsking,
  ask: AskRun,
  requests: LlmRequest<unknown>[],
  caps: Map<string, MemberCapabilities>,
): { slots: Slot[]; work: Map<string, WorkItem[]> } {
  const work = new Map<string, WorkItem[]>();
  const slots = requests.map((request) => {
    const memberCaps = caps.get(request.member.id) ?? ctx.capabilities.resolve(request.member);
    const wire = toWire(request, memberCaps.structured);
    const provider = providerIdentity(request.member);
    const slot: Slot = { request, wire, provider, samples: new Array(request.samples), remaining: request.samples };
    const mine: number[] = [];
    wire.keys.forEach((key, index) => {
      const row = ctx.cached(request, provider, key);
      if (row) {
        slot.samples[index] = sampleFromRow(request.task, row, true);
        slot.remaining -= 1;
        ask.tracker.cached += 1;
      } else if (ctx.shared.inFlight.claim(provider, key, { ask, slot, index, member: request.member.id }))
        mine.push(index);
    });
    const items = work.get(request.member.id) ?? [];
    for (const indices of chunk(mine, memberCaps.maxN)) items.push({ slot, indices });
    work.set(request.member.id, items);
    return slot;
  });
  return { slots, work };
}

/**
 * Asks `requests` in this ask; requests a provider refused for their structured-output mode
 * (the member has fallen back meanwhile, see online.ts) are asked again in the new mode, under
 * their new keys, and their answers take the refused slots' places. Nothing was stored for them.
 */
export async function askSlots(ctx: SlotAsking, ask: AskRun, requests: LlmRequest<unknown>[]): Promise<Slot[]> {
  const { slots, work } = slotsFor(ctx, ask, requests, await ctx.runtimes.capsOf(requests));
  for (const slot of slots) if (slot.remaining === 0) ask.onSlotDone(slot);
  ask.tracker.projectedRemainingUsd += [...work.values()].flat().reduce((sum, item) => sum + expectedUsd(item), 0);
  await execute(ctx, ask, work);
  const refused = [...new Set(ask.takeRefused().map((item) => item.slot))];
  if (refused.length === 0) return slots;
  for (const slot of refused)
    slot.wire.keys.forEach(
      (key, index) =>
        slot.samples[index] ||
        ctx.shared.inFlight.fail(slot.provider, key, 'asked again in another structured-output mode'),
    );
  const again = await askSlots(
    ctx,
    ask,
    refused.map((slot) => slot.request),
  );
  return slots.map((slot) => (refused.includes(slot) ? again[refused.indexOf(slot)] : slot));
}

async function execute(ctx: SlotAsking, ask: AskRun, work: Map<string, WorkItem[]>): Promise<void> {
  const runners = [...work.entries()].filter(([, items]) => items.length > 0);
  const memberRuntimes = await Promise.all(
    runners.map(([, items]) => ctx.runtimes.runtimeOf(items[0].slot.request.member)),
  );
  await Promise.all(runners.map(([, items], i) => runMember(ask, memberRuntimes[i], items)));
}

/** Samples still without an answer when the ask ends count as failed (a rerun asks them). */
export function settleRest(ask: AskRun, slots: Slot[]): void {
  const reason = stopReason(ask);
  for (const slot of slots) {
    slot.wire.keys.forEach((_, index) => {
      if (!slot.samples[index]) ask.settleUnanswered(slot, index, reason, slot.request.member.id);
    });
  }
}

export function stopReason(ask: AskRun): string {
  if (ask.isBudgetExceeded()) return 'not asked: the budget was reached';
  return 'no answer received (interrupted)';
}

function chunk<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
