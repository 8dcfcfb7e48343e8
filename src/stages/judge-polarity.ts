import { hofstedeVersion } from '../statements/hofstede.ts';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { defineStage } from './contract.ts';
import { resolvePanel } from '../llm/default-panel.ts';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { DIMENSIONS } from '../statements/hofstede.ts';
import type { Dimension, PanelVote } from '../schemas/records.ts';
import type { EconomyAnswer, PolarityAnswer } from '../statements/answers.ts';
import { anySimulated, failedRuns, panelVotes, polarityOutcome } from '../statements/aggregate.ts';
import {
  comparisonNote,
  groupByItem,
  judgePromptFiles,
  judgePromptStates,
  planFor,
  withJudge,
  POLARITY_FILE,
  readTranslated,
  RELEVANCE_FILE,
  TRANSLATED_FILE,
  type JudgeSetup,
} from './shared/statements-judging.ts';
import {
  JudgeModeSchema,
  RelevanceRecordSchema,
  type JudgeMode,
  type PolarityRecord,
  type RelevanceRecord,
} from '../statements/records.ts';
import { allPairs, economyRequests, questionRequests, type JudgedStatement } from '../statements/requests.ts';
import type { LlmAnswer } from '../llm/types.ts';

const ParamsSchema = z.strictObject({
  /** Taken from stages.judge-relevance.mode so one setting drives both stages. */
  mode: JudgeModeSchema.default('faithful'),
  assumeStatements: z.number().int().min(0).optional(),
  /** Share of pairs expected relevant when planning before judge-relevance has run. */
  assumeRelevantShare: z.number().min(0).max(1).default(0.3),
});

interface Pair {
  statement: JudgedStatement;
  dimension: Dimension;
}

interface PairVotes {
  pair: Pair;
  votes: PanelVote[];
  answers: LlmAnswer<unknown>[];
  promptVersion: string;
}

async function faithfulVotes({ members, panel }: JudgeSetup, pairs: Pair[]): Promise<PairVotes[]> {
  const requests = questionRequests('polarity', pairs, members);
  const groups = groupByItem((await panel.ask(requests)).answers);
  return pairs.map((pair) => {
    const answers = groups.get(`${pair.statement.statement_id}:${pair.dimension}`) ?? [];
    return {
      pair,
      answers,
      votes: panelVotes(answers, (v: PolarityAnswer) => v.score),
      promptVersion: requests[0].task.promptVersion,
    };
  });
}

/** Economy answers were paid for by judge-relevance; asking again is served from the cache. */
async function economyVotes({ members, panel }: JudgeSetup, pairs: Pair[]): Promise<PairVotes[]> {
  const statements = [...new Map(pairs.map((p) => [p.statement.statement_id, p.statement])).values()];
  const requests = economyRequests(statements, members);
  const groups = groupByItem((await panel.ask(requests)).answers);
  return pairs.map((pair) => {
    const answers = groups.get(pair.statement.statement_id) ?? [];
    return {
      pair,
      answers,
      votes: panelVotes(answers, (v: EconomyAnswer) => v[pair.dimension].score),
      promptVersion: requests[0].task.promptVersion,
    };
  });
}

function relevantPairs(records: RelevanceRecord[], statements: Map<string, JudgedStatement>): Pair[] {
  return records
    .filter((r) => r.relevant)
    .map((r) => {
      const statement = statements.get(r.statement_id);
      if (!statement)
        throw new UserError(`statement ${r.statement_id} is not in ${TRANSLATED_FILE}; rerun judge-relevance`, {
          file: RELEVANCE_FILE,
        });
      return { statement, dimension: r.dimension };
    });
}

/** The answers must come from the questions judge-relevance asked; a mismatch would mix methods. */
function checkMode(records: RelevanceRecord[], mode: JudgeMode): void {
  const other = records.find((r) => r.mode !== mode);
  if (other) {
    throw new UserError(
      `judge-polarity runs in ${mode} mode but relevance was judged in ${other.mode} mode; set stages.judge-relevance.mode (judge-polarity follows it)`,
      {
        file: RELEVANCE_FILE,
        field: 'mode',
      },
    );
  }
}

