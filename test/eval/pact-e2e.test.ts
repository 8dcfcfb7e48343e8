import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureItemId, writeHumanResponsesCsv, writePactCsv } from './pact-fixture.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { runEval } from '../../src/eval/run.ts';
import { ConfigSchema } from '../../src/schemas/config.ts';
import { createLogger } from '../../src/log/logger.ts';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { readHumanResponses } from '../../src/evaluation/human-data.ts';
import { PactDecisionSchema, type PactDecision } from '../../src/evaluation/records.ts';
import type { PactEvalSummary } from '../../src/evaluation/pact-report.ts';
import { SIM_PROFILES } from '../../src/llm/sim/profiles.ts';
import { withReportPage } from '../helpers/report-page.ts';
import { readCsv } from '../../src/io/csv.ts';

async function readCsvAll(file: string): Promise<Array<Record<string, string>>> {
  const rows: Array<Record<string, string>> = [];
  for await (const { values } of readCsv(file)) rows.push(values);
  return rows;
}

/** Every analysis the issue asks the report for, by its heading. */
const REPORT_ANALYSES = [
  'Sample coverage',
  'Allow-preference rate per model',
  'C1 → C3 profile',
  'Demographic deltas',
  'Receiver-region shift',
  'Actor × receiver region heatmap',
  'Balance vs no-balance: paired flip rate',
  'Per-item decision entropy and conflict rate',
  'Logistic regression of following the culture',
  'Human study: culture rates',
  'Human study: by relation',
  'Human alignment (the authors’ metrics)',
  'Uncertainty alignment',
  'Majority alignment vs distributional MAE per model (Pareto front)',
  'Scenario-level variants',
  'Majority of runs',
];

const dir = mkdtempSync(join(tmpdir(), 'nf-eval-pact-'));
const out = join(dir, 'data/final/eval/pact');
const MODELS = Object.keys(SIM_PROFILES);
// 30 scenarios per relation and source: 180 items × 4 conditions, enough that profiles 0.1 apart separate.
const PER_RELATION = 30;
const HUMAN_SCENARIOS = 12;
const RESPONDENT_COUNTRIES = ['IN', 'JP'];
let items: number;
let decisions: PactDecision[];
let summary: PactEvalSummary;

