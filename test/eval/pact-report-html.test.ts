import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeHumanResponsesCsv, writePactCsv } from './pact-fixture.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { runEval } from '../../src/eval/run.ts';
import { ConfigSchema } from '../../src/schemas/config.ts';
import { createLogger } from '../../src/log/logger.ts';
import { pactHtml, type PactEvalSummary } from '../../src/evaluation/pact-report.ts';
import { SIM_PROFILES } from '../../src/llm/sim/profiles.ts';
import { chartTextProblems, withReportPage } from '../helpers/report-page.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MODELS = Object.keys(SIM_PROFILES);
// The temp folder is kept: the screenshot saved there is the test's evidence.
const dir = mkdtempSync(join(tmpdir(), 'nf-pact-report-'));
const out = join(dir, 'data/final/eval/pact');
let html: string;
let summary: PactEvalSummary;

/** A real (simulated) evaluation through the stage: every system prompt × demographic condition, with a human study. */
beforeAll(async () => {
  const csv = join(dir, 'pact-release.csv');
  const humans = join(dir, 'human-responses.csv');
  writePactCsv(csv, 6);
  writeHumanResponsesCsv(humans, 6, ['IN', 'JP'], 4);
  const config = ConfigSchema.parse({
    eval: {
      pactInput: csv,
      humanResponses: humans,
      models: MODELS.map((id) => ({ id, model: id, runs: 1, tpm: 100_000_000 })),
    },
    stages: {
      'eval-pact': {
        systemPrompts: ['no-balance', 'balance'],
        demographics: ['full_demo', 'age_only', 'gender_only', 'no_demo'],
      },
    },
  });
  const ws = new Workspace(dir, config, undefined, createLogger({ level: 'warn' }));
  try {
    await runEval(ws, 'pact');
  } finally {
    ws.close();
  }
  html = readFileSync(join(out, 'report.html'), 'utf8');
  summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
}, 120_000);

describe('PACT evaluation report', () => {
  it("gives Cramér's V its chi-square test (df and p-value) in summary.json and the report", () => {
    const model = summary.analysis.associations.find((a) => a.factor === 'model')!;
    expect(model.df).toBe(MODELS.length - 1);
    expect(model.pValue).toBeGreaterThanOrEqual(0);
    expect(model.pValue).toBeLessThanOrEqual(1);
    expect(html).toContain('<th>p-value</th>');
  });

  it('cites its input by name, never by a local absolute path', () => {
    expect(html).toContain('pact-release.csv');
    expect(html).not.toContain(dir);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).not.toContain(dir);
  });

  it('in Chromium: titled axes, Wilson whiskers and n on the rate charts, SVG and PNG downloads, no overlapping or clipped text', async () => {
    await withReportPage(join(out, 'report.html'), async (page, problems) => {
      await page.setViewportSize({ width: 1366, height: 900 });
      const charts = page.locator('svg.chart');
      const count = await charts.count();
      expect(count).toBeGreaterThanOrEqual(12);
      for (const chart of await charts.all())
        expect(
          await chart.locator('text.axis-title').count(),
          (await chart.getAttribute('aria-label'))!,
        ).toBeGreaterThanOrEqual(2);
      // The condition chart: 8 conditions × every model, each bar with its Wilson interval and n under each condition.
      const condition = page.locator('svg.chart#chart-rate-by-condition');
      expect(await condition.locator('path.whisker').count()).toBe(8 * MODELS.length);
      expect(await condition.locator('text.n').count()).toBe(8);
      expect(await condition.textContent()).toContain('95% Wilson score interval');
      const links = await page
        .locator('figcaption.downloads a')
        .evaluateAll((as) => as.map((a) => [a.getAttribute('download')!, a.getAttribute('href')!]));
      expect(links).toHaveLength(2 * count);
      const png = links.find(([name]) => name === 'rate-by-condition.png')!;
      expect(
        Buffer.from(png[1].replace('data:image/png;base64,', ''), 'base64').subarray(0, 8).equals(PNG_SIGNATURE),
      ).toBe(true);
      const svg = links.find(([name]) => name === 'rate-by-condition.svg')!;
      expect(Buffer.from(svg[1].replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toContain(
        '<svg class="chart"',
      );
      const measured = await chartTextProblems(page);
      await page.screenshot({ path: join(dir, 'pact-report.png'), fullPage: true });
      expect(measured.charts).toBe(count);
      expect(measured.texts).toBeGreaterThan(100);
      expect(measured.problems).toEqual([]);
      expect(problems).toEqual([]);
    });
  });

  it('in Chromium: the same evaluation under long provider model names still has no overlapping or clipped text', async () => {
    const long = [
      'meta-llama/Llama-3.3-70B-Instruct-Turbo',
      'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B',
      'openai/gpt-4.1-2025-04-14',
      'Qwen/Qwen2.5-72B-Instruct-Turbo',
    ];
    let text = JSON.stringify(summary);
    MODELS.forEach((m, i) => (text = text.replaceAll(`"${m}"`, JSON.stringify(long[i]))));
    const renamed: PactEvalSummary = JSON.parse(text);
    const file = join(dir, 'report-long-names.html');
    writeFileSync(file, pactHtml(renamed));
    await withReportPage(file, async (page, problems) => {
      await page.setViewportSize({ width: 1366, height: 900 });
      expect(await page.locator('svg.chart').first().textContent()).toContain(long[0]);
      const measured = await chartTextProblems(page);
      await page.screenshot({ path: join(dir, 'pact-report-long-names.png'), fullPage: true });
      expect(measured.problems).toEqual([]);
      expect(problems).toEqual([]);
    });
  });
});
