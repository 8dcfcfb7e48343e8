import { countJsonl, readJsonl } from '../io/jsonl.ts';
import { defineStage } from './contract.ts';
import { PactItemSchema } from '../schemas/records.ts';
import { ExpandDyadsParams, expandToFiles } from '../pact/expand.ts';
import { createRelationPicker, describeRelationRule, readRelationTable } from '../pact/relations.ts';
import { createCountryResolver, readCountryAliases } from '../pact/countries.ts';
import { optionalSource } from './shared/pact-sources.ts';
import { DATASETS } from '../datasets/registry.ts';

const FINAL = DATASETS.pact.final;

export const expandDyads = defineStage({
  name: 'expand-dyads',
  description:
    'Expand each validated item into 48 actor/receiver dyads (relation × ages × genders), ' +
    'written in instance_id order to data/final/pact.{jsonl,parquet}',
  // 2: instances are written in instance_id order (the releases' order), no longer item by item
  version: 2,
  inputs: ['data/interim/pact-items.jsonl', 'config?:sources.countryRelations', 'config?:sources.countryAliases'],
  outputs: [FINAL.jsonl, FINAL.parquet],
  params: ExpandDyadsParams,
  async run(ctx) {
    const itemsFile = ctx.input('data/interim/pact-items.jsonl');
    const relationsFile = optionalSource(ctx, 'countryRelations');
    const aliasesFile = optionalSource(ctx, 'countryAliases');
    const resolver = createCountryResolver(aliasesFile ? await readCountryAliases(aliasesFile) : undefined);
    const picker = createRelationPicker(relationsFile ? await readRelationTable(relationsFile, resolver) : undefined);
    const progress = ctx.progress('items', await countJsonl(itemsFile));
    const counts = await expandToFiles(
      readJsonl(itemsFile, PactItemSchema),
      { jsonl: ctx.output(FINAL.jsonl), parquet: ctx.output(FINAL.parquet) },
      { ...ctx.params, picker, signal: ctx.signal, onItem: () => progress.tick() },
    );
    progress.stop();
    ctx.log.info(`expanded ${counts.items} items into ${counts.instances} instances (relation rule: ${picker.rule})`);
    return {
      counts: { ...counts },
      summary: {
        relationRule: picker.rule,
        relationRuleText: describeRelationRule(),
        seed: ctx.params.seed,
        configurations: ctx.params.configurations,
      },
    };
  },
});
