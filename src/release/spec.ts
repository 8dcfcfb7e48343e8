import type { z } from 'zod';
import type { DatasetId, ReleaseFormat } from '../datasets/registry.ts';
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
  rows: Row[];
  /** Whether any source record came from the offline simulator (a layout may have no column for it). */
  simulated: boolean;
  idsOnly: boolean;
  qc: QcSection;
}

/** How one dataset (in one format) becomes a release: its rows, their schema and its card. */
export interface ReleaseSpec {
  dataset: DatasetId;
  format: ReleaseFormat;
  /** Workspace-relative source of the records. */
  source: string;
  rowSchema: z.ZodObject;
  /** Reads the final records and returns release rows in a stable order. */
  loadRows(ws: Workspace): Promise<{ rows: Row[]; simulated: boolean }>;
  /** Removes texts that may not be redistributed; undefined when the dataset has none. */
  stripTexts?(rows: Row[]): Row[];
  card(ctx: CardContext): CardInput | Promise<CardInput>;
}

export function compareBy<T>(...keys: Array<(row: T) => string>): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return ka < kb ? -1 : 1;
    }
    return 0;
  };
}
