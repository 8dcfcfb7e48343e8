import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dimension } from '../../src/schemas/framework.ts';
import { builtInFramework } from '../../src/statements/framework.ts';
import type { StatementDecision } from '../../src/evaluation/records.ts';
import { summariseStatements } from '../../src/evaluation/statements-summary.ts';
import { statementsCharts, statementsHtml, statementsMarkdown } from '../../src/evaluation/statements-report.ts';
import { chartPngs } from '../../src/io/svg/files.ts';
import { simProfile } from '../../src/llm/sim/profiles.ts';
import { seededRng } from '../../src/llm/sim/rng.ts';
import { latentStatement, simulatedTranslation } from '../../src/llm/sim/world.ts';
import { simAgrees } from '../../src/llm/sim/tasks/eval-agree.ts';
import { chartTextProblems, withReportPage } from '../helpers/report-page.ts';

const DIMS = builtInFramework().codes;
const LANGUAGES = ['en', 'zh', 'ar'];
const PAIRS = ['en−zh', 'en−ar', 'zh−ar'];
/** Three groups from the members' `group` field; falcon-180b and mystery-7b are unknown to the simulator (neutral). */
const MODELS = [
  { id: 'gpt-4.1', model: 'gpt-4.1', group: 'US' },
  { id: 'llama-3-70b-instruct', model: 'llama-3-70b-instruct', group: 'US' },
  { id: 'deepseek-r1', model: 'deepseek-r1', group: 'CN' },
  { id: 'qwen-2.5-72b', model: 'qwen-2.5-72b', group: 'CN' },
  { id: 'falcon-180b', model: 'falcon-180b', group: 'AE' },
  // Neither a group nor a known family: in Table 3, in no bar, and named as such.
  { id: 'mystery-7b', model: 'mystery-7b' },
];
const GROUPS = ['US', 'CN', 'AE'];
const COUNTRIES = ['United States', 'China', 'Egypt'];
const SOURCE = 'scores written for this test (not published figures)';
const PER_DIMENSION = 10;

/**
 * Statements that bear clearly on one dimension in the simulator's world, labelled with the world's
 * polarity, answered as the simulator answers `eval-agree` (each model's profile, seeded per model,
 * language, statement and run) in English and in simulated Chinese and Arabic translations. Asking
 * through the stage in Arabic needs Arabic prompts, which `prompts translate` makes (issue 22).
 */
function simulatedEvaluation() {
  const labels: Array<{ statement_id: string; dimension: Dimension; score: number }> = [];
  const texts = new Map<string, string>();
  const count = new Map<Dimension, number>();
  for (let i = 0; labels.length < PER_DIMENSION * DIMS.length; i++) {
    const text = `Debate ${i}: the community should revisit its custom number ${i}`;
    const latent = latentStatement(text);
    const dims = DIMS.filter((d) => latent.relevance(d) > 0.8);
    if (dims.length !== 1 || (count.get(dims[0]) ?? 0) >= PER_DIMENSION) continue;
    count.set(dims[0], (count.get(dims[0]) ?? 0) + 1);
    labels.push({ statement_id: String(i), dimension: dims[0], score: latent.polarity(dims[0]) });
    texts.set(String(i), text);
  }
  const decisions: StatementDecision[] = [];
  for (const { id } of MODELS)
    for (const language of LANGUAGES)
      for (const [statementId, text] of texts) {
        const asked = language === 'en' ? text : simulatedTranslation(text, language);
        for (let run = 0; run < 3; run++) {
          const agree = simAgrees(
            latentStatement(asked),
            simProfile(id),
            seededRng('wider', id, language, statementId, run),
          );
          decisions.push({
            statement_id: statementId,
            model: id,
            language,
            run,
            decision: agree ? 'agree' : 'disagree',
            error: null,
            cache_key: `${id}:${language}:${statementId}:${run}`,
            prompt_version: 'sim',
            simulated: true,
          });
        }
      }
  const human = COUNTRIES.flatMap((country, c) =>
    DIMS.map((dimension, k) => ({ country, dimension, score: 20 + 10 * k + 15 * c, source: SOURCE })),
  );
  return summariseStatements(decisions, labels, {
    models: MODELS,
    languages: LANGUAGES,
    resamples: 500,
    seed: 3,
    alpha: 0.05,
    onlyDiffering: false,
    human,
    humanSource: '/somewhere/countries.csv',
    framework: builtInFramework(),
  });
}

