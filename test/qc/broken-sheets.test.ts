import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { exportQcRound } from '../../src/qc/export.ts';
import { importQcFiles } from '../../src/qc/import.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';
import { fixtureWorkspace } from './fixtures.ts';

let ws: Workspace;
let dir: string;
let broken: string;

async function xlsxVariant(
  name: string,
  edit: (sheet: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void,
  from = 'ann',
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, `${from}.xlsx`));
  edit(wb.getWorksheet('Items')!, wb);
  const sub = join(broken, name);
  mkdirSync(sub, { recursive: true });
  const file = join(sub, `${from}.xlsx`);
  await wb.xlsx.writeFile(file);
  return file;
}

function csvVariant(name: string, edit: (rows: string[][]) => string[][] | string): string {
  const rows = parse(readFileSync(join(dir, 'ann.csv'), 'utf8'), { bom: true }) as string[][];
  const out = edit(rows);
  const sub = join(broken, name);
  mkdirSync(sub, { recursive: true });
  const file = join(sub, 'ann.csv');
  writeFileSync(file, typeof out === 'string' ? out : stringify(out));
  return file;
}

const cell = (sheet: ExcelJS.Worksheet, row: number, header: string) => {
  const headers = (sheet.getRow(1).values as string[]).slice(1);
  return sheet.getRow(row).getCell(headers.indexOf(header) + 1);
};

beforeAll(async () => {
  ws = fixtureWorkspace();
  ({ dir } = await exportQcRound(ws, 'pact', {
    size: 12,
    overlap: 4,
    seed: 5,
    annotators: ['ann', 'bo'],
    round: 'round-1',
  }));
  broken = join(dir, 'broken');
});

type Case = [name: string, make: () => Promise<string> | string, message: RegExp];

