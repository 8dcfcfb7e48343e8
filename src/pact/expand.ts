import { z } from 'zod';
import { InterruptedError } from '../errors.ts';
import { AtomicWriter } from '../io/atomic.ts';
import { PARQUET_SIMULATED_KEY, ParquetRecordWriter, columnsFromSchema } from '../io/parquet.ts';
import { PactInstanceSchema, type PactItem } from '../schemas/records.ts';
import { actorCountries, dyadsOf, instanceIdOf, instanceOf, type ExpandOptions } from './dyads.ts';

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

/** Positions (item × dyads + dyad) ordered by the instance id they get; ids ordered as strings. */
function orderById(ids: readonly string[]): Uint32Array {
  return Uint32Array.from(ids.keys()).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
}

/**
 * Expands items into instances written in `instance_id` order, JSONL and Parquet alike: the order
 * the releases use, sorted once here so exporting streams the file instead of sorting it. Only the
 * items (6,640 at the paper's size), the ids and one Parquet row group are in memory, never the
 * 318,720 instances: each is built from its item when its turn in the order comes. Both files
 * appear only when everything succeeded; the Parquet file says in its metadata whether any item
 * was simulated.
 */
export async function expandToFiles(
  source: AsyncIterable<PactItem>,
  targets: { jsonl: string; parquet: string },
  opts: ExpandOptions & { signal?: AbortSignal; onItem?: () => void },
): Promise<ExpandCounts> {
  const items: PactItem[] = [];
  for await (const item of source) items.push(item);
  const actors = items.map((item) => actorCountries(item, opts.seed, opts.picker));
  const dyads = dyadsOf(opts);
  const ids = items.flatMap((item) => dyads.map((d) => instanceIdOf(item, d)));
  const order = orderById(ids);
  const jsonl = new AtomicWriter(targets.jsonl);
  const parquet = new ParquetRecordWriter(targets.parquet, columnsFromSchema(PactInstanceSchema), ROW_GROUP_SIZE, {
    [PARQUET_SIMULATED_KEY]: String(items.some((i) => i.simulated)),
  });
  const counts: ExpandCounts = { items: items.length, instances: 0, same: 0, close: 0, far: 0 };
  try {
    // One item's worth of instances per write, so progress still ticks once per item.
    for (let start = 0; start < order.length; start += dyads.length) {
      if (opts.signal?.aborted) throw new InterruptedError();
      const lines: string[] = [];
      for (const position of order.subarray(start, start + dyads.length)) {
        const i = Math.floor(position / dyads.length);
        const inst = instanceOf(items[i], opts.seed, actors[i], dyads[position % dyads.length], ids[position]);
        parquet.write(inst);
        lines.push(`${JSON.stringify(inst)}\n`);
        counts[inst.relation]++;
      }
      await jsonl.write(lines.join(''));
      counts.instances += lines.length;
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
