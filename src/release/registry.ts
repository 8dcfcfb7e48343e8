import { UserError } from '../errors.ts';
import { pactSpec } from './pact.ts';
import { pactHfSpec } from './pact-hf.ts';
import type { DatasetId, ReleaseFormat, ReleaseSpec } from './spec.ts';
import { statementsSpec } from './statements.ts';

const SPECS: ReleaseSpec[] = [statementsSpec, pactSpec, pactHfSpec];

export function releaseSpec(dataset: DatasetId, format: ReleaseFormat): ReleaseSpec {
  const spec = SPECS.find((s) => s.dataset === dataset && s.format === format);
  if (!spec)
    throw new UserError(
      `format "${format}" is not available for ${dataset}; formats: ${SPECS.filter((s) => s.dataset === dataset)
        .map((s) => s.format)
        .join(', ')}`,
    );
  return spec;
}