describe('the statements evaluation with three groups, three countries and three languages', () => {
  const s = simulatedEvaluation();
  const dir = mkdtempSync(join(tmpdir(), 'nf-eval-wider-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Table 3 tests every pair of languages for every model, over the statements both answered', () => {
    for (const row of s.table3) {
      expect(Object.keys(row.profiles)).toEqual(LANGUAGES);
      expect(row.comparisons.map((c) => `${c.base}−${c.other}`)).toEqual(PAIRS);
      for (const c of row.comparisons)
        for (const cell of c.dimensions) {
          if (!('pValue' in cell)) throw new Error(`no test for ${row.model} ${c.base}−${c.other} ${cell.dimension}`);
          expect(cell.n).toBe(row.profiles[c.base][cell.dimension].n);
          expect(cell.significant).toBe(cell.pValue < 0.05);
        }
    }
    expect(s.table3.map((r) => r.model)).toEqual(MODELS.map((m) => m.id));
  });

  it('Figure 1 has a bar for every group, language and dimension, and every country beside them', () => {
    expect(new Set(s.figure1.bars.map((b) => b.group))).toEqual(new Set(GROUPS));
    expect(s.figure1.bars).toHaveLength(GROUPS.length * LANGUAGES.length * DIMS.length);
    for (const b of s.figure1.bars) expect(b.n).toBe(PER_DIMENSION);
    expect([...new Set(s.figure1.human.map((h) => h.country))]).toEqual(COUNTRIES);
  });

  it('the Markdown report names every group, country and language pair', () => {
    const md = statementsMarkdown(s);
    expect(md).toContain(`| mean en | mean zh | mean ar | ${PAIRS.join(' | ')} |`);
    expect(md).toContain('AE = falcon-180b');
    expect(md).toContain('US = gpt-4.1, llama-3-70b-instruct');
    for (const country of COUNTRIES) expect(md).toContain(`| ${country} |`);
  });

  it('in Chromium: a figure per language with every group and country, every pair in Table 3, nothing overlapping or cut off', async () => {
    const drawn = await chartPngs(statementsCharts(s));
    expect(drawn.pngs).not.toBeNull();
    const html = join(dir, 'report.html');
    writeFileSync(html, statementsHtml(s, drawn.pngs!));
    await withReportPage(html, async (page, problems) => {
      await page.setViewportSize({ width: 1366, height: 900 });
      const charts = page.locator('svg.chart');
      expect(await charts.count()).toBe(LANGUAGES.length);
      for (let i = 0; i < LANGUAGES.length; i++) {
        const text = (await charts.nth(i).textContent())!;
        expect(text).toContain(`Figure 1 (${LANGUAGES[i]})`);
        for (const group of GROUPS) expect(text).toContain(`${group} models`);
        for (const country of COUNTRIES) expect(text).toContain(`${country} (human)`);
        expect(text).toContain('In no group (give the member a group): mystery-7b.');
      }
      // One whisker per group bar; the human scores have none.
      expect(await page.locator('svg.chart path.whisker').count()).toBe(GROUPS.length * LANGUAGES.length * DIMS.length);
      const headers = await page.locator('.table3 th').allTextContents();
      for (const pair of PAIRS) expect(headers).toContain(`${pair} (95% CI, p)`);
      const measured = await chartTextProblems(page);
      expect(measured.problems).toEqual([]);
      // Table 3's columns fit the page: no cell sticks out past the viewport, nothing scrolls sideways.
      const overflow = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        table: Math.max(
          ...[...document.querySelectorAll('.table3 td, .table3 th')].map((c) => c.getBoundingClientRect().right),
        ),
        viewport: document.documentElement.clientWidth,
      }));
      expect(overflow.page).toBeLessThanOrEqual(0);
      expect(overflow.table).toBeLessThanOrEqual(overflow.viewport);
      await page.screenshot({ path: join(dir, 'statements-wider.png'), fullPage: true });
      expect(problems).toEqual([]);
    });
  });
});
