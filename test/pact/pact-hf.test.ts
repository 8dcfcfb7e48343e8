import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandItem } from '../../src/pact/dyads.ts';
import { PACT_HF_COLUMNS, readPactHfCsv, toPactHfRow, writePactHfCsv } from '../../src/pact/pact-hf.ts';
import { createRelationPicker } from '../../src/pact/relations.ts';
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
