import type { AskResult, AskStats, RoundStats } from './ask-result.ts';
import type { LlmAnswer, LlmRequest } from './types.ts';

/**
 * Exact early stopping for mode-of-runs (`earlyStop: true`). A request whose task says what each
 * run votes (`LlmTask.votes`) is asked in rounds: a majority of its runs first, then only as many
 * more as could still change the mode, until the leader's count exceeds the runner-up's plus the
 * runs left (3 agreeing of 5 binary answers; for polarity the same rule over four values). Samples
 * keep their indices, so the runs asked are exactly the first runs of a full ask and the mode
 * (ties included: none is possible once the lead is strict) is the one asking every run gives.
 */
type Label = string | number | boolean | null;

function counts(labels: Label[]): number[] {
  const tally = new Map<string, number>();
  for (const label of labels) if (label !== null) tally.set(String(label), (tally.get(String(label)) ?? 0) + 1);
  return [...tally.values(), 0, 0].sort((a, b) => b - a);
}

/** More runs needed before a position's mode is settled (0 = settled): the fewest that could settle it. */
function runsNeeded(labels: Label[], runsLeft: number): number {
  const [lead, second] = counts(labels);
  if (lead > second + runsLeft) return 0;
  return Math.min(runsLeft, Math.floor((second + runsLeft - lead) / 2) + 1);
}

/** How many more runs a request needs, over every position its task votes on. */
export function moreRunsNeeded<T>(answer: LlmAnswer<T>, runs: number): number {
  const votes = answer.request.task.votes;
  if (!votes) return 0;
  const asked = answer.samples.length;
  const perRun = answer.samples.map((s) => (s.value === undefined ? null : votes(s.value)));
  const positions = Math.max(0, ...perRun.map((v) => v?.length ?? 0));
  let need = 0;
  for (let p = 0; p < positions; p++)
    need = Math.max(
      need,
      runsNeeded(
        perRun.map((v) => v?.[p] ?? null),
        runs - asked,
      ),
    );
  // A request with no valid run yet cannot be settled by its labels: ask what a majority needs.
  return positions === 0 ? Math.min(runs - asked, Math.floor(runs / 2) + 1) : need;
}

const earlyStops = (request: LlmRequest<unknown>) =>
  request.member.earlyStop && request.task.votes !== undefined && request.samples > 2;

/** First round: a majority of the runs (the fewest that can settle a mode); everything else in full. */
const firstRound = (request: LlmRequest<unknown>) =>
  earlyStops(request) ? Math.floor(request.samples / 2) + 1 : request.samples;

function mergeStats(rounds: AskStats[], reread: number): AskStats {
  const [first, ...rest] = rounds;
  const total: AskStats = {
    ...first,
    failures: [...first.failures],
    reportedModels: { ...first.reportedModels },
    capabilities: { ...first.capabilities },
  };
  for (const s of rest) {
    for (const key of [
      'cached',
      'new',
      'failed',
      'requests',
      'retries',
      'rateLimited',
      'promptTokens',
      'completionTokens',
      'reasoningTokens',
      'cachedTokens',
      'costUsd',
      'estimatedUsage',
      'elapsedMs',
    ] as const)
      total[key] += s[key];
    total.failures.push(...s.failures);
    for (const [id, models] of Object.entries(s.reportedModels))
      total.reportedModels[id] = [...new Set([...(total.reportedModels[id] ?? []), ...models])].sort();
    Object.assign(total.capabilities, s.capabilities);
  }
  // Later rounds read the earlier rounds' samples back from the cache: not new cache hits.
  total.cached -= reread;
  return total;
}

/** Asks `requests` through `askOnce`, early-stopped requests in rounds; answers carry only the runs asked. */
export async function askInRounds<T>(
  askOnce: (requests: LlmRequest<T>[]) => Promise<AskResult<T>>,
  requests: LlmRequest<T>[],
  onAnswer?: (answer: LlmAnswer<T>) => void,
): Promise<AskResult<T> & { rounds: RoundStats }> {
  const final = new Map<number, LlmAnswer<T>>();
  const rounds: AskStats[] = [];
  let pending = requests.map((request, i) => ({ i, request: { ...request, samples: firstRound(request) } }));
  let reread = 0;
  while (pending.length > 0) {
    const { answers, stats } = await askOnce(pending.map((p) => p.request));
    rounds.push(stats);
    const next: typeof pending = [];
    answers.forEach((answer, j) => {
      const { i } = pending[j];
      const more = earlyStops(requests[i]) ? moreRunsNeeded(answer, requests[i].samples) : 0;
      if (more === 0) {
        final.set(i, answer);
        onAnswer?.(answer);
      } else {
        reread += answer.samples.length;
        next.push({ i, request: { ...requests[i], samples: answer.samples.length + more } });
      }
    });
    pending = next;
  }
  const answers = requests.map((_, i) => final.get(i)!);
  const early = requests.filter(earlyStops);
  const runsAsked = answers.filter((a) => earlyStops(a.request)).reduce((n, a) => n + a.samples.length, 0);
  return {
    answers,
    stats: mergeStats(rounds, reread),
    rounds: { runsConfigured: early.reduce((n, r) => n + r.samples, 0), runsAsked },
  };
}
