import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/io/svg/bar-chart.ts';
import { niceTicks } from '../../src/io/svg/ticks.ts';
import { scatterChart } from '../../src/io/svg/scatter.ts';
import { textWidth, wrapText } from '../../src/io/svg/text.ts';

const tickLabels = (svg: string) => [...svg.matchAll(/class="tick">([^<]+)</g)].map((m) => m[1]);

describe('chart axes', () => {
  it('nice ticks: steps of 1, 2 or 5 × 10^k covering the data, more than 0 and max', () => {
    expect(niceTicks(0, 1).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.67).values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(0, 100).values).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-0.3, 1).values).toEqual([-0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.08).values).toEqual([0, 0.02, 0.04, 0.06, 0.08]);
    expect(niceTicks(0, 0.04).values).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
  });

  it('a chart of small errors is scaled to them, not to a whole score point', () => {
    const chart = barChart({
      id: 'mae',
      title: 'MAE',
      categories: ['PDI', 'IDV'],
      series: [{ name: 'MAE', values: [0.03, 0.08] }],
      yLabel: 'MAE (score points)',
      xLabel: 'dimension',
      yDomain: [0, 0.08],
    });
    expect(tickLabels(chart.svg)).toEqual(['0.00', '0.02', '0.04', '0.06', '0.08']);
  });

  it('a value above the least range widens the axis instead of being cut off', () => {
    const chart = barChart({
      id: 'f1',
      title: 'Figure',
      categories: ['IDV'],
      series: [{ name: 'US (human)', values: [104] }],
      yLabel: 'score',
      xLabel: 'dimension',
      yDomain: [0, 100],
    });
    expect(tickLabels(chart.svg).at(-1)).toBe('120');
  });

  it('whiskers where an interval is given, axis titles on both axes', () => {
    const chart = barChart({
      id: 'a',
      title: 'Agreement',
      categories: ['x', 'y'],
      series: [{ name: 'AC1', values: [0.5, 0.7], low: [0.3, null], high: [0.6, null] }],
      yLabel: 'coefficient',
      xLabel: 'criterion',
    });
    expect(chart.svg.match(/class="whisker"/g)).toHaveLength(1);
    expect(chart.svg.match(/class="axis-title"/g)).toHaveLength(2);
  });

  it('wraps text at word boundaries within the width', () => {
    const lines = wrapText('Pass rate: share of ratings "yes" (human), share of items the LLM passed.', 10, 150);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(textWidth(l, 10)).toBeLessThanOrEqual(150);
  });

  it('an x axis title longer than a narrow plot stays inside the chart', () => {
    const xLabel = 'configuration (C1 actor_pref_only, C2 swapped, C3 both_prefs) and a little more';
    const chart = barChart({
      id: 'n',
      title: 'Rate',
      categories: ['C1'],
      series: [{ name: 'm', values: [0.4] }],
      yLabel: 'rate',
      xLabel,
    });
    const width = Number(/width="([\d.]+)"/.exec(chart.svg)![1]);
    const x = Number(
      new RegExp(`x="([\\d.]+)"[^>]*class="axis-title">${xLabel.replace(/[()]/g, '\\$&')}`).exec(chart.svg)![1],
    );
    expect(x - (textWidth(xLabel, 11) * 1.1) / 2).toBeGreaterThanOrEqual(0);
    expect(x + (textWidth(xLabel, 11) * 1.1) / 2).toBeLessThanOrEqual(width);
  });

  it('scatter: nice ticks with a margin around the points, and labels of nearby points moved apart', () => {
    const chart = scatterChart({
      id: 's',
      title: 'S',
      xLabel: 'x',
      yLabel: 'y',
      points: [
        { label: 'alpha-model', x: 0.5, y: 0.5, onFront: true },
        { label: 'beta-model', x: 0.5, y: 0.501, onFront: false },
      ],
    });
    const ys = [...chart.svg.matchAll(/y="([\d.]+)" font-size="10" class="point-label"/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(2);
    expect(Math.abs(ys[0] - ys[1])).toBeGreaterThanOrEqual(12);
    expect(tickLabels(chart.svg).length).toBeGreaterThanOrEqual(6);
  });
});
