import { z } from 'zod';
import { UserError } from '../errors.ts';
import { defineStage } from './contract.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { writeParquet } from '../io/parquet.ts';
import {
  StatementLabelSchema,
  TranslatedStatementSchema,
  type StatementLabel,
  type TranslatedStatement,
} from '../schemas/records.ts';
import { POLARITY_FILE, RELEVANCE_FILE, TRANSLATED_FILE } from './shared/statements-judging.ts';
import {
  PolarityRecordSchema,
  RelevanceRecordSchema,
  type PolarityRecord,
  type RelevanceRecord,
} from '../statements/records.ts';
import { statementsSummary } from '../statements/summary.ts';
import { DATASETS } from '../datasets/registry.ts';

const { jsonl: FINAL_JSONL, parquet: FINAL_PARQUET, summary: SUMMARY } = DATASETS['sociocultural-statements'].final;

function promptVersion(r: RelevanceRecord, p: PolarityRecord): string {
  return r.prompt_version === p.prompt_version
    ? r.prompt_version
    : `relevance:${r.prompt_version};polarity:${p.prompt_version}`;
}

function label(statement: TranslatedStatement, r: RelevanceRecord, p: PolarityRecord): StatementLabel {
  const votes = [
    ...r.votes.map((v) => ({ step: 'relevance' as const, ...v })),
    ...p.votes.map((v) => ({ step: 'polarity' as const, ...v })),
  ];
  return {
    statement_id: statement.statement_id,
    discussion_id: statement.discussion_id,
    url: statement.url,
    statement: statement.thesis,
    dimension: r.dimension,
    relevant_votes: r.relevant_votes,
    relevant_total: r.relevant_total,
    relevant: r.relevant,
    polarity_votes: p.polarity_votes,
    score: p.score,
    contested: p.contested,
    votes,
    prompt_version: promptVersion(r, p),
    models: [...new Set(votes.map((v) => v.model))],
    simulated: statement.simulated || r.simulated || p.simulated,
  };
}

function buildLabels(
  statements: TranslatedStatement[],
  relevance: RelevanceRecord[],
  polarity: PolarityRecord[],
): StatementLabel[] {
  const byId = new Map(statements.map((s) => [s.statement_id, s]));
  const polarityByPair = new Map(polarity.map((p) => [`${p.statement_id}:${p.dimension}`, p]));
  return relevance
    .filter((r) => r.relevant)
    .map((r) => {
      const statement = byId.get(r.statement_id);
      if (!statement)
        throw new UserError(`statement ${r.statement_id} is not in ${TRANSLATED_FILE}; rerun judge-relevance`, {
          file: RELEVANCE_FILE,
        });
      const p = polarityByPair.get(`${r.statement_id}:${r.dimension}`);
      if (!p)
        throw new UserError(
          `relevant pair ${r.statement_id}:${r.dimension} has no polarity record; rerun judge-polarity`,
          { file: POLARITY_FILE },
        );
      return label(statement, r, p);
    });
}

export const assembleStatements = defineStage({
  name: 'assemble-statements',
  description:
    'Joins statements, relevance and polarity into the Sociocultural Statements dataset (JSONL, Parquet, summary)',
  version: 1,
  inputs: [TRANSLATED_FILE, RELEVANCE_FILE, POLARITY_FILE],
  outputs: [FINAL_JSONL, FINAL_PARQUET, SUMMARY],
  params: z.strictObject({}),

  async run(ctx) {
    const statements = await readJsonlAll(ctx.input(TRANSLATED_FILE), TranslatedStatementSchema);
    const relevance = await readJsonlAll(ctx.input(RELEVANCE_FILE), RelevanceRecordSchema);
    const polarity = await readJsonlAll(ctx.input(POLARITY_FILE), PolarityRecordSchema);
    const labels = buildLabels(statements, relevance, polarity);
    await writeJsonl(ctx.output(FINAL_JSONL), labels);
    await writeParquet(ctx.output(FINAL_PARQUET), StatementLabelSchema, labels);
    const summary = statementsSummary(labels, statements.length, relevance[0]?.mode ?? 'faithful');
    writeFileAtomic(ctx.output(SUMMARY), `${JSON.stringify(summary, null, 2)}\n`);
    return {
      counts: {
        labels: labels.length,
        statements: summary.statements_labelled,
        contested: labels.filter((l) => l.contested).length,
      },
      summary: {
        perDimension: Object.fromEntries(Object.entries(summary.per_dimension).map(([d, v]) => [d, v.statements])),
        simulated: summary.simulated,
      },
    };
  },
});
