import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAgreement } from '../../src/cli/commands/agreement.ts';
import { wholeNumber } from '../../src/cli/options.ts';
import { exportQcRound } from '../../src/qc/export.ts';
import { importQcFiles } from '../../src/qc/import.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';
import { fixtureWorkspace } from './fixtures.ts';

let ws: Workspace;
let dir: string;

beforeAll(async () => {
  ws = fixtureWorkspace();
  ({ dir } = await exportQcRound(ws, 'sociocultural-statements', {
    size: 10,
    overlap: 2,
    seed: 3,
    annotators: ['ann', 'bo'],
    round: 'round-1',
  }));
});

async function filledWith(
  name: string,
  fill: (cell: (row: number, header: string) => ExcelJS.Cell) => void,
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, 'ann.xlsx'));
  const sheet = wb.getWorksheet('Items')!;
  const headers = (sheet.getRow(1).values as string[]).slice(1);
  fill((row, header) => sheet.getRow(row).getCell(headers.indexOf(header) + 1));
  const out = join(dir, name);
  mkdirSync(out, { recursive: true });
  await wb.xlsx.writeFile(join(out, 'ann.xlsx'));
  return join(out, 'ann.xlsx');
}

function csvWith(name: string, edit: (rows: string[][]) => void): string {
  const rows = parse(readFileSync(join(dir, 'ann.csv'), 'utf8'), { bom: true }) as string[][];
  edit(rows);
  const out = join(dir, name);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'ann.csv'), stringify(rows));
  return join(out, 'ann.csv');
}

const failure = (file: string) =>
  importQcFiles(ws, 'sociocultural-statements', [file], 'round-1').then(
    () => null,
    (e: unknown) => e,
  );

describe('formula cells in a filled sheet', () => {
  it('a formula with a cached result is refused naming sheet, row and column, not read as its value', async () => {
    const file = await filledWith('cached', (cell) => {
      cell(2, 'relevant').value = 'yes';
      cell(3, 'relevant').value = { formula: 'IF(1=1,"yes","no")', result: 'yes' };
    });
    expect(await failure(file)).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('sheet "Items", row 3, column "relevant": type the value, not a formula'),
    });
  });

  it('a formula without a cached result is refused too, not read as blank', async () => {
    const file = await filledWith('uncached', (cell) => {
      cell(2, 'relevant').value = { formula: 'B2' } as ExcelJS.CellFormulaValue;
    });
    expect(await failure(file)).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/row 2, column "relevant": type the value, not a formula \(found "=B2"\)/),
    });
  });
});

describe('numbers are read only in plain decimal form', () => {
  it('a score typed as 0x2 is refused, not read as 2', async () => {
    const file = csvWith('hex', (rows) => {
      const [header] = rows;
      rows[1][header.indexOf('relevant')] = 'yes';
      rows[1][header.indexOf('score')] = '0x2';
    });
    expect(await failure(file)).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/row 2, column "score": "0x2" is not allowed/),
    });
  });

  it('an interval rating of 0x10 is refused, not read as 16', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nf-hex-')), 'ratings.csv');
    writeFileSync(file, 'item,r1,r2\na,1,2\nb,0x10,3\n');
    await expect(computeAgreement(file, 'interval', 0, 10)).rejects.toThrow(
      `${file}, line 3, column "r1": "0x10" is not a plain decimal number`,
    );
  });

  it('numeric options refuse hexadecimal, binary and exponent forms', () => {
    const parse = wholeNumber(0);
    expect(parse('16')).toBe(16);
    for (const text of ['0x10', '0b1', '1e3', ' ', 'Infinity']) expect(() => parse(text), text).toThrow(/whole number/);
  });
});
