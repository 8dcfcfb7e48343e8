import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { ParquetRecordWriter, PARQUET_SIMULATED_KEY, columnsFromSchema } from '../../src/io/parquet.ts';
import { DATASETS, type DatasetId, type FinalFiles } from '../../src/datasets/registry.ts';
import { ConfigSchema } from '../../src/schemas/config.ts';
import { compareKeys, pactInstanceKey, statementLabelKey } from '../../src/schemas/final-order.ts';
import { createLogger } from '../../src/log/logger.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import type { PactInstance, StatementLabel } from '../../src/schemas/records.ts';
import { PactInstanceSchema, StatementLabelSchema } from '../../src/schemas/records.ts';
import { builtInFramework } from '../../src/statements/framework.ts';
import type { AgreementRow, PactQcStats, StatementsQcStats } from '../../src/qc/stats-schemas.ts';

export interface TestWorkspace {
  ws: Workspace;
  logs: string[];
}

export function makeWorkspace(config: Record<string, unknown> = {}): TestWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'nf-release-'));
  const logs: string[] = [];
  const ws = new Workspace(
    root,
    ConfigSchema.parse(config),
    undefined,
    createLogger({ sink: (l) => logs.push(l), level: 'debug' }),
  );
  return { ws, logs };
}

export function writeLines(file: string, records: unknown[]): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

/**
 * A dataset's final files as its last stage writes them: the JSONL and the Parquet file, both in
 * the stage's order (which the fixtures' shuffled records are not), the simulated flag in the
 * Parquet metadata. `normforge export` reads the Parquet file and names the JSONL.
 */
export function writeFinal(ws: Workspace, dataset: DatasetId, records: readonly unknown[]): void {
  if (dataset === 'pact')
    writeFinalFiles<PactInstance>(
      ws,
      DATASETS.pact.final,
      PactInstanceSchema,
      (r) => PactInstanceSchema.parse(r),
      pactInstanceKey,
      records,
    );
  else
    writeFinalFiles<StatementLabel>(
      ws,
      DATASETS['sociocultural-statements'].final,
      StatementLabelSchema,
      (r) => StatementLabelSchema.parse(r),
      statementLabelKey,
      records,
    );
}

function writeFinalFiles<T extends { simulated: boolean }>(
  ws: Workspace,
  final: FinalFiles,
  schema: z.ZodObject,
  parse: (raw: unknown) => T,
  key: (record: T) => string[],
  records: readonly unknown[],
): void {
  const sorted = records
    .map((raw) => ({ raw, record: parse(raw) }))
    .sort((a, b) => compareKeys(key(a.record), key(b.record)));
  writeLines(
    ws.path(final.jsonl),
    sorted.map((r) => r.raw),
  );
  const parquet = new ParquetRecordWriter(ws.path(final.parquet), columnsFromSchema(schema));
  for (const { record } of sorted) parquet.write(record);
  parquet.commit({ [PARQUET_SIMULATED_KEY]: String(sorted.some((r) => r.record.simulated)) });
}

const DIMS = builtInFramework().codes;

/** Labels over `discussions` discussions, in shuffled order (`writeFinal` orders them as the stage does). */
export function statementLabels(opts: {
  simulated: boolean;
  discussions?: Array<{ id: number; url: string; theses: string[] }>;
}): StatementLabel[] {
  const discussions = opts.discussions ?? [
    {
      id: 101,
      url: 'https://www.kialo.com/a-101',
      theses: ['Elders should always have the final say in family decisions.'],
    },
    {
      id: 202,
      url: 'https://www.kialo.com/b-202',
      theses: ['Children should pursue their own dreams.', 'Tradition matters more than "innovation" | always.'],
    },
  ];
  const out: StatementLabel[] = [];
  discussions.forEach((d, di) =>
    d.theses.forEach((text, ti) => {
      for (let k = 0; k < 3; k++) {
        const dimension = DIMS[(di * 2 + ti + k) % DIMS.length];
        const polarity = [2, -1, k === 1 ? -2 : 1, 1];
        const contested = polarity.filter((v) => v > 0).length === polarity.filter((v) => v < 0).length;
        out.push({
          statement_id: d.theses.length > 1 ? `${d.id}#${ti + 1}` : String(d.id),
          discussion_id: d.id,
          url: d.url,
          statement: text,
          dimension,
          relevant_votes: 4 + k,
          relevant_total: 8,
          relevant: true,
          polarity_votes: polarity,
          score: k === 2 ? null : k === 1 ? -0.5 : 1,
          contested,
          votes: [
            { step: 'relevance', model: 'gpt-x', language: 'en', answers: [true, true, false], vote: true },
            { step: 'polarity', model: 'qwen-y', language: 'zh', answers: [2, 2, null], vote: 2 },
          ],
          prompt_version: 'abc123def456',
          models: ['gpt-x', 'qwen-y'],
          simulated: opts.simulated,
        });
      }
    }),
  );
  return out.reverse();
}

