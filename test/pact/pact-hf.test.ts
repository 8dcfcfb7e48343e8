import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandItem } from '../../src/pact/dyads.ts';
import { PACT_HF_COLUMNS, readPactHfCsv, toPactHfRow, writePactHfCsv } from '../../src/pact/pact-hf.ts';
import { createRelationPicker } from '../../src/pact/relations.ts';
import { worldCountries, createCountryResolver, releaseSpelling, sourceSpelling } from '../../src/pact/countries.ts';
import { readCsvHeader } from '../../src/io/csv.ts';
import { item, tempDir } from './helpers.ts';

describe('pact-hf layout', () => {
  const opts = { seed: 5, configurations: false, picker: createRelationPicker() };
  const instances = [
    ...expandItem(item('normad', '12', 'KR', 'south_korea'), opts),
    ...expandItem(item('cultureatlas', '000123', 'IR', 'Islamic Republic of Iran'), opts),
  ];

  it('writes the 11 published columns in order and reads them back unchanged', async () => {
    const file = join(tempDir(), 'pact.csv');
    expect(await writePactHfCsv(file, instances)).toBe(96);
    expect(await readCsvHeader(file)).toEqual(PACT_HF_COLUMNS);
    expect(PACT_HF_COLUMNS).toHaveLength(11);
    const rows = await readPactHfCsv(file);
    expect(rows).toEqual(instances.map(toPactHfRow));
  });

  it('keeps a source spelling of countries and 12-character ids', () => {
    const far = toPactHfRow(instances.find((i) => i.relation === 'far' && i.source === 'normad')!);
    expect(far.base_country).toBe('south_korea');
    expect(far.receiver_country).toBe('south_korea');
    expect(far.actor_country).toMatch(/^[A-Za-z_\-ü' ]+$/);
    expect(far.pact_item_id).toHaveLength(12);
    const same = toPactHfRow(instances.find((i) => i.relation === 'same' && i.source === 'cultureatlas')!);
    expect(same.source_row).toBe(123);
  });

  it('spells each country one way in the whole file, chosen by ISO code: NormAd’s slug where NormAd has the country, else CultureAtlas’ UN-style name', () => {
    const ca = instances.find((i) => i.source === 'cultureatlas' && i.relation === 'far')!;
    const nd = instances.find((i) => i.source === 'normad' && i.relation === 'far')!;
    const actor = (i: typeof ca, iso: string) => toPactHfRow({ ...i, actor_country: iso }).actor_country;
    for (const iso of ['RU', 'LA', 'US', 'VN', 'TR', 'JP', 'IR', 'BO', 'NO', 'CD'])
      expect(actor(ca, iso), iso).toBe(actor(nd, iso));
    expect(actor(ca, 'TR')).toBe('türkiye');
    expect(actor(ca, 'IR')).toBe('iran');
    expect(actor(nd, 'BO')).toBe('Plurinational State of Bolivia');
    expect(actor(nd, 'NO')).toBe('Norway');
    // The Iranian CultureAtlas item's base country, published as "Islamic Republic of Iran", is spelled like NormAd's Iran.
    const same = toPactHfRow(instances.find((i) => i.relation === 'same' && i.source === 'cultureatlas')!);
    expect([same.base_country, same.actor_country, same.receiver_country]).toEqual(['iran', 'iran', 'iran']);
  });

  it('a file mixing both sources counts each country once (the card’s count is true)', async () => {
    const mixed = [
      ...expandItem(item('normad', '7', 'TR', 'türkiye'), opts),
      ...expandItem(item('cultureatlas', '000008', 'TR', 'Türkiye'), opts),
      ...instances,
    ];
    const rows = mixed.map(toPactHfRow);
    const countries = new Set(mixed.flatMap((i) => [i.receiver_country, i.actor_country]));
    expect(new Set(rows.flatMap((r) => [r.base_country, r.actor_country])).size).toBe(countries.size);
    expect(new Set(rows.map((r) => r.base_country))).toEqual(new Set(['south_korea', 'iran', 'türkiye']));
  });

  it('every country written in any spelling resolves back to the same ISO code', () => {
    const resolver = createCountryResolver();
    for (const { cca2 } of worldCountries())
      expect(resolver.resolve(releaseSpelling(cca2)), cca2).toEqual({ iso2: cca2 });
    for (const source of ['normad', 'cultureatlas'] as const) {
      for (const { cca2 } of worldCountries()) {
        const name = sourceSpelling(cca2, source);
        expect(resolver.resolve(name), `${source} ${cca2} "${name}"`).toEqual({ iso2: cca2 });
      }
    }
  });

  it('reads all-digit ids as strings and names the line of a bad row', async () => {
    const dir = tempDir();
    const header = PACT_HF_COLUMNS.join(',');
    const ok = join(dir, 'ok.csv');
    writeFileSync(ok, `${header}\n000000123456,normad,7,india,close,nepal,india,S,C,P,yes\n`);
    const [row] = await readPactHfCsv(ok);
    expect(row.pact_item_id).toBe('000000123456');
    expect(row.source_row).toBe(7);
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      `${header}\n000000123456,normad,7,india,close,nepal,india,S,C,P,yes\n000000123457,normad,8,india,near,nepal,india,S,C,P,yes\n`,
    );
    await expect(readPactHfCsv(bad)).rejects.toThrow(/bad\.csv, line 3, column "scenario_type"/);
  });
});
