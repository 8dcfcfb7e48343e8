import { existsSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { defineStage } from './contract.ts';
import { resolvePanel } from '../llm/default-panel.ts';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { withFrameworkDimensions } from '../schemas/framework.ts';
import { frameworkOf, frameworkTable, recordedFramework, type LoadedFramework } from '../statements/framework.ts';
import { anySimulated, failedRuns, polarityOutcome } from '../statements/aggregate.ts';
import {
  comparisonNote,
  judgePromptFiles,
  judgePromptStates,
  planFor,
  withJudge,
  POLARITY_FILE,
  readTranslated,
  RELEVANCE_FILE,
  TRANSLATED_FILE,
} from './shared/statements-judging.ts';
import {
  JudgeModeSchema,
  RelevanceRecordSchema,
  type JudgeMode,
  type PolarityRecord,
  type RelevanceRecord,
} from '../statements/judgment-records.ts';
import { allPairs, questionRequests, type JudgedStatement } from '../statements/requests.ts';
import { JUDGE_STRATEGIES, type JudgedPair } from '../statements/strategy.ts';

const ParamsSchema = z.strictObject({
  /** Taken from stages.judge-relevance.mode so one setting drives both stages. */
  mode: JudgeModeSchema.default('faithful'),
  assumeStatements: z.number().int().min(0).optional(),
  /** Share of pairs expected relevant when planning before judge-relevance has run. */
  assumeRelevantShare: z.number().min(0).max(1).default(0.3),
});

function relevantPairs(records: RelevanceRecord[], statements: Map<string, JudgedStatement>): JudgedPair[] {
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

/** Relevance records, each dimension a code of the framework in force. */
function readRelevance(file: string, framework: LoadedFramework): Promise<RelevanceRecord[]> {
  return readJsonlAll(file, withFrameworkDimensions(RelevanceRecordSchema, framework));
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
  tables: (config) => frameworkTable(frameworkOf(config)),
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
        notes: ['mode economy: polarity is read from the answers judge-relevance asks for (cached, not asked again)'],
      };
    }
    const relevanceFile = ctx.ws.path(RELEVANCE_FILE);
    return withJudge(ctx, 'judge-polarity', async ({ members, panel, framework }) => {
      if (ctx.params.assumeStatements === undefined && existsSync(relevanceFile)) {
        const statements = new Map(
          (await readTranslated(ctx.ws.path(TRANSLATED_FILE))).map((s) => [s.statement_id, s]),
        );
        const requests = questionRequests(
          'polarity',
          relevantPairs(await readRelevance(relevanceFile, framework), statements),
          members,
          framework,
        );
        return { ...(await panel.plan(requests)), notes: [`mode faithful; relevant pairs from ${RELEVANCE_FILE}`] };
      }
      const estimate = await planFor(
        ctx,
        panel,
        (s) => questionRequests('polarity', allPairs(s, framework), members, framework),
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
    const framework = frameworkOf(ctx.config);
    const records = await readRelevance(ctx.input(RELEVANCE_FILE), framework);
    checkMode(records, ctx.params.mode);
    const statements = new Map((await readTranslated(ctx.input(TRANSLATED_FILE))).map((s) => [s.statement_id, s]));
    const pairs = relevantPairs(records, statements);
    const prompts = judgePromptStates('polarity', ctx.params.mode, resolvePanel(ctx.config), framework);
    const { judged, retries } =
      pairs.length === 0
        ? { judged: { pairs: [], promptVersion: '' }, retries: 0 }
        : await withJudge(ctx, 'judge-polarity', async (judge) => ({
            judged: await JUDGE_STRATEGIES[ctx.params.mode].polarity(judge, pairs),
            // Invalid answers (a 0, malformed JSON) re-asked by the panel, plus retried HTTP calls.
            retries: judge.panel.stats().retries,
          }));
    const out: PolarityRecord[] = judged.pairs.map((p) => ({
      statement_id: p.statement.statement_id,
      dimension: p.dimension,
      mode: ctx.params.mode,
      ...polarityOutcome(p.votes),
      votes: p.votes,
      failed_samples: failedRuns(p.votes),
      prompt_version: judged.promptVersion,
      prompt_review: prompts.review,
      simulated: prompts.simulated || anySimulated(p.answers),
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
        pairsPerDimension: Object.fromEntries(
          framework.codes.map((d) => [d, out.filter((r) => r.dimension === d).length]),
        ),
      },
      provenance: { framework: recordedFramework(framework), promptReview: prompts.review },
    };
  },
});