export function pactInstances(opts: { simulated: boolean }): PactInstance[] {
  const rows: PactInstance[] = [];
  const items = [
    { id: 'n1', source: 'normad' as const, country: 'JP', pref: 'convenience' as const },
    { id: 'c1', source: 'cultureatlas' as const, country: 'IN', pref: 'habit' as const },
    { id: 'c2', source: 'cultureatlas' as const, country: 'IN', pref: 'value-style' as const },
  ];
  for (const item of items) {
    for (const relation of ['same', 'far'] as const) {
      rows.push({
        scenario_id: item.id,
        source: item.source,
        source_id: String(items.indexOf(item) + 7),
        country: item.country,
        scenario: `A guest visits a host in ${item.country}.`,
        cultural_expectation: 'Remove shoes.',
        personal_preference: 'Keep shoes on.',
        preference_type: item.pref,
        follow_culture_option: 'Remove the shoes.',
        allow_preference_option: 'Keep the shoes on.',
        validation:
          item.id === 'c2'
            ? null
            : { plausibility: true, clarity: true, scenario_clarity: item.id === 'n1', reasons: [] },
        simulated: opts.simulated,
        instance_id: `${item.id}-${relation}`,
        actor_country: relation === 'same' ? item.country : 'US',
        receiver_country: item.country,
        relation,
        actor_age: 'younger',
        actor_gender: 'female',
        receiver_age: 'older',
        receiver_gender: 'male',
        configuration: relation === 'same' ? 'C1' : null,
        configuration_texts: relation === 'same' ? null : { C1: 'x', C2: 'y', C3: 'z' },
        option_a: 'Remove the shoes.',
        option_b: 'Keep the shoes on.',
        culture_option: 'A',
      });
    }
  }
  return rows.reverse();
}

const agreement = (ac1: number): AgreementRow => ({
  items_rated_twice: 8,
  observed: 0.9,
  pabak: 0.8,
  gwet_ac1: ac1,
  ci95: { observed: [0.8, 1], pabak: [0.6, 1], gwet_ac1: [ac1 - 0.1, 1] },
});

/** A `qc stats` result of a PACT round, as `stats.json` holds it. */
export function pactQcStats(opts: { simulatedAnnotators?: string[]; ac1?: number } = {}): PactQcStats {
  const annotators = opts.simulatedAnnotators ?? [];
  return {
    dataset: 'pact',
    round: 'round-1',
    simulated_ratings: annotators.length > 0,
    simulated_annotators: annotators,
    coverage: { annotators: 4, items: 40, expected_ratings: 64, imported_ratings: 64, missing_ratings: 0 },
    criteria: ['plausible', 'clear', 'scenario_clear'].map((criterion) => ({
      criterion,
      ratings: 64,
      pass_rate: 0.96,
      llm_pass_rate: 0.9,
      agreement: agreement(opts.ac1 ?? 0.9),
    })),
    overall: agreement(opts.ac1 ?? 0.9),
    confusion: [],
  };
}

/** A `qc stats` result of a statements round. */
export function statementsQcStats(): StatementsQcStats {
  const row = {
    items_rated_twice: 10,
    observed: 0.95,
    pabak: 0.9,
    gwet_ac1: 0.93,
    ci95: { observed: null, pabak: null, gwet_ac1: null },
  };
  return {
    dataset: 'sociocultural-statements',
    round: 'r1',
    simulated_ratings: false,
    simulated_annotators: [],
    coverage: { annotators: 4, items: 81, expected_ratings: 120, imported_ratings: 120, missing_ratings: 0 },
    statements: 56,
    relevance_precision: 0.9465,
    relevance_agreement: row,
    score_alpha_ordinal: 0.71,
    pairwise_mae: 0.5,
    human_vs_llm_mae: 0.6,
    dimensions: [
      {
        dimension: 'PDI',
        pairs: 81,
        human_ratings: 120,
        relevance_precision: 0.9465,
        pairwise_mae: 0.5,
        human_vs_llm_mae: 0.6,
      },
    ],
    confusion: [],
  };
}
