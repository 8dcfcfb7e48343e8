import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParquetRecordWriter, columnsFromSchema, readParquetMetadata } from '../../src/io/parquet.ts';
import { toPactHfRow } from '../../src/pact/pact-hf.ts';
import { exportRelease } from '../../src/release/export.ts';
import { ReleaseManifestSchema } from '../../src/release/manifest.ts';
import { PactInstanceSchema, type PactInstance } from '../../src/schemas/records.ts';
import { makeWorkspace, pactInstances, writeFinal } from './fixtures.ts';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function jsonlRows(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A final Parquet file written as given: in this order, with this metadata. */
function writeParquetAsIs(file: string, records: readonly PactInstance[], metadata: Record<string, string>): void {
  const writer = new ParquetRecordWriter(file, columnsFromSchema(PactInstanceSchema), undefined, metadata);
  for (const r of records) writer.write(r);
  writer.commit();
}

describe('export streams the final Parquet file', () => {
  it('the PACT release Parquet is the final file copied byte for byte, named in the manifest', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    const { dir } = await exportRelease(ws, 'pact');
    const final = ws.path('data/final/pact.parquet');
    expect(sha256(join(dir, 'data/train.parquet'))).toBe(sha256(final));
    const manifest = ReleaseManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    expect(manifest.provenance.source.parquet).toEqual({ file: 'data/final/pact.parquet', sha256: sha256(final) });
  });

  it('a final file without the simulated flag (older stages) is encoded again, with the flag', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: true }));
    const sorted = [...pactInstances({ simulated: true })].sort((a, b) => (a.instance_id < b.instance_id ? -1 : 1));
    writeParquetAsIs(ws.path('data/final/pact.parquet'), sorted, {});
    const { dir } = await exportRelease(ws, 'pact');
    expect(await readParquetMetadata(join(dir, 'data/train.parquet'))).toMatchObject({ 'normforge.simulated': 'true' });
    expect(jsonlRows(join(dir, 'data/train.jsonl')).map((r) => r.instance_id)).toEqual(
      sorted.map((r) => r.instance_id),
    );
  });

  it('a final file out of order fails the export, naming file and record; the previous release stays', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    const { dir } = await exportRelease(ws, 'pact');
    const before = readFileSync(join(dir, 'manifest.json'));
    const unsorted = pactInstances({ simulated: false }); // the fixture's records come in reverse order
    writeParquetAsIs(ws.path('data/final/pact.parquet'), unsorted, { 'normforge.simulated': 'false' });
    for (const format of ['normforge', 'pact-hf'] as const) {
      const failure = exportRelease(ws, 'pact', { format });
      await expect(failure).rejects.toMatchObject({ exitCode: 2 });
      await expect(failure).rejects.toThrow(
        /pact\.parquet.*final record 3 \(c1-far\) comes after \(c2-same\).*not in the order its stage writes/s,
      );
      expect(readFileSync(join(dir, 'manifest.json')).equals(before)).toBe(true);
    }
  });

  it('pact-hf: rows sharing a pact_item_id are ordered by actor country, ties kept in instance_id order', async () => {
    const { ws } = makeWorkspace();
    const [a, b, c, d, e, f] = pactInstances({ simulated: false });
    // four instances whose ids share their first 12 characters (the pact_item_id), actor countries out of order
    const shared = [
      { ...a, instance_id: 'abcdefabcdef-1', actor_country: 'US' },
      { ...b, instance_id: 'abcdefabcdef-2', actor_country: 'DE' },
      { ...c, instance_id: 'abcdefabcdef-3', actor_country: 'US' },
      { ...d, instance_id: 'abcdefabcdef-4', actor_country: 'BR' },
      { ...e, instance_id: '000000000000-1', actor_country: 'US' },
      { ...f, instance_id: 'ffffffffffff-1', actor_country: 'BR' },
    ];
    writeFinal(ws, 'pact', shared);
    const { dir } = await exportRelease(ws, 'pact', { format: 'pact-hf' });
    const key = (r: Record<string, unknown>) => `${r.pact_item_id} ${r.actor_country} ${r.source_row}`;
    // What the export did before it streamed: a stable sort of every row by (pact_item_id, actor_country).
    const expected = [...shared]
      .sort((x, y) => (x.instance_id < y.instance_id ? -1 : 1))
      .map(toPactHfRow)
      .sort((x, y) =>
        x.pact_item_id !== y.pact_item_id
          ? x.pact_item_id < y.pact_item_id
            ? -1
            : 1
          : x.actor_country < y.actor_country
            ? -1
            : x.actor_country > y.actor_country
              ? 1
              : 0,
      );
    const rows = jsonlRows(join(dir, 'data/train.jsonl'));
    expect(rows.map(key)).toEqual(expected.map(key));
    expect(rows.slice(1, 5).map((r) => r.pact_item_id)).toEqual(Array(4).fill('abcdefabcdef'));
    // the two US rows of the shared item tie: instance_id order, a (-1) before c (-3)
    const us = rows.filter(
      (r) => r.pact_item_id === 'abcdefabcdef' && r.actor_country === toPactHfRow(shared[0]).actor_country,
    );
    expect(us.map((r) => r.source_row)).toEqual([Number(a.source_id), Number(c.source_id)]);
  });
});
