import { z } from 'zod';
import { writeJsonl } from '../io/jsonl.ts';
import { defineStage } from './contract.ts';
import { writeSourceScenarios } from '../pact/ingest.ts';
import { optionalSource } from './shared/pact-sources.ts';
import { readNormad } from '../pact/normad.ts';

const OUTPUT = 'data/interim/normad.jsonl';

export const ingestNormad = defineStage({
  name: 'ingest-normad',
  description:
    'Read NormAd-ETI (normad_etiquette_final_data.csv, or its Parquet/JSONL form) and normalise countries to ISO 3166-1',
  version: 1,
  inputs: ['config?:sources.normad', 'config?:sources.countryAliases'],
  outputs: [OUTPUT],
  params: z.strictObject({}),
  async run(ctx) {
    const file = optionalSource(ctx, 'normad');
    const target = ctx.output(OUTPUT);
    if (!file) {
      ctx.log.warn('sources.normad is not set in the config: no NormAd-ETI scenarios');
      await writeJsonl(target, []);
      return { counts: { records: 0, countries: 0 } };
    }
    const rows = await readNormad(file);
    const counts = await writeSourceScenarios({
      source: 'normad',
      file,
      rows,
      aliasesFile: optionalSource(ctx, 'countryAliases'),
      target,
    });
    ctx.log.info(`ingested ${counts.records} NormAd-ETI scenarios from ${counts.countries} countries`);
    return { counts, summary: { file } };
  },
});
