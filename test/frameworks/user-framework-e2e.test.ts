import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { runEval } from '../../src/eval/run.ts';
import type { StatementsSummary } from '../../src/evaluation/statements-report.ts';
import { RunLog } from '../../src/pipeline/runs.ts';
import { recipeStatus } from '../../src/pipeline/status.ts';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { exportQcRound } from '../../src/qc/export.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { exportRelease } from '../../src/release/export.ts';
import { StatementLabelSchema } from '../../src/schemas/records.ts';
import { loadFramework } from '../../src/statements/framework.ts';
import { questionRequests } from '../../src/statements/requests.ts';
import { withReportPage } from '../helpers/report-page.ts';
import { threeDimensions } from './three-dimensions.ts';
import { simProject, type SimProject } from './sim-build.ts';

const CODES = ['CIV', 'TRD', 'TEC'];
const STATEMENTS = 24;
const EVAL_DIR = 'data/final/eval/sociocultural-statements';
const HUMAN_SCORES = ['country,dimension,score,source', 'Testland,CIV,70,t', 'Testland,TRD,40,t', 'Testland,TEC,55,t'];

let p: SimProject;
const frameworkFile = () => join(p.dir, 'values.yaml');
const readLines = (rel: string) => readFileSync(join(p.dir, rel), 'utf8').trim().split('\n');

beforeAll(async () => {
  p = await simProject(
    STATEMENTS,
    (panel) => ({
      framework: 'values.yaml',
      eval: { models: panel.map((m) => ({ ...m, runs: 3 })), humanScores: 'human.csv' },
      stages: { 'eval-statements': { languages: ['en'], resamples: 500 } },
    }),
    ['en'],
  );
  writeFileSync(frameworkFile(), stringify(threeDimensions()));
  writeFileSync(join(p.dir, 'human.csv'), `${HUMAN_SCORES.join('\n')}\n`);
  await runRecipe(p.ws, recipe, { from: 'translate' });
});

afterAll(async () => {
  await p?.close();
});

