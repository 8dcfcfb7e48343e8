import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exportRelease } from '../../src/release/export.ts';
import { globMatches, parseFrontMatter } from '../../src/release/card.ts';
import { readParquet } from '../../src/io/parquet.ts';
import { PactInstanceSchema } from '../../src/schemas/records.ts';
import { makeWorkspace, pactInstances, pactQcStats, statementLabels, writeFinal } from './fixtures.ts';

async function duckRows(file: string): Promise<{ rows: Record<string, unknown>[]; types: Record<string, string> }> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
  const types = Object.fromEntries(reader.columnNames().map((name, i) => [name, reader.columnType(i).toString()]));
  const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
  conn.closeSync();
  db.closeSync();
  return { rows, types };
}

function jsonlRows(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The markdown table under `### title` as key -> row cells. */
function cardTable(card: string, title: string): Map<string, number[]> {
  const start = card.indexOf(`### ${title}\n`);
  expect(start).toBeGreaterThan(-1);
  const lines = card.slice(start).split('\n').slice(2);
  const out = new Map<string, number[]>();
  for (const line of lines.slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    out.set(cells[0], cells.slice(1).map(Number));
  }
  return out;
}

function recount(rows: Record<string, unknown>[], field: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const key = r[field] === null || r[field] === undefined ? '(none)' : String(r[field]);
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

const JSON_COLUMNS = { pact: [], 'sociocultural-statements': ['votes'] } as Record<string, string[]>;
const STRUCT_COLUMNS = ['validation', 'configuration_texts'];

describe('export', () => {
  it('writes Parquet that DuckDB reads back with the same rows and types as the JSONL', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false }));
    await exportRelease(ws, 'sociocultural-statements');
    const dir = ws.path('release/sociocultural-statements');
    const jsonl = jsonlRows(join(dir, 'data/train.jsonl'));
    const { rows, types } = await duckRows(join(dir, 'data/train.parquet'));
    expect(types).toMatchObject({
      statement_id: 'VARCHAR',
      discussion_id: 'INTEGER',
      statement: 'VARCHAR',
      relevant: 'BOOLEAN',
      polarity_votes: 'INTEGER[]',
      score: 'DOUBLE',
      models: 'VARCHAR[]',
      votes: 'VARCHAR',
    });
    const withoutJson = (r: Record<string, unknown>) => ({ ...r, votes: undefined });
    expect(rows.map(withoutJson)).toEqual(jsonl.map(withoutJson));
    expect(jsonl.map((r) => `${r.statement_id}/${r.dimension}`)).toEqual(
      jsonl.map((r) => `${r.statement_id}/${r.dimension}`).sort(),
    );
  });

  it('PACT Parquet round-trips through DuckDB, nulls and structs included', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    const dir = ws.path('release/pact');
    const jsonl = jsonlRows(join(dir, 'data/train.jsonl'));
    const { rows, types } = await duckRows(join(dir, 'data/train.parquet'));
    expect(types).toMatchObject({ instance_id: 'VARCHAR', configuration: 'VARCHAR', relation: 'VARCHAR' });
    for (const column of STRUCT_COLUMNS) expect(types[column]).toMatch(/^STRUCT\(/);
    const scalars = (r: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(r).filter(([k]) => k in jsonl[0] && !STRUCT_COLUMNS.includes(k)));
    expect(rows.map(scalars)).toEqual(jsonl.map(scalars));
    const structs = (r: Record<string, unknown>) => Object.fromEntries(STRUCT_COLUMNS.map((k) => [k, r[k]]));
    expect((await readParquet(join(dir, 'data/train.parquet'), PactInstanceSchema)).map(structs)).toEqual(
      jsonl.map(structs),
    );
  });

  it('nested columns hold the JSON of the value once (the Hub viewer and DuckDB read objects, not quoted strings)', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false }));
    for (const dataset of ['pact', 'sociocultural-statements'] as const) {
      await exportRelease(ws, dataset);
      const dir = ws.path(`release/${dataset}`);
      const jsonl = jsonlRows(join(dir, 'data/train.jsonl'));
      const { rows } = await duckRows(join(dir, 'data/train.parquet'));
      for (const column of JSON_COLUMNS[dataset]) {
        expect(rows.map((r) => (r[column] === null ? null : JSON.parse(r[column] as string)))).toEqual(
          jsonl.map((r) => r[column]),
        );
      }
    }
  });

  it('card YAML parses, uses a valid size bucket and its one config names the Parquet file', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    const result = await exportRelease(ws, 'pact');
    const card = readFileSync(join(result.dir, 'README.md'), 'utf8');
    const header = parse(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]) as Record<string, any>;
    expect(header.size_categories).toEqual(['n<1K']);
    expect(header.license).toEqual(['cc-by-4.0', 'cc-by-nc-sa-4.0']);
    for (const config of header.configs) expect(typeof config.config_name).toBe('string');
    const patterns = header.configs.flatMap((c: any) => c.data_files.map((d: any) => d.path)) as string[];
    expect(patterns.some((p) => globMatches(p, 'data/train.parquet'))).toBe(true);
    expect(patterns.some((p) => globMatches(p, 'data/train.jsonl'))).toBe(false);
    expect(card).toContain('data_files=f"{BASE}/data/train.jsonl"');
    expect(card).toContain('CC BY-NC-SA 4.0');
  });

  it('card statistics equal a recount from the released JSONL', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false }));
    for (const [dataset, tables] of [
      [
        'pact',
        [
          ['Rows per source', 'source'],
          ['Rows per country', 'country'],
          ['Rows per preference type', 'preference_type'],
          ['Rows per configuration', 'configuration'],
        ],
      ],
      ['sociocultural-statements', [['Rows per dimension', 'dimension']]],
    ] as const) {
      const result = await exportRelease(ws, dataset);
      const card = readFileSync(join(result.dir, 'README.md'), 'utf8');
      const rows = jsonlRows(join(result.dir, 'data/train.jsonl'));
      for (const [title, field] of tables) {
        const table = cardTable(card, title);
        expect(new Map([...table].map(([k, v]) => [k, v[0]]))).toEqual(recount(rows, field));
      }
    }
    const card = readFileSync(ws.path('release/sociocultural-statements/README.md'), 'utf8');
    const rows = jsonlRows(ws.path('release/sociocultural-statements/data/train.jsonl'));
    const dims = cardTable(card, 'Rows per dimension');
    for (const [dim, [, contested, pos, neg]] of dims) {
      const ofDim = rows.filter((r) => r.dimension === dim);
      expect(contested).toBe(ofDim.filter((r) => r.contested).length);
      expect(pos).toBe(ofDim.filter((r) => (r.score as number) > 0).length);
      expect(neg).toBe(ofDim.filter((r) => (r.score as number) < 0).length);
    }
  });

  it('warns on top of the card when any record is simulated, and not otherwise', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: true }));
    await exportRelease(ws, 'pact');
    const simulated = readFileSync(ws.path('release/pact/README.md'), 'utf8');
    expect(parseFrontMatter(simulated).body.split('## ')[0]).toContain('Simulated data');
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    expect(readFileSync(ws.path('release/pact/README.md'), 'utf8')).not.toContain('Simulated data');
  });

  it('merges configs of an existing card: keeps live ones, drops ones pointing at nothing', async () => {
    const { ws, logs } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    mkdirSync(ws.path('release/pact'), { recursive: true });
    writeFileSync(
      ws.path('release/pact/README.md'),
      '---\nconfigs:\n  - config_name: all-parquet\n    data_files: "data/*.parquet"\n  - config_name: stale\n    data_files:\n      - split: test\n        path: data/test.parquet\n  - config_name: default\n    data_files: old.csv\n---\nold\n',
    );
    await exportRelease(ws, 'pact');
    const header = parseFrontMatter(readFileSync(ws.path('release/pact/README.md'), 'utf8')).header as any;
    expect(header.configs.map((c: any) => c.config_name)).toEqual(['default', 'all-parquet']);
    expect(header.configs[0].data_files).toEqual([{ split: 'train', path: 'data/train.parquet' }]);
    expect(logs.join('\n')).toContain('stale');
  });

  it('includes QC results when qc stats wrote them, and says so when absent', async () => {
    const { ws, logs } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    expect(readFileSync(ws.path('release/pact/README.md'), 'utf8')).toContain('No human quality-control results');
    expect(logs.some((l) => l.includes('no QC results'))).toBe(true);
    mkdirSync(ws.path('annotation/pact/round-1'), { recursive: true });
    writeFileSync(ws.path('annotation/pact/round-1/stats.json'), JSON.stringify(pactQcStats({ ac1: 0.7123456 })));
    await exportRelease(ws, 'pact');
    const card = readFileSync(ws.path('release/pact/README.md'), 'utf8');
    expect(card).toContain('### Round `round-1`');
    expect(card).toContain(
      '| all criteria |  |  |  | 8 | 0.900 [0.800, 1.000] | 0.800 [0.600, 1.000] | 0.712 [0.612, 1.000] |',
    );
  });

  it('is deterministic: exporting twice gives identical bytes', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false }));
    const files = ['data/train.parquet', 'data/train.jsonl', 'README.md'];
    await exportRelease(ws, 'sociocultural-statements');
    const first = files.map((f) => readFileSync(ws.path(`release/sociocultural-statements/${f}`)));
    await exportRelease(ws, 'sociocultural-statements');
    files.forEach((f, i) =>
      expect(readFileSync(ws.path(`release/sociocultural-statements/${f}`)).equals(first[i])).toBe(true),
    );
  });

  it('refuses --ids-only for PACT and a missing source with exit-2 errors', async () => {
    const { ws } = makeWorkspace();
    await expect(exportRelease(ws, 'pact')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('pact.jsonl'),
    });
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await expect(exportRelease(ws, 'pact', { idsOnly: true })).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('export --format pact-hf', () => {
  it("writes PACT's published 11 columns, in order, and licences from the dataset column", async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: true }));
    const result = await exportRelease(ws, 'pact', { format: 'pact-hf' });
    const rows = jsonlRows(join(result.dir, 'data/train.jsonl'));
    expect(Object.keys(rows[0])).toEqual([
      'pact_item_id',
      'dataset',
      'source_row',
      'base_country',
      'scenario_type',
      'actor_country',
      'receiver_country',
      'scenario',
      'culture_following',
      'preference_allowing',
      'source_gold_label',
    ]);
    const { types } = await duckRows(join(result.dir, 'data/train.parquet'));
    expect(types).toMatchObject({ pact_item_id: 'VARCHAR', source_row: 'INTEGER' });
    const card = readFileSync(join(result.dir, 'README.md'), 'utf8');
    expect((parseFrontMatter(card).header as any).license).toEqual(['cc-by-4.0', 'cc-by-nc-sa-4.0']);
    expect(card).toContain('Simulated data');
  });
});
