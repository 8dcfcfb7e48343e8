import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutralizeCsvCell, restoreCsvCell } from '../../src/qc/cells.ts';
import { computeAgreement } from '../../src/cli/actions/agreement.ts';
import { UserError } from '../../src/errors.ts';

describe('CSV injection guard (OWASP)', () => {
  it('prefixes formula triggers with a quote and import strips exactly that prefix', () => {
    for (const text of ['=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', '\rx']) {
      expect(neutralizeCsvCell(text)).toBe(`'${text}`);
      expect(restoreCsvCell(neutralizeCsvCell(text))).toBe(text);
    }
    expect(neutralizeCsvCell('plain')).toBe('plain');
    expect(restoreCsvCell("'quoted on purpose")).toBe("'quoted on purpose");
  });
});

describe('agreement --ratings table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nf-agr-'));
  it("computes Krippendorff's example from a wide CSV with blanks", async () => {
    const file = join(dir, 'k.csv');
    writeFileSync(
      file,
      'unit,A,B,C,D\n1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n4,3,3,3,3\n5,2,2,2,2\n6,1,2,3,4\n7,4,4,4,4\n8,1,1,2,1\n9,2,2,2,2\n10,,5,5,5\n11,,,1,1\n12,,3,,\n',
    );
    const s = await computeAgreement(file, 'ordinal', 0, 200);
    expect(s.n_items).toBe(12);
    expect(s.krippendorff_alpha).toBeCloseTo(0.815388, 4);
    expect(s.gwet_ac1).toBeCloseTo(0.775444, 4);
    expect(s.cohen_kappa).toBeNull();
  });
  it('rejects a non-number on an ordinal scale, naming line and column', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'item,r1,r2\na,1,2\nb,x,2\n');
    await expect(computeAgreement(file, 'ordinal')).rejects.toThrow(UserError);
    await expect(computeAgreement(file, 'ordinal')).rejects.toThrow(
      /line 3, column "r1": "x" is not a plain decimal number.*but the scale is ordinal/,
    );
  });
});
