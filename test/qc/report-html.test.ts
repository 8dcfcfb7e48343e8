import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { exportQcRound } from '../../src/qc/export.ts';
import { importQcFiles } from '../../src/qc/import.ts';
import { qcStats } from '../../src/qc/run-stats.ts';
import { fillSheetsWithSimulatedAnnotators } from '../../src/qc/simulated-annotators.ts';
import { fixtureWorkspace } from './fixtures.ts';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

describe('HTML QC report', () => {
  it('renders in Chromium with its charts and no console errors', async () => {
    const ws = fixtureWorkspace();
    const { dir } = await exportQcRound(ws, 'sociocultural-statements', { size: 24, overlap: 12, seed: 2, annotators: ['ann', 'bo', 'cy'], round: 'round-1' });
    const filled = await fillSheetsWithSimulatedAnnotators(ws, 'sociocultural-statements', 'round-1', join(dir, 'filled'));
    await importQcFiles(ws, 'sociocultural-statements', filled, 'round-1');
    const { files } = await qcStats(ws, 'sociocultural-statements', 'round-1');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => !r.url().startsWith('file:') && problems.push(`network: ${r.url()}`));
      await page.goto(`file://${files[2]}`);
      expect(await page.locator('svg.chart').count()).toBe(3);
      expect(await page.locator('svg.confusion rect.cell').count()).toBe(16);
      expect(await page.locator('rect.bar').count()).toBeGreaterThan(6);
      expect(await page.locator('h1').textContent()).toContain('sociocultural-statements');
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
