import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGREEMENT_CONVENTIONS } from '../../src/cli/commands/agreement-help.ts';
import { runCli } from '../helpers/cli.ts';

/** Issue 7: "--json prints one object with" exactly these keys. */
const KEYS = [
  'n_items',
  'n_raters',
  'percent_agreement',
  'pabak',
  'gwet_ac1',
  'gwet_ac2_linear',
  'gwet_ac2_quadratic',
  'fleiss_kappa',
  'cohen_kappa',
  'krippendorff_alpha',
  'ci95',
];
const STATISTICS = KEYS.slice(2, -1);

/** The documented keys in their order, then the explanations: reasons for nulls, the bootstrap's resamples, empty rater columns. */
const PRINTED = [...KEYS, 'undefined_reasons', 'ci95_reasons', 'bootstrap', 'empty_rater_columns'];

function agreementText(csv: string, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'nf-agr-cli-'));
  writeFileSync(join(dir, 'ratings.csv'), csv);
  return runCli(['agreement', '--ratings', 'ratings.csv', ...args], { cwd: dir });
}

function agreementCli(csv: string, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'nf-agr-cli-'));
  writeFileSync(join(dir, 'ratings.csv'), csv);
  return runCli(['agreement', '--ratings', 'ratings.csv', '--replicates', '200', '--json', ...args], { cwd: dir });
}

async function agreementJson(csv: string, args = ['--scale', 'ordinal']): Promise<Record<string, unknown>> {
  const res = await agreementCli(csv, args);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Record<string, unknown>;
}

