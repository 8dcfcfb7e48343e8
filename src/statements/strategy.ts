import type { Panel } from '../llm/panel.ts';
import type { PanelMember } from '../schemas/config.ts';
import type { LlmAnswer, LlmRequest } from '../llm/types.ts';
import type { PanelVote } from '../schemas/records.ts';
import type { Dimension } from '../schemas/framework.ts';
import type { LoadedFramework } from './framework.ts';
import { groupBy } from '../stats/group.ts';
import type { Vote } from '../stats/votes.ts';
import { panelVotes } from './aggregate.ts';
import type { EconomyAnswer, PolarityAnswer, RelevanceAnswer } from './answers.ts';
import type { JudgeMode } from './judgment-records.ts';
import { allPairs, economyRequests, questionRequests, type JudgedStatement } from './requests.ts';

/**
 * How each mode asks the two questions of the value framework, said once for both judge stages. Faithful (the
 * paper): one question per statement x dimension for relevance, then one per relevant pair for
 * polarity. Economy: one answer covering every dimension per statement for relevance; polarity is read from
 * those same cached answers.
 */
export interface JudgedPair {
  statement: JudgedStatement;
  dimension: Dimension;
}

/** One pair's member votes and the answers they were read from (an economy answer serves six pairs). */
export interface PairVotes extends JudgedPair {
  votes: PanelVote[];
  answers: LlmAnswer<unknown>[];
}

export interface Judged {
  pairs: PairVotes[];
  /** Recorded with every label: the version of the first request's prompt (empty with no request). */
  promptVersion: string;
}

/** The panel a strategy asks, the members it builds requests for, and the framework's dimensions. */
export interface JudgeSetup {
  members: PanelMember[];
  panel: Panel;
  /** The value framework the config names (the built-in Hofstede one by default). */
  framework: LoadedFramework;
}

export interface JudgeStrategy {
  relevance(judge: JudgeSetup, statements: JudgedStatement[]): Promise<Judged>;
  polarity(judge: JudgeSetup, pairs: JudgedPair[]): Promise<Judged>;
}

/** Each pair's votes from the answers about its item; `pick` reads a run's vote for the pair's dimension. */
function votesOf<T>(
  requests: readonly LlmRequest<T>[],
  answers: readonly LlmAnswer<T>[],
  pairs: readonly JudgedPair[],
  itemOf: (pair: JudgedPair) => string,
  pick: (value: T, dimension: Dimension) => Vote | null,
): Judged {
  const groups = groupBy(answers, (a) => a.request.itemId);
  return {
    pairs: pairs.map((pair) => {
      const own = groups.get(itemOf(pair)) ?? [];
      return { ...pair, answers: own, votes: panelVotes(own, (value: T) => pick(value, pair.dimension)) };
    }),
    promptVersion: requests[0]?.task.promptVersion ?? '',
  };
}

const pairItem = (pair: JudgedPair) => `${pair.statement.statement_id}:${pair.dimension}`;
const statementItem = (pair: JudgedPair) => pair.statement.statement_id;

async function asked<T>(
  { panel }: JudgeSetup,
  requests: LlmRequest<T>[],
  pairs: readonly JudgedPair[],
  itemOf: (pair: JudgedPair) => string,
  pick: (value: T, dimension: Dimension) => Vote | null,
): Promise<Judged> {
  return votesOf(requests, (await panel.ask(requests)).answers, pairs, itemOf, pick);
}

/**
 * The cached answers to `requests`, read without asking. Only a request with a sample the cache
 * cannot give a value for (not cached, or cached as a failure) is asked, as asking again would.
 */
async function derivedOrAsked<T>(panel: Panel, requests: LlmRequest<T>[]): Promise<LlmAnswer<T>[]> {
  const derived = panel.derive(requests);
  const lacking = derived.filter((a) => a.samples.some((s) => s.value === undefined));
  if (lacking.length === 0) return derived;
  const answered = new Map((await panel.ask(lacking.map((a) => a.request))).answers.map((a) => [a.request, a]));
  return derived.map((a) => answered.get(a.request) ?? a);
}

/** The distinct statements of the pairs, in first-seen order. */
function statementsOf(pairs: readonly JudgedPair[]): JudgedStatement[] {
  return [...new Map(pairs.map((p) => [p.statement.statement_id, p.statement])).values()];
}

const faithful: JudgeStrategy = {
  relevance: (judge, statements) => {
    const pairs = allPairs(statements, judge.framework);
    const requests = questionRequests('relevance', pairs, judge.members, judge.framework);
    return asked(judge, requests, pairs, pairItem, (v: RelevanceAnswer) => v.relevant);
  },
  polarity: (judge, pairs) =>
    asked(
      judge,
      questionRequests('polarity', pairs, judge.members, judge.framework),
      pairs,
      pairItem,
      (v: PolarityAnswer) => v.score,
    ),
};

const economy: JudgeStrategy = {
  relevance: (judge, statements) =>
    asked(
      judge,
      economyRequests(statements, judge.members, judge.framework),
      allPairs(statements, judge.framework),
      statementItem,
      (v: EconomyAnswer, d) => v[d].relevant,
    ),
  /** Judge-relevance paid for these answers: polarity is read from the cache, not asked again. */
  polarity: async (judge, pairs) => {
    const requests = economyRequests(statementsOf(pairs), judge.members, judge.framework);
    const answers = await derivedOrAsked(judge.panel, requests);
    return votesOf(requests, answers, pairs, statementItem, (v: EconomyAnswer, d) => v[d].score);
  },
};

export const JUDGE_STRATEGIES: Record<JudgeMode, JudgeStrategy> = { faithful, economy };
