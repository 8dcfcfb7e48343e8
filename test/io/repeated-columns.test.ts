import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { computeAgreement } from '../../src/cli/actions/agreement.ts';
import { readCsv, readCsvHeader } from '../../src/io/csv.ts';
import { readSheet } from '../../src/io/xlsx.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'nf-dupcols-'));

async function drain(file: string): Promise<void> {
  for await (const _ of readCsv(file)) void _;
}

describe('repeated column names', () => {
  it('two raters who disagree everywhere under one repeated name are refused, not reported at 1.0 agreement', async () => {
    const file = join(dir(), 'ratings.csv');
    writeFileSync(file, 'item,r1,r1\na,yes,no\nb,no,yes\nc,yes,no\n');
    await expect(computeAgreement(file, 'nominal', 0, 10)).rejects.toThrow(
      `${file}, line 1, column "r1": column "r1" appears more than once`,
    );
  });

  it('readCsv and readCsvHeader refuse a repeated name (also one differing only by spaces), naming file and column', async () => {
    const file = join(dir(), 'x.csv');
    writeFileSync(file, 'id,score, score\n1,2,3\n');
    await expect(drain(file)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('column "score"'),
    });
    await expect(readCsvHeader(file)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining(`${file}, line 1, column "score"`),
    });
  });

  it('a sheet with a repeated header is refused naming file, sheet and column', async () => {
    const file = join(dir(), 'x.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Items');
    ws.addRow(['id', 'r1', 'r1']);
    ws.addRow(['a', 'yes', 'no']);
    await wb.xlsx.writeFile(file);
    await expect(readSheet(file, 'Items')).rejects.toThrow(
      `${file}, sheet "Items", row 1, column "r1": column "r1" appears more than once`,
    );
  });
});