describe('a user framework with three dimensions, end to end on the simulator (panel language en)', () => {
  it('asks relevance and polarity on its three codes only, with its own wording', () => {
    const relevance = readLines('data/interim/relevance.jsonl').map((l) => JSON.parse(l));
    expect(relevance).toHaveLength(STATEMENTS * CODES.length);
    expect(new Set(relevance.map((r) => r.dimension))).toEqual(new Set(CODES));
    const polarity = readLines('data/interim/polarity.jsonl').map((l) => JSON.parse(l));
    expect(polarity).toHaveLength(relevance.filter((r) => r.relevant).length);
    const labels = readLines('data/final/sociocultural-statements.jsonl').map((l) =>
      StatementLabelSchema.parse(JSON.parse(l)),
    );
    expect(new Set(labels.map((l) => l.dimension))).toEqual(new Set(CODES));
    for (const l of labels) expect(l.votes.map((v) => v.language)).toEqual(l.votes.map(() => 'en'));

    const framework = loadFramework(frameworkFile());
    const [question] = questionRequests(
      'polarity',
      [{ statement: { statement_id: 's', texts: { en: 'A statement.' } }, dimension: 'TRD' }],
      p.panel.slice(0, 1),
      framework,
    );
    const prompt = question.messages.map((m) => m.content).join('\n');
    expect(prompt).toContain('Value framework: the civic values test framework');
    expect(prompt).toContain('Positive pole: keeping inherited customs.');
    expect(prompt).not.toMatch(/Hofstede/);
    expect(labels[0].prompt_version.endsWith(`.${framework.promptHash}`)).toBe(true);
  });

  it('records the framework in the runs, and editing a pole makes exactly the stages that use it stale', async () => {
    const run = new RunLog(p.ws.store).lastOk('judge-relevance')!;
    const recorded = run.provenance.framework as { id: string; sha256: string; origin: string };
    expect(recorded).toMatchObject({ id: 'test-civic', origin: 'values.yaml' });
    expect(recorded.sha256).toBe(loadFramework(frameworkFile()).sha256);

    const reasons = async () =>
      new Map((await recipeStatus(p.ws, recipe)).map((s) => [s.stage, s.reasons.join('; ')] as const));
    const before = await reasons();
    const original = readFileSync(frameworkFile(), 'utf8');
    writeFileSync(frameworkFile(), original.replace('keeping inherited customs', 'keeping every inherited custom'));
    const edited = await reasons();
    const users = ['judge-relevance', 'judge-polarity', 'assemble-statements'];
    for (const [stage, why] of edited) {
      if (users.includes(stage)) expect(why, stage).toContain('table framework test-civic modified');
      else expect(why, stage).not.toContain('framework');
    }
    for (const stage of users) expect(before.get(stage), stage).not.toContain('framework');
    writeFileSync(frameworkFile(), original);
    expect(await reasons()).toEqual(before);
  });

  it('the statements evaluation report shows those dimensions', async () => {
    const { report } = await runEval(p.ws, 'sociocultural-statements');
    expect(report.stages.map((s) => [s.stage, s.action])).toEqual([['eval-statements', 'ran']]);
    const summary: StatementsSummary = JSON.parse(readFileSync(join(p.dir, EVAL_DIR, 'summary.json'), 'utf8'));
    expect(summary.framework.dimensions.map((d) => d.code)).toEqual(CODES);
    for (const row of summary.table3) expect(Object.keys(row.profiles.en)).toEqual(CODES);
    expect(new Set(summary.figure1.bars.map((b) => b.dimension))).toEqual(new Set(CODES));
    await withReportPage(join(p.dir, EVAL_DIR, 'report.html'), async (page, problems) => {
      const figure = page.locator('svg.chart[aria-label^="Figure 1"]');
      expect(await figure.count()).toBe(1);
      // Two model groups and one human country, three dimensions each.
      expect(await figure.locator('rect.bar').count()).toBe(3 * CODES.length);
      for (const code of CODES) expect(await figure.locator('text', { hasText: code }).count()).toBeGreaterThan(0);
      const table3 = page.locator('div.table3 table');
      expect(await table3.locator('tr').count()).toBe(1 + p.panel.length * CODES.length);
      const text = (await page.locator('body').textContent())!;
      expect(text).toContain('Value framework: the civic values test framework (id test-civic, sha256');
      expect(text).not.toMatch(/\bPDI\b|Hofstede/);
      expect(problems).toEqual([]);
    });
  });

  it('the QC sheets describe the framework’s dimensions to annotators', async () => {
    const { files } = await exportQcRound(p.ws, 'sociocultural-statements', {
      round: 'r1',
      size: 6,
      overlap: 2,
      annotators: ['ann1', 'ann2'],
      seed: 1,
    });
    const csv = files.find((f) => f.endsWith('ann1.csv'))!;
    const rows: Array<Record<string, string>> = parseCsv(readFileSync(csv), { columns: true, bom: true });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(CODES).toContain(row.dimension);
      const dimension = threeDimensions().dimensions.find((d) => d.code === row.dimension)!;
      expect(row.dimension_meaning).toContain(`${dimension.name.en}: ${dimension.definition.en}`);
      expect(row.dimension_meaning).toContain(`Positive (1, 2): ${dimension.positivePole.en}.`);
    }
  });

  it('the release card names the framework: id, name, source and hash, and its dimensions', async () => {
    const { dir } = await exportRelease(p.ws, 'sociocultural-statements');
    const card = readFileSync(join(dir, 'README.md'), 'utf8');
    const framework = loadFramework(frameworkFile());
    expect(card).toContain(
      `**Value framework.** the civic values test framework (id \`test-civic\`, file \`values.yaml\`, ` +
        `sha256 \`${framework.sha256}\`).`,
    );
    expect(card).toContain(`Dimensions written from: ${framework.source.citation}`);
    expect(card).toContain('| TRD | Tradition | keeping inherited customs | replacing customs that no longer serve |');
    expect(card).toContain('across 3 dimensions of the civic values test framework');
    expect(parseYaml(card.split('---')[1]).tags).toContain('test-civic');
    // No Hofstede dimension or LTO note (the citation of the Negru paper still says what it labelled).
    expect(card).not.toMatch(/LTO polarity|\| (PDI|IDV|MAS|UAI|LTO|IND) \|/);
  });
});
