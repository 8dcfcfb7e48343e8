import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { describe, expect, it } from 'vitest';
import { builtInFramework } from '../../src/statements/framework.ts';
import { summariseStatements } from '../../src/evaluation/statements-summary.ts';
import { statementsCharts, statementsHtml, statementsMarkdown } from '../../src/evaluation/statements-report.ts';
import { chartPngs } from '../../src/io/svg/files.ts';
import type { StatementDecision } from '../../src/evaluation/records.ts';
import { chartTextProblems, withReportPage } from '../helpers/report-page.ts';

const MODELS = ['gpt-4o-mini', 'llama-3.1-8b-instruct', 'deepseek-chat', 'qwen2.5-7b-instruct'];
const HUMAN_FILE = '/home/someone/private/hofstede-country-scores.csv';
const SOURCE = 'Hofstede, Hofstede & Minkov (2010), Cultures and Organizations, 3rd ed.';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A seeded evaluation: 240 labelled statements, four models, two languages, three runs each. */
function summary() {
  const rng = xoroshiro128plus(7);
  const dims = builtInFramework().codes;
  const labels = Array.from({ length: 240 }, (_, i) => ({
    statement_id: String(i),
    dimension: dims[i % dims.length],
    score: uniformInt(rng, 0, 1) ? 1 : -2,
  }));
  const decisions: StatementDecision[] = [];
  for (const model of MODELS)
    for (const language of ['en', 'zh'])
      for (const l of labels)
        for (let run = 0; run < 3; run++)
          decisions.push({
            statement_id: l.statement_id,
            model,
            language,
            run,
            decision: uniformInt(rng, 0, 9) < 6 ? 'agree' : 'disagree',
            error: null,
            cache_key: `${model}:${l.statement_id}:${language}:${run}`,
            prompt_version: 'v',
            simulated: true,
          });
  const human = ['United States', 'China'].flatMap((country, c) =>
    dims.map((dimension, k) => ({ country, dimension, score: [40, 91, 62, 46, 26, 68][k] + c * 10, source: SOURCE })),
  );
  return summariseStatements(decisions, labels, {
    framework: builtInFramework(),
    models: MODELS.map((id) => ({ id, model: id })),
    languages: ['en', 'zh'],
    resamples: 500,
    seed: 0,
    alpha: 0.05,
    onlyDiffering: false,
    human,
    humanSource: HUMAN_FILE,
  });
}

describe('statements evaluation report', () => {
  const s = summary();

  it('Figure 1 bars carry a 95% interval over statements around the mean, and n', () => {
    for (const b of s.figure1.bars) {
      expect(b.n).toBeGreaterThan(1);
      expect(b.low!).toBeLessThanOrEqual(b.value!);
      expect(b.high!).toBeGreaterThanOrEqual(b.value!);
    }
  });

  it('cites the human scores by name, never by a local path, in both renderings', () => {
    for (const text of [statementsHtml(s), statementsMarkdown(s)]) {
      expect(text.replace(/&amp;/g, '&')).toContain(SOURCE);
      expect(text).not.toContain('/home/someone');
    }
  });

  it('in Chromium: error bars, n and the group members in the figure, SVG and PNG downloads, no overlapping or clipped text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-eval-report-'));
    const drawn = await chartPngs(statementsCharts(s));
    expect(drawn.pngs).not.toBeNull();
    const html = join(dir, 'report.html');
    writeFileSync(html, statementsHtml(s, drawn.pngs!));
    await withReportPage(html, async (page, problems) => {
      await page.setViewportSize({ width: 1366, height: 900 });
      const charts = page.locator('svg.chart');
      expect(await charts.count()).toBe(2);
      expect(await page.locator('svg.chart path.whisker').count()).toBe(2 * 2 * 6);
      expect(await page.locator('svg.chart text.n').count()).toBe(2 * 6);
      const figureText = (await charts.first().textContent())!;
      expect(figureText).toContain('US models: gpt-4o-mini, llama-3.1-8b-instruct');
      expect(figureText).toContain('CN models: deepseek-chat, qwen2.5-7b-instruct');
      expect(figureText).toContain(`Human scores: ${SOURCE}`);
      const links = await page
        .locator('figcaption.downloads a')
        .evaluateAll((as) => as.map((a) => [a.getAttribute('download')!, a.getAttribute('href')!]));
      expect(links.map(([name]) => name)).toEqual([
        'figure-1-en.svg',
        'figure-1-en.png',
        'figure-1-zh.svg',
        'figure-1-zh.png',
      ]);
      const png = Buffer.from(links[1][1].replace('data:image/png;base64,', ''), 'base64');
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(Buffer.from(links[0][1].replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toContain(
        '<svg class="chart"',
      );
      const measured = await chartTextProblems(page);
      await page.screenshot({ path: join(dir, 'statements-report.png'), fullPage: true });
      expect(measured.texts).toBeGreaterThan(40);
      expect(measured.problems).toEqual([]);
      expect(problems).toEqual([]);
    });
  });
});