beforeAll(async () => {
  const csv = join(dir, 'pact-release.csv');
  const humans = join(dir, 'human-responses.csv');
  items = writePactCsv(csv, PER_RELATION);
  writeHumanResponsesCsv(humans, HUMAN_SCENARIOS, RESPONDENT_COUNTRIES, 5);
  const config = ConfigSchema.parse({
    eval: {
      pactInput: csv,
      humanResponses: humans,
      models: MODELS.map((id) => ({ id, model: id, runs: 1, tpm: 100_000_000 })),
    },
    // The authors' spelling of the system prompt is accepted beside ours.
    stages: {
      'eval-pact': { systemPrompts: ['nobalance', 'balance'], demographics: ['full_demo', 'no_demo'], sample: 10_000 },
    },
  });
  const ws = new Workspace(dir, config, undefined, createLogger({ level: 'warn' }));
  try {
    const { report } = await runEval(ws, 'pact');
    expect(report.stages.map((s) => [s.stage, s.action])).toEqual([['eval-pact', 'ran']]);
  } finally {
    ws.close();
  }
  decisions = await readJsonlAll(join(out, 'decisions.jsonl'), PactDecisionSchema);
  summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const decisionsOnly = () => decisions.filter((d) => d.question === 'decision');

describe('eval-pact on a published-layout PACT CSV, through the panel and the simulator', () => {
  it('writes one decision per model × item × condition, with the strata copied in and marked simulated', () => {
    expect(decisionsOnly()).toHaveLength(MODELS.length * items * 4);
    expect(decisions.every((d) => d.simulated && d.cache_key.length > 10)).toBe(true);
    expect(new Set(decisions.map((d) => d.receiver_country))).toEqual(new Set(['JP', 'IN']));
    expect(new Set(decisions.map((d) => d.actor_country))).toEqual(new Set(['JP', 'KR', 'US', 'IN', 'NP', 'CA']));
    expect(new Set(decisions.map((d) => d.actor_region))).toEqual(new Set(['Asia', 'Americas']));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain("Cramér's V");
  });

  it('uses the demographics the scenario text states, and never repeats the stated sentence in the prompt', async () => {
    // Row 0 states "a younger woman" actor and "an older woman" receiver; row 2 "an older man" and "a younger man".
    const row0 = decisions.find((d) => d.instance_id === fixtureItemId(0))!;
    expect(row0).toMatchObject({
      actor_age: 'younger',
      actor_gender: 'female',
      receiver_age: 'older',
      receiver_gender: 'female',
    });
    const row2 = decisions.find((d) => d.instance_id === fixtureItemId(2))!;
    expect(row2).toMatchObject({
      actor_age: 'older',
      actor_gender: 'male',
      receiver_age: 'younger',
      receiver_gender: 'male',
    });
  });

  it('recovers the declared profiles: most norm-following model allows preference least, least norm-following most', () => {
    const byNorm = [...MODELS].sort((a, b) => SIM_PROFILES[a].normFollowing - SIM_PROFILES[b].normFollowing);
    const rate = (m: string) => summary.analysis.overall.find((c) => c.keys.model === m)!.rate!;
    const byRate = [...MODELS].sort((a, b) => rate(a) - rate(b));
    expect(byRate[0]).toBe(byNorm.at(-1));
    expect(byRate.at(-1)).toBe(byNorm[0]);
  });

  it('asks the human study’s two questions without persona and as every respondent subgroup, cached like every call', () => {
    const personas = new Set(
      decisions.filter((d) => d.persona).map((d) => `${d.persona!.country}|${d.persona!.age}|${d.persona!.gender}`),
    );
    expect(personas.size).toBe(RESPONDENT_COUNTRIES.length * 4);
    for (const question of ['personal', 'norm'] as const) {
      const asked = decisions.filter((d) => d.question === question);
      expect(asked).toHaveLength(MODELS.length * HUMAN_SCENARIOS * (1 + personas.size));
      expect(asked.every((d) => d.culture_option === 'A' && d.cache_key.length > 10 && d.simulated)).toBe(true);
    }
  });

  it('measures the authors’ alignment for every model, question, persona setting and respondent country, recomputable from the files', async () => {
    const authors = summary.alignment!.authors;
    const keys = new Set(authors.map((r) => `${r.model}|${r.question}|${r.persona}|${r.respondents}`));
    for (const model of MODELS)
      for (const question of ['personal', 'norm'])
        for (const persona of [true, false])
          for (const group of ['all', ...RESPONDENT_COUNTRIES])
            expect(keys.has(`${model}|${question}|${persona}|${group}`)).toBe(true);

    // An independent recomputation of one row from decisions.jsonl and the human CSV: no persona vs JP respondents.
    const model = MODELS[0];
    const humans = await readHumanResponses(join(dir, 'human-responses.csv'));
    let matches = 0;
    let rows = 0;
    const errors: number[] = [];
    for (const d of decisions.filter((x) => x.model === model && x.question === 'personal' && !x.persona)) {
      const codes = humans
        .filter((h) => h.scenario_id === d.scenario_id && h.respondent_country === 'JP')
        .map((h): number => (h.personal_choice === 'FOLLOW_CULTURE' ? 1 : 0));
      const rate = codes.reduce((a, b) => a + b, 0) / codes.length;
      rows++;
      const letter = d.decision === 'FOLLOW_CULTURE' ? 'A' : d.decision === 'ALLOW_PREFERENCE' ? 'B' : null;
      if (letter === (rate >= 0.5 ? 'A' : 'B')) matches++;
      if (letter) errors.push(Math.abs((letter === 'A' ? 1 : 0) - rate));
    }
    const row = authors.find(
      (r) => r.model === model && r.question === 'personal' && !r.persona && r.respondents === 'JP',
    )!;
    expect(row.metrics.modelRows).toBe(rows);
    expect(row.metrics.majorityChoiceAlignment).toBeCloseTo(matches / rows, 12);
    expect(row.metrics.distributionalMae).toBeCloseTo(errors.reduce((a, b) => a + b, 0) / errors.length, 12);

    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Human alignment (the authors’ metrics)');
    expect(md).toContain('## Scenario-level variants (normforge, not the authors’ metrics)');
  });

  it('exports the decisions in the column layout the authors’ scripts read, in their vocabulary', async () => {
    const rows = await readCsvAll(join(out, 'decisions-authors.csv'));
    expect(rows).toHaveLength(decisions.length);
    expect(new Set(rows.map((r) => r.eval_prompt_condition))).toEqual(new Set(['nobalance', 'balance']));
    expect(new Set(rows.map((r) => r.eval_decision))).toEqual(new Set(['FOLLOW_CULTURE', 'ALLOW_PREFERENCE']));
    const survey = rows.filter((r) => r.response_type === 'norm');
    expect(new Set(survey.map((r) => r.persona_setting))).toEqual(new Set(['persona', 'no_persona']));
    expect(survey.every((r) => (r.llm_choice === 'A') === (r.eval_decision === 'FOLLOW_CULTURE'))).toBe(true);
  });

  it('the report renders in chromium with every analysis and labelled charts, and the command saved report.png beside it', async () => {
    const png = readFileSync(join(out, 'report.png'));
    expect(png.length).toBeGreaterThan(1000);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    await withReportPage(join(out, 'report.html'), async (page, problems) => {
      const headings = await page.locator('h2').allTextContents();
      for (const title of REPORT_ANALYSES)
        expect(
          headings.some((h) => h.startsWith(title)),
          title,
        ).toBe(true);
      const charts = page.locator('svg.chart');
      expect(await charts.count()).toBeGreaterThanOrEqual(12);
      for (const chart of await charts.all()) {
        expect(await chart.getAttribute('aria-label')).toBeTruthy();
        expect(await chart.locator('text.axis-title').count()).toBeGreaterThanOrEqual(1);
        expect((await chart.boundingBox())!.width).toBeGreaterThan(100);
      }
      expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(0);
      expect(await page.locator('svg.chart rect.cell').count()).toBeGreaterThan(0);
      expect(await page.locator('svg.chart circle.point').count()).toBe(MODELS.length);
      expect(await page.locator('svg.chart path.whisker').count()).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    });
  });
});
