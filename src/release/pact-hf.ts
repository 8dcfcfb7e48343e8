import { PactHfRowSchema, toPactHfRow, type PactHfRow } from '../pact/pact-hf.ts';
import type { CardInput } from './card.ts';
import { fieldsTable, usageSection } from './fields-table.ts';
import { pactBuildSection } from './pact-build.ts';
import { pactClosingSections, pactHeader } from './pact.ts';
import { compareBy, type CardContext, type ReleaseSpec } from './spec.ts';
import { byField, distinctCount, renderTable, type Row } from './statistics.ts';
import { PACT_FINAL, readAllPactInstances } from '../datasets/pact-instances.ts';

const TABLES = [
  byField('Rows per source', 'dataset'),
  byField('Rows per base country', 'base_country'),
  byField('Rows per scenario type', 'scenario_type'),
];

/** PACT in the publishers' 11-column layout, so code written for their release runs unchanged. */
async function card(ctx: CardContext): Promise<CardInput> {
  return {
    title: 'PACT (normforge rebuild, published 11-column layout)',
    simulated: ctx.simulated,
    header: await pactHeader(ctx.rows, 'dataset'),
    sections: [
      {
        heading: 'Summary',
        body: `${ctx.rows.length} rows from ${distinctCount(ctx.rows, 'pact_item_id')} items over ${distinctCount(ctx.rows, 'base_country')} countries, in the column layout of the authors' release (\`MichiganNLP/pact-culture-personalization\`). Rebuilt with normforge following Borah, Augenstein & Mihalcea; \`normforge export pact\` gives the full records (preference types, demographics, configurations, validation).`,
      },
      { heading: 'How it was built', body: await pactBuildSection(ctx) },
      { heading: 'Data fields', body: fieldsTable(PactHfRowSchema) },
      usageSection(PactHfRowSchema, 'pact'),
      { heading: 'Statistics', body: TABLES.map((t) => renderTable(ctx.rows, t)).join('\n\n') },
      ...pactClosingSections(ctx),
    ],
  };
}

export const pactHfSpec: ReleaseSpec = {
  dataset: 'pact',
  format: 'pact-hf',
  source: PACT_FINAL,
  rowSchema: PactHfRowSchema,
  async loadRows(ws) {
    const instances = await readAllPactInstances(ws.path(PACT_FINAL));
    const rows = instances.map(toPactHfRow).sort(
      compareBy<PactHfRow>(
        (r) => r.pact_item_id,
        (r) => r.actor_country,
      ),
    );
    return { rows: rows as unknown as Row[], simulated: instances.some((i) => i.simulated) };
  },
  card,
};
