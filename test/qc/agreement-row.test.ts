import { describe, expect, it } from 'vitest';
import { bootstrapCi, gwetAc } from '../../src/stats/agreement.ts';
import { agreementRow } from '../../src/qc/stats.ts';
import { AgreementRowSchema } from '../../src/qc/stats-schemas.ts';

const rows = (n: number, a: string | null, b: string | null, c: string | null) =>
  Array.from({ length: n }, () => [a, b, c]);

describe('QC agreement row (stats.json)', () => {
  it("intervals are the generic bootstrap's, with the resamples used and a reason for every null", () => {
    const m = [
      ...rows(8, 'yes', 'yes', 'yes'),
      ...rows(2, 'yes', 'no', null),
      ...rows(3, 'no', 'no', 'yes'),
      ...rows(2, null, 'no', null),
    ];
    const row = AgreementRowSchema.parse(agreementRow(m, 4));
    const slow = bootstrapCi(m, (x) => gwetAc(x, { categories: ['yes', 'no'] }), { seed: 4, replicates: 1000 });
    expect(row.ci95.gwet_ac1![0]).toBeCloseTo(slow.low!, 12);
    expect(row.ci95.gwet_ac1![1]).toBeCloseTo(slow.high!, 12);
    expect(row.bootstrap).toEqual({
      replicates: 1000,
      seed: 4,
      used: { observed: 1000, pabak: 1000, gwet_ac1: slow.replicates },
    });
    expect(row.reasons).toEqual({});
  });

  it('a table with no item rated twice: every value null, each with its reason', () => {
    const row = agreementRow(
      [
        ['yes', null, null],
        [null, 'no', null],
      ],
      1,
    );
    for (const name of ['observed', 'pabak', 'gwet_ac1'] as const) {
      expect(row[name]).toBeNull();
      expect(row.ci95[name]).toBeNull();
      expect(row.reasons?.[name]).toMatch(/two or more raters/);
    }
  });

  it('a value with a null interval says why (one item only: nothing to resample)', () => {
    const row = agreementRow([['yes', 'yes', 'no']], 1);
    expect(row.observed).not.toBeNull();
    expect(row.ci95.observed).toBeNull();
    expect(row.reasons?.observed).toMatch(/no interval: fewer than two items to resample/);
  });
});
