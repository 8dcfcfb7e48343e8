import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandItem } from '../../src/pact/dyads.ts';
import { PACT_HF_COLUMNS, readPactHfCsv, toPactHfRow, writePactHfCsv } from '../../src/pact/pact-hf.ts';
import { createRelationPicker } from '../../src/pact/relations.ts';
import { WORLD_COUNTRIES, createCountryResolver, sourceSpelling } from '../../src/pact/countries.ts';
import { readCsvHeader } from '../../src/io/csv.ts';
import { item, tempDir } from './helpers.ts';

describe('pact-hf layout', () => {
  const opts = { seed: 5, configurations: false, picker: createRelationPicker() };
  const instances = [...expandItem(item('normad', '12', 'KR', 'south_korea'), opts), ...expandItem(item('cultureatlas', '000123', 'IR', 'Islamic Republic of Iran'), opts)];

  it('writes the 11 published columns in order and reads them back unchanged', async () => {
    const file = join(tempDir(), 'pact.csv');
    expect(await writePactHfCsv(file, instances)).toBe(96);
    expect(await readCsvHeader(file)).toEqual(PACT_HF_COLUMNS);
    expect(PACT_HF_COLUMNS).toHaveLength(11);
    const rows = await readPactHfCsv(file);
    expect(rows).toEqual(instances.map(toPactHfRow));
  });

  it('keeps source spellings of countries and 12-character ids', () => {
    const far = toPactHfRow(instances.find((i) => i.relation === 'far' && i.source === 'normad')!);
    expect(far.base_country).toBe('south_korea');
    expect(far.receiver_country).toBe('south_korea');
    expect(far.actor_country).toMatch(/^[a-z_\-ü]+$/);
    expect(far.pact_item_id).toHaveLength(12);
    const same = toPactHfRow(instances.find((i) => i.relation === 'same' && i.source === 'cultureatlas')!);
    expect(same.actor_country).toBe('Islamic Republic of Iran');
    expect(same.source_row).toBe(123);
  });

  it('spells other actor countries the way the source spells countries: CultureAtlas UN-style names, NormAd slugs', () => {
    const ca = instances.find((i) => i.source === 'cultureatlas' && i.relation === 'far')!;
    const nd = instances.find((i) => i.source === 'normad' && i.relation === 'far')!;
    const actor = (i: typeof ca, iso: string) => toPactHfRow({ ...i, actor_country: iso }).actor_country;
    expect(actor(ca, 'RU')).toBe('Russian Federation');
    expect(actor(ca, 'LA')).toBe("Lao People's Democratic Republic");
    expect(actor(ca, 'US')).toBe('United States of America');
    expect(actor(ca, 'VN')).toBe('Viet Nam');
    expect(actor(ca, 'TR')).toBe('Türkiye');
    expect(actor(ca, 'JP')).toBe('Japan');
    expect(actor(nd, 'IR')).toBe('iran');
    expect(actor(nd, 'US')).toBe('united_states_of_america');
    expect(toPactHfRow({ ...nd, actor_country: 'KR', receiver_country: 'KR' }).actor_country).toBe('south_korea');
  });

  it('every country written in either spelling resolves back to the same ISO code', () => {
    const resolver = createCountryResolver();
    for (const source of ['normad', 'cultureatlas'] as const) {
      for (const { cca2 } of WORLD_COUNTRIES) {
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
    writeFileSync(bad, `${header}\n000000123456,normad,7,india,close,nepal,india,S,C,P,yes\n000000123457,normad,8,india,near,nepal,india,S,C,P,yes\n`);
    await expect(readPactHfCsv(bad)).rejects.toThrow(/bad\.csv, line 3, column "scenario_type"/);
  });
});
