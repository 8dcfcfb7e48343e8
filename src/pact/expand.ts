import { z } from 'zod';
import { InterruptedError } from '../errors.ts';
import { AtomicWriter } from '../io/atomic.ts';
import { ParquetRecordWriter, columnsFromSchema } from '../io/parquet.ts';
import { PactInstanceSchema, type PactItem } from '../schemas/records.ts';
import { expandItem, type ExpandOptions } from './dyads.ts';

/** The expand-dyads stage's params (the release card reads the seed a run used). */
export const ExpandDyadsParams = z.strictObject({
  seed: z.number().int().default(13),
  /** One instance per configuration C1–C3 (x3); otherwise each record carries the three wordings. */
  configurations: z.boolean().default(false),
});

/** Row groups small enough that the Parquet writer's buffer stays far below the memory target. */
const ROW_GROUP_SIZE = 10_000;

export interface ExpandCounts {
  items: number;
  instances: number;
  same: number;
  close: number;
  far: number;
}

/**
 * Streams items into instances, writing JSONL and Parquet as it goes: only one item's instances
 * and one Parquet row group are in memory, so the full 318,720 never are. Both files appear only
 * when everything succeeded.
 */
export async function expandToFiles(
  items: AsyncIterable<PactItem>,
  targets: { jsonl: string; parquet: string },
  opts: ExpandOptions & { signal?: AbortSignal; onItem?: () => void },
): Promise<ExpandCounts> {
  const jsonl = new AtomicWriter(targets.jsonl);
  const parquet = new ParquetRecordWriter(targets.parquet, columnsFromSchema(PactInstanceSchema), ROW_GROUP_SIZE);
  const counts: ExpandCounts = { items: 0, instances: 0, same: 0, close: 0, far: 0 };
  try {
    for await (const item of items) {
      if (opts.signal?.aborted) throw new InterruptedError();
      const instances = expandItem(item, opts);
      await jsonl.write(instances.map((i) => `${JSON.stringify(i)}\n`).join(''));
      for (const inst of instances) {
        parquet.write(inst);
        counts[inst.relation]++;
      }
      counts.items++;
      counts.instances += instances.length;
      opts.onItem?.();
    }
    await jsonl.commit();
    parquet.commit();
    return counts;
  } catch (err) {
    await jsonl.abort();
    parquet.abort();
    throw err;
  }
}
