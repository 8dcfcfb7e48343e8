import { UserError } from '../errors.ts';
import { DATASETS, type DatasetId, type ReleaseFormat } from '../datasets/registry.ts';
import { pactSpec } from './pact.ts';
import { pactHfSpec } from './pact-hf.ts';
import type { ReleaseSpec } from './spec.ts';
import { statementsSpec } from './statements.ts';

type Datasets = typeof DATASETS;

/** The builder of every release format the dataset registry declares: a format without one does not compile. */
const BUILDERS: { [D in DatasetId]: Record<Datasets[D]['releaseFormats'][number], ReleaseSpec> } = {
  'sociocultural-statements': { normforge: statementsSpec },
  pact: { normforge: pactSpec, 'pact-hf': pactHfSpec },
};

export function releaseSpec(dataset: DatasetId, format: ReleaseFormat): ReleaseSpec {
  const formats: readonly ReleaseFormat[] = DATASETS[dataset].releaseFormats;
  const builders: Partial<Record<ReleaseFormat, ReleaseSpec>> = BUILDERS[dataset];
  const spec = formats.includes(format) ? builders[format] : undefined;
  if (!spec) throw new UserError(`format "${format}" is not available for ${dataset}; formats: ${formats.join(', ')}`);
  return spec;
}
