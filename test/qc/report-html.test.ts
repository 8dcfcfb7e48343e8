import { join } from 'node:path';
import { withReportPage } from '../helpers/report-page.ts';
import { describe, expect, it } from 'vitest';
import { exportQcRound } from '../../src/qc/export.ts';
import { importQcFiles } from '../../src/qc/import.ts';
import { qcStats } from '../../src/qc/run-stats.ts';
import { fillSheetsWithSimulatedAnnotators } from '../../src/qc/simulated-annotators.ts';
import { fixtureWorkspace } from './fixtures.ts';

describe('HTML QC report', () => {
  it('renders in Chromium with its charts and no console errors', async () => {
    const ws = fixtureWorkspace();
    const { dir } = await exportQcRound(ws, 'sociocultural-statements', { size: 24, overlap: 12, seed: 2, annotators: ['ann', 'bo', 'cy'], round: 'round-1' });
    const filled = await fillSheetsWithSimulatedAnnotators(ws, 'sociocultural-statements', 'round-1', join(dir, 'filled'));
    await importQcFiles(ws, 'sociocultural-statements', filled, 'round-1');
    const { files } = await qcStats(ws, 'sociocultural-statements', 'round-1');
    await withReportPage(files[2], async (page, problems) => {
      expect(await page.locator('svg.chart').count()).toBe(3);
      expect(await page.locator('svg.confusion rect.cell').count()).toBe(16);
      expect(await page.locator('rect.bar').count()).toBeGreaterThan(6);
      expect(await page.locator('h1').textContent()).toContain('sociocultural-statements');
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(problems).toEqual([]);
    });
  });
});
