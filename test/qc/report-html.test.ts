import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chartTextProblems, withReportPage } from '../helpers/report-page.ts';
import { describe, expect, it } from 'vitest';
import { exportQcRound } from '../../src/qc/export.ts';
import { importQcFiles } from '../../src/qc/import.ts';
import { qcStats } from '../../src/qc/run-stats.ts';
import { fillSheetsWithSimulatedAnnotators } from '../../src/qc/simulated-annotators.ts';
import { fixtureWorkspace } from './fixtures.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function report(dataset: 'sociocultural-statements' | 'pact') {
  const ws = fixtureWorkspace();
  const { dir } = await exportQcRound(ws, dataset, {
    size: 24,
    overlap: 12,
    seed: 2,
    annotators: ['ann', 'bo', 'cy'],
    round: 'round-1',
  });
  const filled = await fillSheetsWithSimulatedAnnotators(ws, dataset, 'round-1', join(dir, 'filled'));
  await importQcFiles(ws, dataset, filled, 'round-1');
  return { dir, ...(await qcStats(ws, dataset, 'round-1')) };
}

describe('HTML QC report in Chromium', () => {
  it.each(['sociocultural-statements', 'pact'] as const)(
    '%s: titled axes, n, whiskers, downloads; no two chart labels overlap and none is clipped',
    async (dataset) => {
      const { dir, files } = await report(dataset);
      const html = files[2];
      await withReportPage(html, async (page, problems) => {
        await page.setViewportSize({ width: 1366, height: 900 });
        expect(await page.locator('h1').textContent()).toContain(dataset);
        const charts = page.locator('svg.chart');
        const count = await charts.count();
        expect(count).toBe(dataset === 'pact' ? 5 : 4);
        // every chart has its axis titles and more ticks than "0 and max"
        for (let i = 0; i < count; i++) {
          expect(await charts.nth(i).locator('.axis-title').count()).toBeGreaterThanOrEqual(2);
          if (!(await charts.nth(i).getAttribute('class'))!.includes('confusion'))
            expect(await charts.nth(i).locator('text.tick').count()).toBeGreaterThanOrEqual(4);
        }
        expect(await page.locator('svg.chart text.n').count()).toBeGreaterThan(2);
        expect(await page.locator('svg.chart path.whisker').count()).toBeGreaterThan(2);
        // every chart downloads as SVG and PNG, and the files are there
        const links = await page
          .locator('figcaption.downloads a')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
        expect(links.filter((l) => l.endsWith('.svg'))).toHaveLength(count);
        expect(links.filter((l) => l.endsWith('.png'))).toHaveLength(count);
        for (const l of links) expect(existsSync(join(dirname(html), l)), l).toBe(true);
        const png = links.find((l) => l.endsWith('.png'))!;
        expect(
          readFileSync(join(dirname(html), png))
            .subarray(0, 8)
            .equals(PNG_SIGNATURE),
        ).toBe(true);
        const measured = await chartTextProblems(page);
        await page.screenshot({ path: join(dir, `report-${dataset}.png`), fullPage: true });
        expect(measured.charts).toBe(count);
        expect(measured.texts).toBeGreaterThan(count * 8);
        expect(measured.problems).toEqual([]);
        expect(problems).toEqual([]);
      });
    },
  );

  it('fractions beside the tables: no percentages, and no heading mixes two measures', async () => {
    const { files } = await report('sociocultural-statements');
    const md = readFileSync(files[1], 'utf8');
    // "95% interval" names the level; no share or coefficient is printed as a percentage
    expect(md.replace(/95% /g, '')).not.toMatch(/\d%/);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toContain('## Agreement on relevance (yes/no)');
    expect(headings.filter((h) => /alpha/i.test(h) && /relevance/i.test(h))).toEqual([]);
  });
});
