import { PactHfRowSchema, toPactHfRow, type PactHfRow } from '../pact/pact-hf.ts';
import { pactInstanceKey } from '../schemas/final-order.ts';
import { PactInstanceSchema } from '../schemas/records.ts';
import type { CardInput } from './card.ts';
import { fieldsTable, usageSection } from './fields-table.ts';
import { pactBuildSection } from './pact-build.ts';
import { PactRowFacts, pactClosingSections } from './pact.ts';
import { finalRecords, type CardContext, type ReleaseSpec } from './spec.ts';
import { byField } from './statistics.ts';

const TABLES = [
  byField('Rows per source', 'dataset'),
  byField('Rows per base country', 'base_country'),
  byField('Rows per scenario type', 'scenario_type'),
];

/** PACT in the publishers' 11-column layout, so code written for their release runs unchanged. */
async function card(ctx: CardContext, facts: PactRowFacts): Promise<CardInput> {
  const { tally } = facts;
  return {
    title: 'PACT (normforge rebuild, published 11-column layout)',
    simulated: ctx.simulated,
    header: facts.header(),
    sections: [
      {
        heading: 'Summary',
        body: `${tally.count} rows from ${tally.distinctCount('pact_item_id')} items over ${tally.distinctCount('base_country')} countries, in the column layout of the authors' release (\`MichiganNLP/pact-culture-personalization\`). Rebuilt with normforge following Borah, Augenstein & Mihalcea; \`normforge export pact\` gives the full records (preference types, demographics, configurations, validation).`,
      },
      { heading: 'How it was built', body: await pactBuildSection(ctx) },
      { heading: 'Data fields', body: fieldsTable(PactHfRowSchema) },
      usageSection(PactHfRowSchema, 'pact'),
      { heading: 'Statistics', body: tally.render() },
      ...pactClosingSections(ctx),
    ],
  };
}

/**
 * Rows ordered by (pact_item_id, actor_country), from rows in instance_id order: a pact_item_id is
 * the first 12 characters of an instance_id, so rows sharing one arrive together and only that
 * run is sorted (stably, so ties keep instance_id order).
 */
async function* byItemThenActorCountry(rows: AsyncIterable<PactHfRow>): AsyncGenerator<PactHfRow> {
  let run: PactHfRow[] = [];
  const flush = () =>
    run.sort((a, b) => (a.actor_country < b.actor_country ? -1 : a.actor_country > b.actor_country ? 1 : 0));
  for await (const row of rows) {
    if (run.length && run[0].pact_item_id !== row.pact_item_id) {
      yield* flush();
      run = [];
    }
    run.push(row);
  }
  yield* flush();
}

export const pactHfSpec: ReleaseSpec = {
  dataset: 'pact',
  format: 'pact-hf',
  finalSchema: PactInstanceSchema,
  rowSchema: PactHfRowSchema,
  copiesFinal: false,
  hasIdsOnly: false,
  start({ file }) {
    const facts = new PactRowFacts('dataset', TABLES, ['pact_item_id', 'base_country']);
    let simulated = false;
    async function* converted(records: AsyncIterable<Record<string, unknown>>): AsyncGenerator<PactHfRow> {
      for await (const instance of finalRecords(records, PactInstanceSchema, pactInstanceKey, file)) {
        simulated ||= instance.simulated;
        yield toPactHfRow(instance);
      }
    }
    return {
      async *rows(records) {
        for await (const row of byItemThenActorCountry(converted(records))) {
          await facts.add(row);
          yield row;
        }
      },
      simulated: () => simulated,
      card: (ctx) => card(ctx, facts),
    };
  },
};
