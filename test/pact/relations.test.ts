import { describe, expect, it } from 'vitest';
import { worldCountries, countryByIso2 } from '../../src/pact/countries.ts';
import { actorCountries, CLOSE_POOL_SIZE, createRelationPicker, distanceKm } from '../../src/pact/relations.ts';

describe('same / close / far rule', () => {
  const picker = createRelationPicker();

  it('holds for every country in world-countries, islands included', () => {
    const actorRegions = new Set(actorCountries().map((c) => c.region));
    for (const receiver of worldCountries()) {
      expect(picker.pool(receiver.cca2, 'same')).toEqual([receiver.cca2]);
      const close = picker.pool(receiver.cca2, 'close').map((c) => countryByIso2(c)!);
      expect(close.length, receiver.cca2).toBeGreaterThan(0);
      const hasNeighbour = actorCountries().some(
        (c) =>
          c.cca2 !== receiver.cca2 &&
          (receiver.borders.includes(c.cca3) || (receiver.subregion !== '' && c.subregion === receiver.subregion)),
      );
      for (const c of close) {
        expect(c.cca2).not.toBe(receiver.cca2);
        if (hasNeighbour)
          expect(
            receiver.borders.includes(c.cca3) || c.subregion === receiver.subregion,
            `${receiver.cca2} → ${c.cca2}`,
          ).toBe(true);
        else if (actorRegions.has(receiver.region)) expect(c.region).toBe(receiver.region);
      }
      const far = picker.pool(receiver.cca2, 'far').map((c) => countryByIso2(c)!);
      expect(far.length, receiver.cca2).toBeGreaterThan(0);
      for (const c of far) expect(c.region, `${receiver.cca2} → ${c.cca2}`).not.toBe(receiver.region);
      // far is farther than close, so the contrast the dataset studies is real
      expect(Math.min(...far.map((c) => distanceKm(receiver, c)))).toBeGreaterThan(
        Math.max(...close.map((c) => distanceKm(receiver, c))),
      );
    }
  });

  it('orders close countries nearest first and gives an island its subregion neighbours', () => {
    const fiji = countryByIso2('FJ')!;
    expect(fiji.borders).toEqual([]);
    const close = picker.pool('FJ', 'close').map((c) => countryByIso2(c)!);
    expect(close).toHaveLength(CLOSE_POOL_SIZE);
    for (const c of close) expect(c.subregion).toBe(fiji.subregion);
    const d = close.map((c) => distanceKm(fiji, c));
    expect([...d].sort((x, y) => x - y)).toEqual(d);
    expect(picker.pool('IN', 'close')).toEqual(expect.arrayContaining(['NP']));
  });
});
