import type { LlmAnswer } from '../llm/types.ts';
import type { PanelVote } from '../schemas/records.ts';
import { medianVote, modeOfRuns, type Vote, yesCountAtLeast } from '../stats/votes.ts';

/**
 * Turning the panel's answers for one item into votes and a label. Everything here is derived
 * from parsed samples, so changing a threshold or a rule re-derives labels from the cache.
 */

/** Each member x language's runs and their mode; `pick` reads the vote out of a parsed answer. */
export function panelVotes<T, V extends Vote>(
  answers: readonly LlmAnswer<T>[],
  pick: (value: T) => V | null,
): PanelVote[] {
  return answers.map((a) => {
    const runs = a.samples.map((s) => (s.value === undefined ? null : pick(s.value)));
    return { model: a.request.member.id, language: a.request.language, answers: runs, vote: modeOfRuns(runs) };
  });
}

/**
 * Default relevance threshold: half the panel's vote slots (members x languages), rounded up, so
 * 4 of 8 for the default panel. Counted on slots, not votes cast, so failed members cannot lower
 * the bar.
 */
export function defaultRelevanceThreshold(slots: number): number {
  return Math.max(1, Math.ceil(slots / 2));
}

export function relevanceOutcome(
  votes: readonly PanelVote[],
  threshold: number,
): { relevant_votes: number; relevant_total: number; relevant: boolean } {
  const result = yesCountAtLeast(
    votes.map((v) => (typeof v.vote === 'boolean' ? v.vote : null)),
    threshold,
  );
  return { relevant_votes: result.yes, relevant_total: result.total, relevant: result.passed };
}

export function polarityOutcome(votes: readonly PanelVote[]): {
  polarity_votes: number[];
  score: number | null;
  contested: boolean;
} {
  const memberVotes = votes.map((v) => (typeof v.vote === 'number' ? v.vote : null));
  const { score, contested } = medianVote(memberVotes);
  return { polarity_votes: memberVotes.filter((v): v is number => v !== null), score, contested };
}

/** Runs without a valid answer, counted on the votes (economy answers are shared by six pairs). */
export function failedRuns(votes: readonly PanelVote[]): number {
  return votes.reduce((n, v) => n + v.answers.filter((a) => a === null).length, 0);
}

export function anySimulated(answers: readonly LlmAnswer<unknown>[]): boolean {
  return answers.some((a) => a.samples.some((s) => s.simulated));
}

/**
 * The rule for an even split, as the dataset card states it (the rule itself lives in
 * src/stats/votes.ts `medianVote`).
 */
export const CONTESTED_RULE =
  'Label = median of the member votes (each member x language votes the mode of its runs). With an even number of ' +
  'votes the median is the mean of the two middle votes, so it can fall between scale points (e.g. 1.5) or on 0. ' +
  'A pair whose votes split evenly across the sign (as many negative as positive votes) is flagged contested, ' +
  'whatever its median; contested pairs stay in the dataset with their score so users can drop or weigh them.';
