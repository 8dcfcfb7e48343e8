import { describe, expect, it } from 'vitest';
import { expandItem } from '../../src/pact/dyads.ts';
import { toPactHfRow } from '../../src/pact/pact-hf.ts';
import { createRelationPicker } from '../../src/pact/relations.ts';
import { itemFromHfRow, promptVars } from '../../src/evaluation/pact-items.ts';
import { coveringSample } from '../../src/evaluation/sampling.ts';
import { item } from '../pact/helpers.ts';

describe('evaluating our pact-hf export', () => {
  const opts = { seed: 11, configurations: false, picker: createRelationPicker() };
  const instances = ['1', '2', '3', '4'].flatMap((id) => [
    ...expandItem(item('normad', id, 'JP', 'japan'), opts),
    ...expandItem(item('cultureatlas', id, 'IN', 'India'), opts),
  ]);

  it('takes each row’s actor and receiver demographics from its scenario text: no prompt contradicts itself', () => {
    expect(instances.length).toBeGreaterThan(100);
    let contradictions = 0;
    for (const inst of instances) {
      const evaluated = itemFromHfRow(toPactHfRow(inst));
      const stated = [inst.actor_age, inst.actor_gender, inst.receiver_age, inst.receiver_gender];
      if (
        stated.join() !==
        [evaluated.actor.age, evaluated.actor.gender, evaluated.receiver.age, evaluated.receiver.gender].join()
      )
        contradictions++;
      const vars = promptVars(evaluated, 'full_demo');
      expect(vars.scenario).not.toMatch(/The actor is/);
      expect(vars.actor).toMatch(inst.actor_gender === 'female' ? /woman/ : /\bman\b/);
    }
    expect(contradictions).toBe(0);
  });
});

describe('a sample that covers every configuration × relation × source cell', () => {
  const cells = ['C1', 'C2', 'C3'].flatMap((c) =>
    ['same', 'close', 'far'].flatMap((r) => ['normad', 'cultureatlas'].map((s) => ({ c, r, s }))),
  );
  // A skewed set: one big cell, the others small, and C3 · far · cultureatlas absent altogether.
  const items = cells.flatMap(({ c, r, s }, k) =>
    c === 'C3' && r === 'far' && s === 'cultureatlas'
      ? []
      : Array.from({ length: k === 0 ? 2000 : 3 }, (_, i) => ({
          id: `${c}-${r}-${s}-${i}`,
          cell: `${c} · ${r} · ${s}`,
        })),
  );
  const draw = (n: number, minPerCell: number, seed = 1) =>
    coveringSample(items, {
      n,
      seed,
      minPerCell,
      stratum: (i) => i.cell,
      cell: (i) => i.cell,
      id: (i) => i.id,
      expectedCells: cells.map(({ c, r, s }) => `${c} · ${r} · ${s}`),
    });

  it('a proportional 48-item draw leaves cells empty; with a minimum of 2 every cell that has items gets them', () => {
    expect(draw(48, 0).coverage.filter((c) => c.available > 0 && c.drawn === 0).length).toBeGreaterThan(0);
    const { sample, coverage } = draw(48, 2);
    expect(sample).toHaveLength(48);
    for (const c of coverage)
      expect(c.drawn, c.cell).toBe(Math.min(2, c.available) + (c.cell === 'C1 · same · normad' ? 48 - 2 * 16 - 2 : 0));
    expect(new Set(sample.map((i) => i.id)).size).toBe(48);
  });

  it('names the cell no item fills, and is the same for the same seed', () => {
    const { coverage } = draw(48, 2);
    expect(coverage.filter((c) => c.available === 0).map((c) => c.cell)).toEqual(['C3 · far · cultureatlas']);
    expect(draw(48, 2, 7).sample).toEqual(draw(48, 2, 7).sample);
  });
});