describe('normforge agreement --json', () => {
  it("prints issue 7's keys in its order (then undefined_reasons), with a 95% interval per statistic (Gwet's Ben/Gerry data, one rating missing)", async () => {
    const ben = 'a a b b d c c c e d d a'.split(' ').map((c) => 'abcde'.indexOf(c) + 1);
    const gerry = 'b a b b b c c c e - d d'.split(' ').map((c) => (c === '-' ? '' : String('abcde'.indexOf(c) + 1)));
    const out = await agreementJson(`unit,Ben,Gerry\n${ben.map((b, i) => `${i + 1},${b},${gerry[i]}`).join('\n')}\n`);
    expect(Object.keys(out)).toEqual(PRINTED);
    expect(Object.keys(out.ci95 as object)).toEqual(STATISTICS);
    expect(out).toMatchObject({ n_items: 12, n_raters: 2 });
    expect(out.cohen_kappa as number).toBeCloseTo(69 / 105, 10);
    const ci = (out.ci95 as Record<string, [number, number] | null>).cohen_kappa!;
    expect(ci[0]).toBeLessThanOrEqual(ci[1]);
  });

  it('an all-empty rater column is left out of n_raters and named; the resamples per statistic are printed', async () => {
    const out = await agreementJson('unit,A,B,C\n1,1,,1\n2,2,,2\n3,3,,3\n4,1,,2\n5,2,,2\n6,3,,1\n');
    expect(out).toMatchObject({ n_raters: 2, empty_rater_columns: ['B'] });
    expect(out.cohen_kappa).not.toBeNull();
    expect(out.bootstrap).toMatchObject({
      replicates: 200,
      seed: 0,
      level: 0.95,
      resamples_used: { percent_agreement: 200 },
    });
  });

  const small = 'unit,A,B\n1,1,1\n2,2,2\n3,3,1\n4,1,1\n';

  it('--replicates 0 prints point estimates only and says so, never NaN', async () => {
    const text = await agreementText(small, ['--scale', 'ordinal', '--replicates', '0']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/point estimates only \(--replicates 0\): no intervals/);
    expect(text.stdout).not.toMatch(/NaN/);
  });

  it('--replicates 0 --json: every interval null, with the reason', async () => {
    const json = await agreementJson(small, ['--scale', 'ordinal', '--replicates', '0']);
    expect(Object.values(json.ci95 as object).every((c) => c === null)).toBe(true);
    expect((json.ci95_reasons as Record<string, string>).pabak).toMatch(/point estimates only/);
  });

  it('--replicates between 1 and 99 is a usage error (exit 2)', async () => {
    const few = await agreementText(small, ['--scale', 'ordinal', '--replicates', '20']);
    expect([few.code, few.stderr]).toEqual([
      2,
      expect.stringMatching(/--replicates.*0 \(point estimates only\) or at least 100/),
    ]);
  });

  it('--help explains the conventions: PABAK for k > 2, missing data in Fleiss and Cohen, the ordinal alpha', async () => {
    const help = (await runCli(['agreement', '--help'], { cwd: tmpdir() })).stdout;
    expect(help).toMatch(/Brennan.Prediger/);
    expect(help).toMatch(/Byrt/);
    expect(help).toMatch(/Conger/);
    expect(help).toMatch(/Gwet/);
    expect(help).toMatch(/ordinal metric/);
    // the README carries the same text, word for word
    expect(readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8')).toContain(AGREEMENT_CONVENTIONS);
    expect(help.replace(/\s+/g, ' ')).toContain(AGREEMENT_CONVENTIONS.replace(/\s+/g, ' '));
  });

  it('cohen_kappa is null with more than two raters; the keys stay the same', async () => {
    const out = await agreementJson('unit,A,B,C\n1,1,1,2\n2,2,2,2\n3,3,3,3\n4,1,2,1\n5,2,2,3\n');
    expect(Object.keys(out)).toEqual(PRINTED);
    expect(out.cohen_kappa).toBeNull();
    expect((out.ci95 as Record<string, unknown>).cohen_kappa).toBeNull();
    expect((out.undefined_reasons as Record<string, string>).cohen_kappa).toMatch(/exactly two raters/);
  });

  const unanimous = 'item,a,b,c\n1,yes,yes,yes\n2,yes,yes,\n3,yes,yes,yes\n4,yes,,yes\n';

  it('everyone said one category: PABAK and AC1 are null with the reason', async () => {
    const bare = await agreementJson(unanimous, ['--scale', 'nominal']);
    expect(bare).toMatchObject({ percent_agreement: 1, pabak: null, gwet_ac1: null });
    expect(bare.undefined_reasons).toMatchObject({ pabak: 'fewer than two categories', gwet_ac1: expect.any(String) });
  });

  it('… unless --categories declares the set', async () => {
    const declared = await agreementJson(unanimous, ['--scale', 'nominal', '--categories', 'yes,no']);
    expect(Object.keys(declared)).toEqual(PRINTED);
    // q = 2, pa = 1: PABAK = (1 - 1/2) / (1 - 1/2) = 1; AC1: pe = Σ π_k(1 - π_k) / (q - 1) = 0, so AC1 = 1
    expect(declared).toMatchObject({ percent_agreement: 1, pabak: 1, gwet_ac1: 1 });
    expect(declared.undefined_reasons).not.toHaveProperty('pabak');
    expect(declared.undefined_reasons).not.toHaveProperty('gwet_ac1');
  });

  it('with three declared categories PABAK is still 1 (pa = 1), as the formula gives', async () => {
    expect(await agreementJson(unanimous, ['--scale', 'nominal', '--categories', 'yes,no,unsure'])).toMatchObject({
      pabak: 1,
    });
  });

  it('--categories: a rating outside the set is bad input (exit 2), naming line and column', async () => {
    const outside = await agreementCli(unanimous.replace('4,yes,,yes', '4,yes,,maybe'), [
      '--scale',
      'nominal',
      '--categories',
      'yes,no',
    ]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(
      /ratings\.csv, line 5, column "c": "maybe" is not one of the declared --categories \(yes, no\)/,
    );
  });

  it('--categories: a repeated category is bad input (exit 2)', async () => {
    const repeated = await agreementCli(unanimous, ['--scale', 'nominal', '--categories', 'yes,no,yes']);
    expect([repeated.code, repeated.stderr]).toEqual([
      2,
      expect.stringMatching(/--categories lists yes more than once/),
    ]);
  });

  it('--categories: a non-numeric category on an ordered scale is bad input (exit 2)', async () => {
    const notNumber = await agreementCli('item,a,b\n1,1,1\n', ['--scale', 'ordinal', '--categories', '1,2,high']);
    expect([notNumber.code, notNumber.stderr]).toEqual([2, expect.stringMatching(/not a number: "high"/)]);
  });
});