const cases: Case[] = [
  [
    'unknown id (xlsx)',
    () => xlsxVariant('unknown-id', (s) => (cell(s, 2, 'scenario_id').value = 'sc-999')),
    /sheet "Items", row 2, column "scenario_id": unknown item "sc-999"/,
  ],
  [
    'unknown id (csv)',
    () => csvVariant('unknown-id', (r) => ((r[3][0] = 'nope'), r)),
    /ann\.csv, row 4, column "scenario_id": unknown item "nope"/,
  ],
  [
    'value outside the list (xlsx)',
    () => xlsxVariant('bad-value', (s) => (cell(s, 3, 'plausible').value = 'maybe')),
    /row 3, column "plausible": "maybe" is not allowed; choose one of yes, no/,
  ],
  [
    'value outside the list (csv)',
    () => csvVariant('bad-value', (r) => ((r[2][r[0].indexOf('clear')] = 'Y'), r)),
    /ann\.csv, row 3, column "clear": "Y" is not allowed/,
  ],
  [
    'number in a yes/no column',
    () => xlsxVariant('number', (s) => (cell(s, 2, 'scenario_clear').value = 1)),
    /column "scenario_clear": "1" is not allowed/,
  ],
  [
    'duplicate id (xlsx)',
    () => xlsxVariant('dup', (s) => (cell(s, 3, 'scenario_id').value = cell(s, 2, 'scenario_id').value)),
    /row 3, column "scenario_id": duplicate item ".*" \(also on row 2\)/,
  ],
  ['duplicate id (csv)', () => csvVariant('dup', (r) => [...r, r[1]]), /column "scenario_id": duplicate item/],
  [
    'renamed column (xlsx)',
    () => xlsxVariant('renamed', (s) => (cell(s, 1, 'plausible').value = 'plausibility')),
    /row 1, column "plausible": column "plausible" is missing; found unexpected column\(s\) "plausibility" — was it renamed\?/,
  ],
  [
    'renamed column (csv)',
    () => csvVariant('renamed', (r) => ((r[0][r[0].indexOf('clear')] = 'Clear?'), r)),
    /column "clear" is missing; found unexpected column\(s\) "Clear\?"/,
  ],
  [
    'missing column (xlsx)',
    () => xlsxVariant('missing-col', (s) => s.spliceColumns((s.getRow(1).values as string[]).indexOf('comment'), 1)),
    /column "comment" is missing/,
  ],
  [
    'missing column (csv)',
    () => csvVariant('missing-col', (r) => r.map((row) => row.filter((_, j) => r[0][j] !== 'scenario_clear'))),
    /column "scenario_clear" is missing/,
  ],
  [
    'duplicated header',
    () => csvVariant('dup-header', (r) => r.map((row, i) => [...row, i === 0 ? 'clear' : ''])),
    /ann\.csv, line 1, column "clear": column "clear" appears more than once/,
  ],
  [
    'header only (xlsx)',
    () =>
      xlsxVariant('header-only', (s) =>
        s.eachRow((row, n) => {
          if (n > 1) row.eachCell((c) => (c.value = null));
        }),
      ),
    /sheet "Items", row 2: the sheet has a header but no rows/,
  ],
  ['empty file (csv)', () => csvVariant('empty', () => ''), /ann\.csv, row 1: the sheet is empty/],
  [
    'no Items sheet',
    () => xlsxVariant('no-sheet', (s, wb) => wb.removeWorksheet(s.id)),
    /sheet "Items": no sheet named "Items"/,
  ],
  [
    'blank item id',
    () => xlsxVariant('blank-id', (s) => (cell(s, 4, 'scenario_id').value = null)),
    /row 4, column "scenario_id": the item id is blank/,
  ],
  [
    'item of another annotator',
    () => xlsxVariant('foreign', (s) => (cell(s, 2, 'scenario_id').value = foreignItem())),
    /was not assigned to ann/,
  ],
  [
    'unknown annotator file name',
    () => {
      const f = join(broken, 'zed.csv');
      mkdirSync(broken, { recursive: true });
      copyFileSync(join(dir, 'ann.csv'), f);
      return f;
    },
    /zed\.csv: "zed" is not an annotator of round-1/,
  ],
  [
    'not a workbook',
    () => {
      mkdirSync(join(broken, 'corrupt'), { recursive: true });
      const f = join(broken, 'corrupt', 'ann.xlsx');
      writeFileSync(f, 'not a zip');
      return f;
    },
    /not a readable \.xlsx workbook/,
  ],
  [
    'unsupported format',
    () => {
      mkdirSync(join(broken, 'ods'), { recursive: true });
      const f = join(broken, 'ods', 'ann.ods');
      writeFileSync(f, 'x');
      return f;
    },
    /unsupported file type "\.ods"/,
  ],
];

function foreignItem(): string {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    items: { item_id: string; annotators: string[] }[];
  };
  return manifest.items.find((i) => !i.annotators.includes('ann'))!.item_id;
}

describe('broken filled sheets are rejected with a located message', () => {
  it.each(cases)('%s', async (_name, make, message) => {
    const file = await make();
    const err = await importQcFiles(ws, 'pact', [file], 'round-1').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(message);
  });

  it('a rejected file stores nothing', async () => {
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, 'ratings.jsonl'))).toBe(false);
  });
});

const BIN = resolve(import.meta.dirname, '../../bin/normforge.js');

function runCli(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('the real CLI: `normforge qc import` on a broken sheet exits 2 and names the place on stderr', () => {
  const representative = [
    'unknown id (xlsx)',
    'value outside the list (csv)',
    'renamed column (xlsx)',
    'header only (xlsx)',
    'empty file (csv)',
  ];
  it.each(cases.filter(([name]) => representative.includes(name)))(
    '%s',
    async (_name, make, message) => {
      const file = await make();
      const { code, stdout, stderr } = await runCli(ws.root, ['qc', 'import', 'pact', file]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toContain(file);
      expect(stdout).toBe('');
    },
    60_000,
  );
});
