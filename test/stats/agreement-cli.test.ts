import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = resolve(import.meta.dirname, '../../src/cli/main.ts');
const TSX = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
/** Issue 7: "--json prints one object with" exactly these keys. */
const KEYS = ['n_items', 'n_raters', 'percent_agreement', 'pabak', 'gwet_ac1', 'gwet_ac2_linear', 'gwet_ac2_quadratic', 'fleiss_kappa', 'cohen_kappa', 'krippendorff_alpha', 'ci95'];
const STATISTICS = KEYS.slice(2, -1);

function agreementJson(csv: string): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'nf-agr-cli-'));
  writeFileSync(join(dir, 'ratings.csv'), csv);
  const res = spawnSync(TSX, [MAIN, 'agreement', '--ratings', 'ratings.csv', '--scale', 'ordinal', '--replicates', '200', '--json'], { cwd: dir, encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Record<string, unknown>;
}

describe('normforge agreement --json', () => {
  it("prints exactly issue 7's keys, with a 95% interval per statistic (Gwet's Ben/Gerry data, one rating missing)", () => {
    const ben = 'a a b b d c c c e d d a'.split(' ').map((c) => 'abcde'.indexOf(c) + 1);
    const gerry = 'b a b b b c c c e - d d'.split(' ').map((c) => (c === '-' ? '' : String('abcde'.indexOf(c) + 1)));
    const out = agreementJson(`unit,Ben,Gerry\n${ben.map((b, i) => `${i + 1},${b},${gerry[i]}`).join('\n')}\n`);
    expect(Object.keys(out)).toEqual(KEYS);
    expect(Object.keys(out.ci95 as object)).toEqual(STATISTICS);
    expect(out).toMatchObject({ n_items: 12, n_raters: 2 });
    expect(out.cohen_kappa as number).toBeCloseTo(69 / 105, 10);
    const ci = (out.ci95 as Record<string, [number, number] | null>).cohen_kappa!;
    expect(ci[0]).toBeLessThanOrEqual(ci[1]);
  });

  it('cohen_kappa is null with more than two raters; the keys stay the same', () => {
    const out = agreementJson('unit,A,B,C\n1,1,1,2\n2,2,2,2\n3,3,3,3\n4,1,2,1\n5,2,2,3\n');
    expect(Object.keys(out)).toEqual(KEYS);
    expect(out.cohen_kappa).toBeNull();
    expect((out.ci95 as Record<string, unknown>).cohen_kappa).toBeNull();
  });
});
