import { z } from 'zod';
import { defineStage } from './contract.ts';
import { resolvePanel } from '../llm/default-panel.ts';
import { writeJsonl } from '../io/jsonl.ts';
import { frameworkOf, frameworkTable, recordedFramework } from '../statements/framework.ts';
import { anySimulated, defaultRelevanceThreshold, failedRuns, relevanceOutcome } from '../statements/aggregate.ts';
import {
  modeComparisonNotes,
  withJudge,
  judgePromptFiles,
  judgePromptStates,
  planFor,
  readTranslated,
  RELEVANCE_FILE,
  TRANSLATED_FILE,
} from './shared/statements-judging.ts';
import { JudgeModeSchema, type RelevanceRecord } from '../statements/judgment-records.ts';
import { allPairs, economyRequests, questionRequests } from '../statements/requests.ts';
import { JUDGE_STRATEGIES } from '../statements/strategy.ts';

const ParamsSchema = z.strictObject({
  /** faithful: one question per statement x dimension (the paper); economy: every dimension in one answer. */
  mode: JudgeModeSchema.default('faithful'),
  /** Yes-votes a pair needs; default half the panel's member x language votes, rounded up. */
  relevanceThreshold: z.number().int().min(1).optional(),
  /** Plan as if there were this many statements (dry runs before the data exists). */
  assumeStatements: z.number().int().min(0).optional(),
  /** Share of pairs expected relevant, only for estimating faithful polarity in the mode comparison. */
  assumeRelevantShare: z.number().min(0).max(1).default(0.3),
});

export const judgeRelevance = defineStage({
  name: 'judge-relevance',
  description:
    'Asks the panel whether each statement is relevant to each dimension of the value framework ' +
    '(Hofstede by default); majority over member votes',
  version: 1,
  inputs: [TRANSLATED_FILE],
  outputs: [RELEVANCE_FILE],
  params: ParamsSchema,
  cosmeticParams: ['assumeStatements', 'assumeRelevantShare'],
  prompts: (config) => judgePromptFiles('relevance', config),
  members: (config) => resolvePanel(config),
  tables: (config) => frameworkTable(frameworkOf(config)),

  plan: (ctx) =>
    withJudge(ctx, 'judge-relevance', async ({ members, panel, framework }) => {
      const faithful = await planFor(ctx, panel, (s) =>
        questionRequests('relevance', allPairs(s, framework), members, framework),
      );
      const polarity = await planFor(
        ctx,
        panel,
        (s) => questionRequests('polarity', allPairs(s, framework), members, framework),
        ctx.params.assumeRelevantShare,
      );
      const economy = await planFor(ctx, panel, (s) => economyRequests(s, members, framework));
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
    const { pairs, promptVersion, slots, framework, prompts } = await withJudge(
      ctx,
      'judge-relevance',
      async (judge) => ({
        ...(await JUDGE_STRATEGIES[ctx.params.mode].relevance(judge, statements)),
        slots: judge.members.reduce((n, m) => n + m.languages.length, 0),
        framework: judge.framework,
        prompts: judgePromptStates('relevance', ctx.params.mode, judge.members, judge.framework),
      }),
    );
    const threshold = ctx.params.relevanceThreshold ?? defaultRelevanceThreshold(slots);
    const records: RelevanceRecord[] = pairs.map((p) => ({
      statement_id: p.statement.statement_id,
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
      framework.codes.map((d) => [d, records.filter((r) => r.dimension === d && r.relevant).length]),
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
      provenance: { framework: recordedFramework(framework), promptReview: prompts.review },
    };
  },
});
