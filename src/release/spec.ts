import type { z } from 'zod';
import type { DatasetId, ReleaseFormat } from '../datasets/registry.ts';
import { UserError } from '../errors.ts';
import { compareKeys } from '../schemas/final-order.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { CardInput, HubConfig } from './card.ts';
import type { QcSection } from './qc.ts';
import type { Row } from './statistics.ts';

export const SPLIT = 'train';
export const DATA_FILES = [`data/${SPLIT}.parquet`, `data/${SPLIT}.jsonl`] as const;

/**
 * The configs every release declares: the Parquet files only. `datasets` builds every config of a
 * repository with the one builder it infers from the data files, so a JSONL config beside a Parquet
 * one fails to load; the JSONL file ships beside it and the card shows how to read it.
 */
export function releaseConfigs(): HubConfig[] {
  return [{ config_name: 'default', data_files: [{ split: SPLIT, path: DATA_FILES[0] }] }];
}

export interface CardContext {
  ws: Workspace;
  /** Whether any source record came from the offline simulator (a layout may have no column for it). */
  simulated: boolean;
  idsOnly: boolean;
  qc: QcSection;
}

/**
 * One export's walk over the final records: it turns them into release rows as they stream past
 * (in release order) and notes what the card will say about them, without keeping the rows.
 */
export interface ReleasePass {
  /** Release rows from the final file's records, given in the file's order. */
  rows(records: AsyncIterable<Row>): AsyncIterable<Row>;
  /** Whether any final record came from the offline simulator; complete once `rows` is drained. */
  simulated(): boolean;
  /** The card, from what `rows` saw; call once `rows` is drained. */
  card(ctx: CardContext): CardInput | Promise<CardInput>;
}

/** How one dataset (in one format) becomes a release: its rows, their schema and its card. */
export interface ReleaseSpec {
  dataset: DatasetId;
  format: ReleaseFormat;
  /** The final records' schema (the columns of the dataset's final Parquet, `DATASETS[dataset].final`). */
  finalSchema: z.ZodObject;
  rowSchema: z.ZodObject;
  /** True when the release rows are the final records unchanged, so its Parquet can be a copy of the final one. */
  copiesFinal: boolean;
  /** Whether an ids-only release (texts that may not be redistributed left out) exists for this dataset. */
  hasIdsOnly: boolean;
  start(opts: { ws: Workspace; idsOnly: boolean; file: string }): ReleasePass;
}

/**
 * The final records parsed by their schema, checked to come in the order the stage writes them
 * (`key`, non-decreasing): a file out of order fails the export, naming the row, instead of
 * being sorted in memory.
 */
export async function* finalRecords<T>(
  records: AsyncIterable<Row>,
  schema: z.ZodType<T>,
  key: (record: T) => string[],
  file: string,
): AsyncGenerator<T> {
  let previous: string[] | undefined;
  let index = 0;
  for await (const raw of records) {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`final record ${index + 1} is invalid: ${issue.message}`, {
        file,
        field: issue.path.join('.') || undefined,
      });
    }
    const current = key(parsed.data);
    if (previous && compareKeys(previous, current) > 0)
      throw new UserError(
        `final record ${index + 1} (${current.join(', ')}) comes after (${previous.join(', ')}): the file is not ` +
          'in the order its stage writes; rerun the recipe to rebuild it',
        { file },
      );
    previous = current;
    index++;
    yield parsed.data;
  }
}
