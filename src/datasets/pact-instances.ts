import { readJsonl } from '../io/jsonl.ts';
import { PactInstanceSchema, type PactInstance } from '../schemas/records.ts';
import { DATASETS } from './registry.ts';

/** The final PACT file (`data/final/pact.jsonl`): one record per dyad instance. */
export const PACT_FINAL = DATASETS.pact.final.jsonl;

/** Streams PACT instances from `file` (the final file, or a file in its shape), each validated. */
export function readPactInstances(file: string): AsyncGenerator<PactInstance> {
  return readJsonl(file, PactInstanceSchema);
}
