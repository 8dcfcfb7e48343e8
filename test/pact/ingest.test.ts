import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { writeParquet } from '../../src/io/parquet.ts';
import { NORMAD_COLUMNS } from '../../src/pact/normad.ts';
import { SourceScenarioSchema } from '../../src/schemas/records.ts';
import { ingestNormad } from '../../src/stages/ingest-normad.ts';
import { ingestCultureAtlas } from '../../src/stages/ingest-cultureatlas.ts';
import { runStage, tempDir, workspace, writeCsvFile } from './helpers.ts';

const rows = [
  [
    '0',
    'egypt',
    '### Basic Etiquette\n- Use the right hand.',
    'Etiquette',
    'basic_etiquette',
    'Respect.',
    'Eat with the right hand.',
    'Story.\nIs what Ali did socially acceptable?',
    '',
    'yes',
  ],
  [
    '1',
    'türkiye',
    '### Visiting\n- Bring sweets.',
    'Etiquette',
    'gift-giving',
    'Generosity.',
    'Bring a gift.',
    'Story two.',
    'Explained.',
    'no',
  ],
];

describe('ingest-normad', () => {
  it('names file, line and column of a malformed row (line counts multi-line fields)', async () => {
    const root = tempDir();
    const bad = [...rows, ['2', 'japan', 'bg', 'Etiquette', 'x', 'v', 'r', 's', '', 'maybe']];
    const file = writeCsvFile(join(root, 'n.csv'), [...NORMAD_COLUMNS], bad);
    const err = await runStage(ingestNormad, workspace(root, { sources: { normad: file } })).catch((e: Error) => e);
    expect(String(err)).toMatch(/n\.csv, line 7, column "Gold Label": must be yes, no or neutral/);
  });

  it('refuses a file missing a published column, naming it', async () => {
    const root = tempDir();
    const header = NORMAD_COLUMNS.map((c) => (c === 'Gold Label' ? 'Gold_Label' : c));
    const file = writeCsvFile(join(root, 'n.csv'), header, rows);
    await expect(runStage(ingestNormad, workspace(root, { sources: { normad: file } }))).rejects.toThrow(
      /missing column\(s\) "Gold Label"/,
    );
  });

  it('reads the Parquet and JSONL forms the same as the CSV', async () => {
    const root = tempDir();
    const csv = writeCsvFile(join(root, 'n.csv'), [...NORMAD_COLUMNS], rows);
    const objects = rows.map((r) => ({
      ...Object.fromEntries(NORMAD_COLUMNS.map((c, i) => [c, r[i]])),
      ID: Number(r[0]),
    }));
    const parquet = join(root, 'n.parquet');
    const shape = Object.fromEntries(NORMAD_COLUMNS.map((c) => [c, c === 'ID' ? z.number().int() : z.string()]));
    await writeParquet(parquet, z.object(shape), objects);
    const jsonl = join(root, 'n.jsonl');
    writeFileSync(jsonl, objects.map((o) => JSON.stringify(o)).join('\n'));
    const read = async (file: string) => {
      await runStage(ingestNormad, workspace(root, { sources: { normad: file } }));
      return (await readJsonlAll(join(root, 'data/interim/normad.jsonl'), SourceScenarioSchema)).map(
        ({ source_file: _f, source_sha256: _s, ...r }) => r,
      );
    };
    const fromCsv = await read(csv);
    expect(fromCsv.map((r) => r.country)).toEqual(['EG', 'TR']);
    expect(await read(parquet)).toEqual(fromCsv);
    expect(await read(jsonl)).toEqual(fromCsv);
  });
});

describe('ingest-cultureatlas', () => {
  const positional = [
    '0',
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '7',
    '8',
    '9',
    '10',
    '11',
    '12',
    '13',
    '14',
    '15',
    '16',
    'norm_violation_rlv',
  ];
  const caRow = (country: string, assertion: string) => [
    country,
    'Social',
    'Dining',
    'Meals',
    'https://e.org',
    'Food',
    'ctx',
    's',
    'r',
    assertion,
    'True',
    '0.9',
    '0.8',
    '0.2',
    '0',
    '0',
    '0.1',
    '0',
  ];

  it('reads the positional benchmark layout by default', async () => {
    const root = tempDir();
    const file = writeCsvFile(join(root, 'benchmarK_Feb4_pos10k.csv'), positional, [
      caRow("Lao People's Democratic Republic", 'People share dishes.'),
      caRow('Islamic Republic of Iran', 'Guests refuse\ntwice.'),
    ]);
    await runStage(ingestCultureAtlas, workspace(root, { sources: { cultureatlas: { path: file } } }));
    const recs = await readJsonlAll(join(root, 'data/interim/cultureatlas.jsonl'), SourceScenarioSchema);
    expect(recs.map((r) => [r.source_id, r.country, r.fields.assertion, r.fields.label])).toEqual([
      ['0', 'LA', 'People share dishes.', 'True'],
      ['1', 'IR', 'Guests refuse\ntwice.', 'True'],
    ]);
  });

  it('reads a named-column table, and the config mapping overrides columns', async () => {
    const root = tempDir();
    const named = writeCsvFile(
      join(root, 'derived.csv'),
      ['positive_sample', 'negative_sample', 'country', 'topic'],
      [['Elders eat first.', 'Elders never eat first.', 'Viet Nam', 'dining']],
    );
    await runStage(ingestCultureAtlas, workspace(root, { sources: { cultureatlas: { path: named } } }));
    let recs = await readJsonlAll(join(root, 'data/interim/cultureatlas.jsonl'), SourceScenarioSchema);
    expect(recs[0].fields).toMatchObject({
      assertion: 'Elders eat first.',
      negative_sample: 'Elders never eat first.',
      country: 'Viet Nam',
      topic: 'dining',
    });

    const custom = writeCsvFile(
      join(root, 'custom.csv'),
      ['nation', 'norm'],
      [['Türkiye', 'Tea is offered to guests.']],
    );
    const config = { sources: { cultureatlas: { path: custom, columns: { country: 'nation', assertion: 'norm' } } } };
    await runStage(ingestCultureAtlas, workspace(root, config));
    recs = await readJsonlAll(join(root, 'data/interim/cultureatlas.jsonl'), SourceScenarioSchema);
    expect(recs[0]).toMatchObject({
      country: 'TR',
      source_country: 'Türkiye',
      fields: { assertion: 'Tea is offered to guests.' },
    });

    const wrong = {
      sources: { cultureatlas: { path: custom, columns: { country: 'nation', assertion: 'statement' } } },
    };
    await expect(runStage(ingestCultureAtlas, workspace(root, wrong))).rejects.toThrow(
      /column "statement" \(mapped to assertion/,
    );
  });
});
