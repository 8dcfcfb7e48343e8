import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportQcRound } from '../../src/qc/export.ts';
import { fixtureWorkspace } from './fixtures.ts';

/** The sheet XML of every worksheet in the workbook, as Excel and LibreOffice read it. */
function worksheetsXml(file: string): string {
  return execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet*.xml'], { encoding: 'utf8' });
}

/** Every `<dataValidation … sqref="…">` of the XML: its cell ranges and its list formula. */
function validations(xml: string): Array<{ sqref: string; list: string }> {
  return [...xml.matchAll(/<dataValidation\b([^>]*)>([\s\S]*?)<\/dataValidation>/g)].map((m) => ({
    sqref: /sqref="([^"]+)"/.exec(m[1])![1],
    list: /<formula1>([\s\S]*?)<\/formula1>/.exec(m[2])![1],
  }));
}

describe('exported .xlsx: drop-down validations', () => {
  it.each([
    ['pact', ['plausible', 'clear', 'scenario_clear'], '&quot;yes,no&quot;'],
    ['sociocultural-statements', ['relevant', 'score'], null],
  ] as const)(
    '%s: each judgment column carries exactly one validation range over all its rows (none overlap)',
    async (dataset, judgments, list) => {
      const ws = fixtureWorkspace();
      const { dir } = await exportQcRound(ws, dataset, {
        size: 20,
        overlap: 8,
        seed: 2,
        annotators: ['ann', 'bo'],
        round: 'round-1',
      });
      const file = join(dir, 'ann.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const sheet = wb.getWorksheet('Items')!;
      const header = (sheet.getRow(1).values as string[]).slice(1);
      const lastRow = sheet.rowCount;
      expect(lastRow).toBeGreaterThanOrEqual(11); // ten data rows or more: where exceljs used to overlap ranges

      const found = validations(worksheetsXml(file));
      const expected = judgments.map((j) => {
        const letter = sheet.getColumn(header.indexOf(j) + 1).letter;
        return `${letter}2:${letter}${lastRow}`;
      });
      expect(found.map((v) => v.sqref).sort()).toEqual([...expected].sort());
      if (list) for (const v of found) expect(v.list).toBe(list);
    },
  );
});
