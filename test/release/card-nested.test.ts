import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { exportRelease } from '../../src/release/export.ts';
import type { DatasetId } from '../../src/datasets/registry.ts';
import { makeWorkspace, pactInstances, statementLabels, writeFinal } from './fixtures.ts';

/** Columns a Parquet reader (DuckDB) returns as text while the JSONL holds an object or a list of objects. */
async function nestedAsText(dir: string): Promise<string[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${dir}/data/train.parquet')`);
  const types = Object.fromEntries(reader.columnNames().map((name, i) => [name, reader.columnType(i).toString()]));
  conn.closeSync();
  db.closeSync();
  const jsonl = readFileSync(`${dir}/data/train.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const isNested = (v: unknown) =>
    v !== null && typeof v === 'object' && (!Array.isArray(v) || v.some((e) => e !== null && typeof e === 'object'));
  return Object.keys(types).filter((c) => types[c] === 'VARCHAR' && jsonl.some((r) => isNested(r[c])));
}

function fieldType(card: string, column: string): string {
  const line = card.split('\n').find((l) => l.startsWith(`| \`${column}\` |`));
  expect(line, column).toBeDefined();
  return line!.split(' | ')[1];
}

describe('card: only shapeless nested columns are JSON text in Parquet, and the card says which', () => {
  const cases: Array<[DatasetId, string, () => unknown[], string[]]> = [
    [
      'sociocultural-statements',
      'data/final/sociocultural-statements.jsonl',
      () => statementLabels({ simulated: false }),
      ['votes'],
    ],
    ['pact', 'data/final/pact.jsonl', () => pactInstances({ simulated: false }), []],
  ];
  it.each(cases)(
    '%s: the data-fields table and the usage section say so, with a helper that works in datasets and pandas',
    async (dataset, _source, rows, expected) => {
      const { ws } = makeWorkspace();
      writeFinal(ws, dataset, rows());
      const { dir } = await exportRelease(ws, dataset);
      const card = readFileSync(`${dir}/README.md`, 'utf8');
      const nested = await nestedAsText(dir);
      expect(nested).toEqual(expected);
      for (const column of nested)
        expect(fieldType(card, column)).toMatch(
          /^JSON text in Parquet; (struct<.*>|map<.*>|list<struct<.*>>)( \\\| null)? in JSONL$/,
        );
      expect(fieldType(card, 'instance_id' in (rows()[0] as object) ? 'instance_id' : 'statement_id')).toBe('string');

      const usage = card.slice(card.indexOf('## Usage'), card.indexOf('\n## ', card.indexOf('## Usage') + 1));
      if (nested.length) {
        expect(usage).toContain(`except ${nested.map((c) => `\`${c}\``).join(', ')}, which have no fixed shape`);
        expect(usage).toContain('return json.loads(value) if isinstance(value, str) else value');
      } else {
        expect(usage).not.toContain('JSON text');
        expect(fieldType(card, 'validation')).toBe(
          'struct<plausibility: bool, clarity: bool, scenario_clarity: bool, reasons: list<string>> \\| null',
        );
      }
      expect(usage).not.toMatch(/json\.loads\(row\[/);
    },
  );
});
