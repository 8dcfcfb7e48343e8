import { z } from 'zod';
import { writeJsonl } from '../io/jsonl.ts';
import { defineStage } from './contract.ts';
import { readCultureAtlas } from '../pact/cultureatlas.ts';
import { writeSourceScenarios } from '../pact/ingest.ts';
import { optionalSource } from './shared/pact-sources.ts';

const OUTPUT = 'data/interim/cultureatlas.jsonl';

export const ingestCultureAtlas = defineStage({
  name: 'ingest-cultureatlas',
  description:
    'Read CultureAtlas (positional benchmark CSV or a named-column table, through one column mapping) and normalise countries',
  version: 1,
  inputs: ['config?:sources.cultureatlas', 'config?:sources.countryAliases'],
  outputs: [OUTPUT],
  params: z.strictObject({ columns: z.record(z.string(), z.string()).default({}) }),
  paramsFromConfig: (config) => ({ columns: config.sources.cultureatlas?.columns ?? {} }),
  async run(ctx) {
    const file = optionalSource(ctx, 'cultureatlas');
    const target = ctx.output(OUTPUT);
    if (!file) {
      ctx.log.warn('sources.cultureatlas is not set in the config: no CultureAtlas scenarios');
      await writeJsonl(target, []);
      return { counts: { records: 0, countries: 0 } };
    }
    const { rows, mapping } = await readCultureAtlas(file, ctx.params.columns);
    const counts = await writeSourceScenarios({
      source: 'cultureatlas',
      file,
      rows,
      aliasesFile: optionalSource(ctx, 'countryAliases'),
      target,
    });
    ctx.log.info(`ingested ${counts.records} CultureAtlas rows from ${counts.countries} countries`);
    return { counts, summary: { file, mapping } };
  },
});