export const judgePolarity = defineStage({
  name: 'judge-polarity',
  description:
    'Asks the panel where agreeing with each relevant statement falls (-2..+2, no 0); median of member votes',
  version: 1,
  inputs: [TRANSLATED_FILE, RELEVANCE_FILE],
  outputs: [POLARITY_FILE],
  params: ParamsSchema,
  cosmeticParams: ['assumeStatements', 'assumeRelevantShare'],
  prompts: (config) => judgePromptFiles('polarity', config),
  members: (config) => resolvePanel(config),
  tables: () => ({ hofstede: hofstedeVersion() }),
  paramsFromConfig: (config) => {
    const relevance = config.stages['judge-relevance'] ?? {};
    return Object.fromEntries(
      ['mode', 'assumeStatements', 'assumeRelevantShare']
        .filter((k) => relevance[k] !== undefined)
        .map((k) => [k, relevance[k]]),
    );
  },

  async plan(ctx) {
    if (ctx.params.mode === 'economy') {
      return {
        rows: [],
        notes: ['mode economy: polarity comes from the answers judge-relevance asks for (served from the cache)'],
      };
    }
    const relevanceFile = ctx.ws.path(RELEVANCE_FILE);
    return withJudge(ctx, 'judge-polarity', async ({ members, panel }) => {
      if (ctx.params.assumeStatements === undefined && existsSync(relevanceFile)) {
        const statements = new Map(
          (await readTranslated(ctx.ws.path(TRANSLATED_FILE))).map((s) => [s.statement_id, s]),
        );
        const requests = questionRequests(
          'polarity',
          relevantPairs(await readJsonlAll(relevanceFile, RelevanceRecordSchema), statements),
          members,
        );
        return { ...(await panel.plan(requests)), notes: [`mode faithful; relevant pairs from ${RELEVANCE_FILE}`] };
      }
      const estimate = await planFor(
        ctx,
        panel,
        (s) => questionRequests('polarity', allPairs(s), members),
        ctx.params.assumeRelevantShare,
      );
      return {
        rows: estimate.plan.rows,
        notes: [
          `mode faithful; ${estimate.basis}, assuming ${Math.round(ctx.params.assumeRelevantShare * 100)}% of pairs relevant`,
          comparisonNote('faithful polarity', estimate),
        ],
      };
    });
  },

  async run(ctx) {
    const records = await readJsonlAll(ctx.input(RELEVANCE_FILE), RelevanceRecordSchema);
    checkMode(records, ctx.params.mode);
    const statements = new Map((await readTranslated(ctx.input(TRANSLATED_FILE))).map((s) => [s.statement_id, s]));
    const pairs = relevantPairs(records, statements);
    const prompts = judgePromptStates('polarity', ctx.params.mode, resolvePanel(ctx.config));
    const { judged, retries } =
      pairs.length === 0
        ? { judged: [], retries: 0 }
        : await withJudge(ctx, 'judge-polarity', async (judge) => ({
            judged: await (ctx.params.mode === 'faithful' ? faithfulVotes(judge, pairs) : economyVotes(judge, pairs)),
            // Invalid answers (a 0, malformed JSON) re-asked by the panel, plus retried HTTP calls.
            retries: judge.panel.stats().retries,
          }));
    const out: PolarityRecord[] = judged.map((j) => ({
      statement_id: j.pair.statement.statement_id,
      dimension: j.pair.dimension,
      mode: ctx.params.mode,
      ...polarityOutcome(j.votes),
      votes: j.votes,
      failed_samples: failedRuns(j.votes),
      prompt_version: j.promptVersion,
      prompt_review: prompts.review,
      simulated: prompts.simulated || anySimulated(j.answers),
    }));
    await writeJsonl(ctx.output(POLARITY_FILE), out);
    return {
      counts: {
        pairs: out.length,
        contested: out.filter((r) => r.contested).length,
        failed_samples: out.reduce((n, r) => n + r.failed_samples, 0),
        retries,
      },
      summary: {
        mode: ctx.params.mode,
        pairsPerDimension: Object.fromEntries(DIMENSIONS.map((d) => [d, out.filter((r) => r.dimension === d).length])),
      },
      provenance: { promptReview: prompts.review },
    };
  },
});
