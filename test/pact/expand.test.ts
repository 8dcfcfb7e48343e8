import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonl, readJsonlAll } from '../../src/io/jsonl.ts';
import { readParquet, readParquetMetadata } from '../../src/io/parquet.ts';
import { PactInstanceSchema, type PactInstance } from '../../src/schemas/records.ts';
import { expandDyads } from '../../src/stages/expand-dyads.ts';
import { item, runStage, tempDir, workspace } from './helpers.ts';

const ITEMS = [
  item('normad', '0', 'IN', 'india'),
  item('normad', '1', 'TL', 'timor-leste'),
  item('cultureatlas', '0', 'LA', "Lao People's Democratic Republic"),
  item('cultureatlas', '1', 'FJ', 'Fiji'),
  item('cultureatlas', '2', 'IR', 'Islamic Republic of Iran'),
];

async function expand(params: Record<string, unknown>, config: Record<string, unknown> = {}) {
  const root = tempDir();
  await writeJsonl(join(root, 'data/interim/pact-items.jsonl'), ITEMS);
  const result = await runStage(expandDyads, workspace(root, config), params);
  const jsonl = readFileSync(join(root, 'data/final/pact.jsonl'));
  const parquet = readFileSync(join(root, 'data/final/pact.parquet'));
  const instances = await readJsonlAll(join(root, 'data/final/pact.jsonl'), PactInstanceSchema);
  return { root, result, jsonl, parquet, instances };
}

const combination = (i: PactInstance) =>
  [i.scenario_id, i.relation, i.actor_age, i.actor_gender, i.receiver_age, i.receiver_gender, i.configuration].join(
    '|',
  );

describe('expand-dyads', () => {
  it('turns 2 NormAd and 3 CultureAtlas items into exactly 240 instances, each combination once', async () => {
    const { instances, result, root } = await expand({ seed: 1 });
    expect(instances).toHaveLength(240);
    expect(result.counts).toMatchObject({ items: 5, instances: 240, same: 80, close: 80, far: 80 });
    expect(new Set(instances.map(combination)).size).toBe(240);
    expect(new Set(instances.map((i) => i.instance_id)).size).toBe(240);
    for (const i of instances) {
      expect(i.receiver_country).toBe(i.country);
      expect(i.configuration).toBeNull();
      expect(Object.keys(i.configuration_texts ?? {})).toEqual(['C1', 'C2', 'C3']);
      const culture = i.culture_option === 'A' ? i.option_a : i.option_b;
      expect(culture).toBe(i.follow_culture_option);
    }
    const fromParquet = await readParquet(join(root, 'data/final/pact.parquet'), PactInstanceSchema);
    expect(fromParquet).toHaveLength(240);
    // readParquet gives undefined for a null scalar; the JSONL keeps null
    expect({ ...fromParquet[7], configuration: fromParquet[7].configuration ?? null }).toEqual(
      JSON.parse(JSON.stringify(instances[7])),
    );
  });

  it('writes one instance per configuration with its wording when configurations is on', async () => {
    const { instances } = await expand({ seed: 1, configurations: true });
    expect(instances).toHaveLength(720);
    expect(new Set(instances.map(combination)).size).toBe(720);
    const c1 = instances.find((i) => i.configuration === 'C1')!;
    expect(c1.scenario).toContain(`The actor personally prefers: ${c1.personal_preference}`);
    expect(c1.configuration_texts).toBeNull();
  });

  it('writes both files in instance_id order (the releases stream them in it), the simulated flag in the Parquet', async () => {
    const { instances, root } = await expand({ seed: 3, configurations: true });
    const ids = instances.map((i) => i.instance_id);
    expect(ids).toEqual([...ids].sort());
    const fromParquet = await readParquet(join(root, 'data/final/pact.parquet'), PactInstanceSchema);
    expect(fromParquet.map((i) => i.instance_id)).toEqual(ids);
    expect(await readParquetMetadata(join(root, 'data/final/pact.parquet'))).toEqual({
      'normforge.simulated': String(ITEMS.some((i) => i.simulated)),
    });
  });

  it('gives byte-identical files for the same seed', async () => {
    const a = await expand({ seed: 7 });
    const b = await expand({ seed: 7 });
    expect(a.jsonl.equals(b.jsonl)).toBe(true);
    expect(a.parquet.equals(b.parquet)).toBe(true);
  });

  it('another seed changes only the actor country picks and the option order', async () => {
    const a = (await expand({ seed: 1 })).instances;
    const b = (await expand({ seed: 2 })).instances;
    const strip = ({
      actor_country: _a,
      option_a: _oa,
      option_b: _ob,
      culture_option: _c,
      scenario: _s,
      ...rest
    }: PactInstance) => rest;
    expect(b.map(strip)).toEqual(a.map(strip));
    expect(a.some((x, k) => x.culture_option !== b[k].culture_option)).toBe(true);
    expect(a.some((x, k) => x.actor_country !== b[k].actor_country)).toBe(true);
    for (const [k, x] of a.entries()) if (x.relation === 'same') expect(b[k].actor_country).toBe(x.actor_country);
  });

  it('uses a user relation table instead of the built-in rule', async () => {
    const root = tempDir();
    const table = join(root, 'relations.csv');
    (await import('node:fs')).writeFileSync(
      table,
      'country,relation,other\nindia,close,Bangladesh\nIndia,far,Canada\nindia,far,United States of America\n',
    );
    const { instances } = await expand({ seed: 3 }, { sources: { countryRelations: table } });
    const india = instances.filter((i) => i.country === 'IN');
    expect(new Set(india.filter((i) => i.relation === 'close').map((i) => i.actor_country))).toEqual(new Set(['BD']));
    expect(['CA', 'US']).toContain(india.find((i) => i.relation === 'far')!.actor_country);
  });
});
