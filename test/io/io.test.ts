import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readCsv } from '../../src/io/csv.ts';
import { readJsonlAll, writeJsonl } from '../../src/io/jsonl.ts';
import { readParquet, writeParquet } from '../../src/io/parquet.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'nf-io-'));

describe('jsonl', () => {
  it('names file, line and field of a bad record', async () => {
    const file = join(dir(), 'x.jsonl');
    writeFileSync(file, '{"a":1}\n\n{"a":"two"}\n');
    await expect(readJsonlAll(file, z.object({ a: z.number() }))).rejects.toThrow(`${file}, line 3, field "a"`);
    writeFileSync(file, '{"a":1}\n{"a":\n');
    await expect(readJsonlAll(file)).rejects.toThrow(/line 2: not valid JSON/);
  });

  it('writes atomically: a failing source leaves the old file and no temp file', async () => {
    const d = dir();
    const file = join(d, 'x.jsonl');
    await writeJsonl(file, [{ a: 1 }]);
    async function* failing() {
      yield { a: 2 };
      throw new Error('boom');
    }
    await expect(writeJsonl(file, failing())).rejects.toThrow('boom');
    expect(await readJsonlAll(file)).toEqual([{ a: 1 }]);
    expect(readdirSync(d)).toEqual(['x.jsonl']);
  });
});

describe('csv', () => {
  it('reads by record: quoted fields keep their newlines, lines are those where records start', async () => {
    const file = join(dir(), 'x.csv');
    writeFileSync(file, '\uFEFFID,Background,Gold Label\n0,"### Basic Etiquette\n- one\n- two",yes\n1,plain,no\n');
    const rows = [];
    for await (const r of readCsv(file)) rows.push(r);
    expect(rows).toEqual([
      { line: 2, values: { ID: '0', Background: '### Basic Etiquette\n- one\n- two', 'Gold Label': 'yes' } },
      { line: 5, values: { ID: '1', Background: 'plain', 'Gold Label': 'no' } },
    ]);
  });

  it('a ragged row is an error naming file and line', async () => {
    const file = join(dir(), 'x.csv');
    writeFileSync(file, 'a,b\n1,2\n3\n');
    const read = async () => {
      for await (const _ of readCsv(file)) void _;
    };
    await expect(read()).rejects.toThrow(new RegExp(`${file}, line 3`));
  });
});

describe('parquet', () => {
  it('reads back the same rows and types as written, also through DuckDB', async () => {
    const file = join(dir(), 'x.parquet');
    const Schema = z.object({
      id: z.string(),
      n: z.number().int(),
      x: z.number(),
      ok: z.boolean(),
      tags: z.array(z.string()),
      votes: z.array(z.object({ m: z.string() })),
      note: z.string().nullable(),
      mixed: z.union([z.string(), z.object({ a: z.number() })]),
    });
    const rows = [
      { id: 'a', n: 3, x: 1.5, ok: true, tags: ['p', 'q'], votes: [{ m: 'gpt' }], note: null, mixed: { a: 1 } },
      { id: 'b', n: -2, x: 0.25, ok: false, tags: [], votes: [], note: 'é 中文', mixed: 'not {json}' },
    ];
    await writeParquet(file, Schema, rows);
    expect(await readParquet(file, Schema)).toEqual(rows);
    const db = await DuckDBInstance.create();
    const conn = await db.connect();
    const reader = await conn.runAndReadAll(
      `SELECT id, n, x, ok, tags, note, typeof(n) AS tn, typeof(tags) AS tt FROM '${file}' ORDER BY id`,
    );
    const got = reader.getRowObjectsJS();
    expect(got.map((r) => [r.id, r.n, r.x, r.ok, r.tags, r.note])).toEqual([
      ['a', 3, 1.5, true, ['p', 'q'], null],
      ['b', -2, 0.25, false, [], 'é 中文'],
    ]);
    expect(got[0].tn).toBe('INTEGER');
    expect(got[0].tt).toBe('VARCHAR[]');
    conn.closeSync();
  });
});
