import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { UserError } from '../errors.ts';
import { AtomicWriter } from '../io/atomic.ts';
import { sha256OfFile } from '../io/file-hash.ts';
import {
  PARQUET_SIMULATED_KEY,
  ParquetRecordWriter,
  columnsFromSchema,
  readParquetMetadata,
  type ParquetColumn,
} from '../io/parquet.ts';
import { typedJsonLine } from '../io/typed-jsonl.ts';
import { DATA_FILES } from './spec.ts';
import type { Row } from './statistics.ts';

/** Row groups of the release Parquet: the writer holds one group, so this bounds its memory. */
const ROW_GROUP_SIZE = 10_000;
/** JSON lines handed to the file at once. */
const LINES_PER_WRITE = 1_000;

/**
 * Writes a release's data files (Parquet and JSONL, same rows, same order) into its staging folder
 * as rows arrive. When the release's rows are a final Parquet file's records unchanged, that file
 * is copied instead of encoded again (`copyOf`), checksummed, and only the JSONL is written.
 */
export class ReleaseDataWriter {
  rows = 0;
  private readonly columns: ParquetColumn[];
  private readonly parquet?: ParquetRecordWriter;
  private readonly jsonl: AtomicWriter;
  private lines: string[] = [];

  constructor(
    private readonly staging: string,
    schema: z.ZodObject,
    private readonly copyOf?: string,
  ) {
    this.columns = columnsFromSchema(schema);
    if (!copyOf) this.parquet = new ParquetRecordWriter(join(staging, DATA_FILES[0]), this.columns, ROW_GROUP_SIZE);
    this.jsonl = new AtomicWriter(join(staging, DATA_FILES[1]));
  }

  async write(row: Row): Promise<void> {
    this.parquet?.write(row);
    this.lines.push(typedJsonLine(this.columns, row));
    this.rows++;
    if (this.lines.length >= LINES_PER_WRITE) await this.flushLines();
  }

  private async flushLines(): Promise<void> {
    const text = this.lines.join('');
    this.lines = [];
    await this.jsonl.write(text);
  }

  /** `simulated` goes into the Parquet file's metadata; a copied file must already say the same. */
  async commit(simulated: boolean): Promise<void> {
    await this.flushLines();
    if (this.parquet) this.parquet.commit({ [PARQUET_SIMULATED_KEY]: String(simulated) });
    else if (this.copyOf) await copyFinal(this.copyOf, join(this.staging, DATA_FILES[0]), simulated);
    await this.jsonl.commit();
  }

  async abort(): Promise<void> {
    this.parquet?.abort();
    await this.jsonl.abort();
  }
}

/** Copies the final Parquet file byte for byte, refusing one whose simulated flag contradicts its records. */
async function copyFinal(source: string, target: string, simulated: boolean): Promise<void> {
  const flag = (await readParquetMetadata(source))[PARQUET_SIMULATED_KEY];
  if (flag !== String(simulated))
    throw new UserError(
      `the file's metadata says ${PARQUET_SIMULATED_KEY}=${flag ?? '(absent)'} but its records say ${simulated}; ` +
        'rerun the recipe to rebuild it',
      { file: source },
    );
  const sha = await sha256OfFile(source);
  copyFileSync(source, target);
  if ((await sha256OfFile(target)) !== sha)
    throw new Error(`the copy of ${source} differs from it (sha256); the release was not written`);
}
