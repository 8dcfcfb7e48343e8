import { hofstedeVersion } from '../statements/hofstede.ts';
import { z } from 'zod';
import { defineStage } from './contract.ts';
import { resolvePanel } from '../llm/default-panel.ts';
import { writeJsonl } from '../io/jsonl.ts';
import { DIMENSIONS } from '../statements/hofstede.ts';
import type { LlmAnswer } from '../llm/types.ts';
import type { EconomyAnswer, RelevanceAnswer } from '../statements/answers.ts';
import {
  anySimulated,
  defaultRelevanceThreshold,
  failedRuns,
  panelVotes,
  relevanceOutcome,
} from '../statements/aggregate.ts';
import {
  groupByItem,
  modeComparisonNotes,
  withJudge,
  type JudgeSetup,
  judgePromptFiles,
  judgePromptStates,
  planFor,
  readTranslated,
  RELEVANCE_FILE,
  TRANSLATED_FILE,
} from './shared/statements-judging.ts';
import { JudgeModeSchema, type RelevanceRecord } from '../statements/records.ts';
import { allPairs, economyRequests, questionRequests, type JudgedStatement } from '../statements/requests.ts';
import type { PanelVote } from '../schemas/records.ts';

const ParamsSchema = z.strictObject({
  /** faithful: one question per statement x dimension (the paper); economy: six dimensions per answer. */
  mode: JudgeModeSchema.default('faithful'),
  /** Yes-votes a pair needs; default half the panel's member x language votes, rounded up. */
  relevanceThreshold: z.number().int().min(1).optional(),
  /** Plan as if there were this many statements (dry runs before the data exists). */
  assumeStatements: z.number().int().min(0).optional(),
  /** Share of pairs expected relevant, only for estimating faithful polarity in the mode comparison. */
  assumeRelevantShare: z.number().min(0).max(1).default(0.3),
});

interface PairVotes {
  statementId: string;
  dimension: (typeof DIMENSIONS)[number];
  votes: PanelVote[];
  answers: LlmAnswer<unknown>[];
}

async function faithfulVotes(
  { members, panel }: JudgeSetup,
  statements: JudgedStatement[],
): Promise<{ pairs: PairVotes[]; promptVersion: string }> {
  const requests = questionRequests('relevance', allPairs(statements), members);
  const groups = groupByItem((await panel.ask(requests)).answers);
  const pairs = allPairs(statements).map(({ statement, dimension }) => {
    const answers = groups.get(`${statement.statement_id}:${dimension}`) ?? [];
    return {
      statementId: statement.statement_id,
      dimension,
      answers,
      votes: panelVotes(answers, (v: RelevanceAnswer) => v.relevant),
    };
  });
  return { pairs, promptVersion: requests[0]?.task.promptVersion ?? '' };
}

async function economyVotes(
  { members, panel }: JudgeSetup,
  statements: JudgedStatement[],
): Promise<{ pairs: PairVotes[]; promptVersion: string }> {
  const requests = economyRequests(statements, members);
  const groups = groupByItem((await panel.ask(requests)).answers);
  const pairs = statements.flatMap((statement) => {
    const answers = groups.get(statement.statement_id) ?? [];
    return DIMENSIONS.map((dimension) => ({
      statementId: statement.statement_id,
      dimension,
      answers,
      votes: panelVotes(answers, (v: EconomyAnswer) => v[dimension].relevant),
    }));
  });
  return { pairs, promptVersion: requests[0]?.task.promptVersion ?? '' };
}

export const judgeRelevance = defineStage({
  name: 'judge-relevance',
  description:
    'Asks the panel whether each statement is relevant to each Hofstede dimension; majority over member votes',
  version: 1,
  inputs: [TRANSLATED_FILE],
  outputs: [RELEVANCE_FILE],
  params: ParamsSchema,
  cosmeticParams: ['assumeStatements', 'assumeRelevantShare'],
  prompts: (config) => judgePromptFiles('relevance', config),
  members: (config) => resolvePanel(config),
  tables: () => ({ hofstede: hofstedeVersion() }),

  plan: (ctx) =>
    withJudge(ctx, 'judge-relevance', async ({ members, panel }) => {
      const faithful = await planFor(ctx, panel, (s) => questionRequests('relevance', allPairs(s), members));
      const polarity = await planFor(
        ctx,
        panel,
        (s) => questionRequests('polarity', allPairs(s), members),
        ctx.params.assumeRelevantShare,
      );
      const economy = await planFor(ctx, panel, (s) => economyRequests(s, members));
      const chosen = ctx.params.mode === 'faithful' ? faithful : economy;
      return {
        rows: chosen.plan.rows,
        notes: [
          `rows above: this stage in ${ctx.params.mode} mode (${ctx.params.mode === 'faithful' ? 'polarity is planned under judge-polarity' : 'judge-polarity reuses these answers'}), estimated from ${chosen.basis}`,
          ...modeComparisonNotes(
            faithful,
            polarity,
            economy,
            `assuming ${Math.round(ctx.params.assumeRelevantShare * 100)}% of pairs relevant`,
          ),
          ...(chosen.plan.notes ?? []),
        ],
      };
    }),

  async run(ctx) {
    const statements = await readTranslated(ctx.input(TRANSLATED_FILE));
    const { pairs, promptVersion, slots, prompts } = await withJudge(ctx, 'judge-relevance', async (judge) => ({
      ...(ctx.params.mode === 'faithful'
        ? await faithfulVotes(judge, statements)
        : await economyVotes(judge, statements)),
      slots: judge.members.reduce((n, m) => n + m.languages.length, 0),
      prompts: judgePromptStates('relevance', ctx.params.mode, judge.members),
    }));
    const threshold = ctx.params.relevanceThreshold ?? defaultRelevanceThreshold(slots);
    const records: RelevanceRecord[] = pairs.map((p) => ({
      statement_id: p.statementId,
      dimension: p.dimension,
      mode: ctx.params.mode,
      ...relevanceOutcome(p.votes, threshold),
      threshold,
      votes: p.votes,
      failed_samples: failedRuns(p.votes),
      prompt_version: promptVersion,
      prompt_review: prompts.review,
      simulated: prompts.simulated || anySimulated(p.answers),
    }));
    await writeJsonl(ctx.output(RELEVANCE_FILE), records);
    const perDimension = Object.fromEntries(
      DIMENSIONS.map((d) => [d, records.filter((r) => r.dimension === d && r.relevant).length]),
    );
    return {
      counts: {
        statements: statements.length,
        pairs: records.length,
        relevant: records.filter((r) => r.relevant).length,
        failed_samples: records.reduce((n, r) => n + r.failed_samples, 0),
      },
      summary: { mode: ctx.params.mode, threshold, slots, relevantPerDimension: perDimension },
      // Per language, where the prompts asked came from: the card's account of the prompt languages.
      provenance: { promptReview: prompts.review },
    };
  },
});
