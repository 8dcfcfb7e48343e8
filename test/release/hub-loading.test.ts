import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { configProblems, mergeConfigs, parseFrontMatter, type HubConfig } from '../../src/release/card.ts';
import { exportRelease, type ExportOptions } from '../../src/release/export.ts';
import { releaseConfigs } from '../../src/release/spec.ts';
import type { DatasetId } from '../../src/datasets/registry.ts';
import { makeWorkspace, pactInstances, statementLabels, writeFinal } from './fixtures.ts';

const SOURCES: Record<DatasetId, [string, () => unknown[]]> = {
  'sociocultural-statements': [
    'data/final/sociocultural-statements.jsonl',
    () => statementLabels({ simulated: false }),
  ],
  pact: ['data/final/pact.jsonl', () => pactInstances({ simulated: false })],
};
const CASES: Array<[DatasetId, ExportOptions]> = [
  ['sociocultural-statements', {}],
  ['pact', {}],
  ['pact', { format: 'pact-hf' }],
];

async function release(
  dataset: DatasetId,
  opts: ExportOptions,
): Promise<{ dir: string; card: string; configs: HubConfig[] }> {
  const { ws } = makeWorkspace();
  const [, rows] = SOURCES[dataset];
  writeFinal(ws, dataset, rows());
  const { dir } = await exportRelease(ws, dataset, opts);
  const card = readFileSync(join(dir, 'README.md'), 'utf8');
  return { dir, card, configs: parseFrontMatter(card).header.configs as HubConfig[] };
}

function filesOf(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path, root) : [relative(root, path)];
  });
}

async function parquetTypes(file: string): Promise<Record<string, string>> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}') LIMIT 0`);
  const types = Object.fromEntries(reader.columnNames().map((name, i) => [name, reader.columnType(i).toString()]));
  conn.closeSync();
  db.closeSync();
  return types;
}

describe('card configs follow the rules `datasets` loads by (no Python needed)', () => {
  it.each(CASES)('%s %o: every config matches released files, all read by one builder', async (dataset, opts) => {
    const { dir, configs } = await release(dataset, opts);
    expect(configs.length).toBeGreaterThan(0);
    expect(configProblems(configs, filesOf(dir))).toEqual([]);
  });

  it('finds the broken layout the issue reports: a JSONL config beside the Parquet one', () => {
    const both: HubConfig[] = [
      ...releaseConfigs(),
      { config_name: 'jsonl', data_files: [{ split: 'train', path: 'data/train.jsonl' }] },
    ];
    expect(configProblems(both, ['data/train.parquet', 'data/train.jsonl'])).toEqual([
      expect.stringMatching(/different builders \(parquet, json\)/),
    ]);
    expect(configProblems([{ config_name: 'x', data_files: 'data/*.csv' }], ['data/train.parquet'])).toEqual([
      expect.stringMatching(/matches no file/),
    ]);
  });

  it("drops an existing card's JSONL config on re-export instead of keeping a config that cannot load", () => {
    const existing = [
      { config_name: 'jsonl', data_files: [{ split: 'train', path: 'data/train.jsonl' }] },
      { config_name: 'all', data_files: 'data/*.parquet' },
    ];
    const merged = mergeConfigs(existing, releaseConfigs(), ['data/train.parquet', 'data/train.jsonl']);
    expect(merged.configs.map((c) => c.config_name)).toEqual(['default', 'all']);
    expect(merged.dropped).toEqual(['jsonl']);
  });

  it('stores fixed-shape columns as structs and one type per field in Parquet and JSONL', async () => {
    const pact = await release('pact', {});
    const types = await parquetTypes(join(pact.dir, 'data/train.parquet'));
    const unquoted = (t: string) => t.replace(/"/g, '');
    expect(unquoted(types.validation)).toBe(
      'STRUCT(plausibility BOOLEAN, clarity BOOLEAN, scenario_clarity BOOLEAN, reasons VARCHAR[])',
    );
    expect(unquoted(types.configuration_texts)).toBe('STRUCT(C1 VARCHAR, C2 VARCHAR, C3 VARCHAR)');
    const statements = await release('sociocultural-statements', {});
    expect((await parquetTypes(join(statements.dir, 'data/train.parquet'))).score).toBe('DOUBLE');
    const lines = readFileSync(join(statements.dir, 'data/train.jsonl'), 'utf8');
    expect(lines).toMatch(/"score":1\.0[,}]/);
    expect(lines).not.toMatch(/"score":-?\d+[,}]/);
    expect(lines).toMatch(/"relevant_votes":\d+[,}]/);
  });
});

const hasDatasets = spawnSync('python3', ['-c', 'import datasets, pandas'], { stdio: 'ignore' }).status === 0;

/**
 * Loads every config the card declares with the real `datasets`, runs the card's usage snippet
 * with REPO and BASE pointing at the local release, and compares the JSONL's types with Parquet's.
 */
const CHECK = String.raw`
import json, re, sys, yaml
import datasets
from datasets import load_dataset
release = sys.argv[1]
card = open(release + "/README.md").read()
header = yaml.safe_load(card.split("---")[1])
for config in header["configs"]:
    ds = load_dataset(release, config["config_name"], split="train")
    assert len(ds) > 0, config
snippet = re.search(r"~~~python\n(.*?)~~~".replace("~~~", "\x60\x60\x60"), card, re.S).group(1)
snippet = re.sub(r"^REPO = .*$", "REPO = " + json.dumps(release), snippet, flags=re.M)
snippet = re.sub(r"^BASE = .*$", "BASE = REPO", snippet, flags=re.M)
scope = {}
exec(snippet, scope)
ds, rows = scope["ds"], scope["rows"]
# JSON has one integer width (int64 when read back), and an all-null column or all-empty list has no type;
# what must agree is the kind: integer, float, bool, string, list, struct.
def kind(feature):
    text = str(feature)
    text = re.sub(r"int(8|16|32|64)", "int", text)
    return re.sub(r"List\(Value\('null'\)\)", "List(*)", text)
for name, feature in ds.features.items():
    if isinstance(feature, datasets.Json):
        continue
    got, want = kind(rows.features[name]), kind(feature)
    assert got in (want, "Value('null')") or got == re.sub(r"List\(Value\('\w+'\)\)", "List(*)", want), (name, got, want)
print("ok", sorted(ds.features))
`;

describe.skipIf(!hasDatasets)(
  `the release loads with the Hugging Face \`datasets\` library${hasDatasets ? '' : ' (skipped: python3 cannot import datasets and pandas)'}`,
  () => {
    it.each(CASES)(
      '%s %o: every card config loads, the usage snippet runs, JSONL and Parquet agree on types',
      async (dataset, opts) => {
        const { dir } = await release(dataset, opts);
        const cache = mkdtempSync(join(tmpdir(), 'nf-hf-cache-'));
        const out = execFileSync('python3', ['-c', CHECK, dir], {
          encoding: 'utf8',
          env: {
            ...process.env,
            HF_HOME: cache,
            HF_DATASETS_CACHE: cache,
            HF_HUB_OFFLINE: '1',
            HF_DATASETS_OFFLINE: '1',
          },
          timeout: 180_000,
        });
        expect(out).toMatch(/^ok /m);
      },
    );
  },
);
