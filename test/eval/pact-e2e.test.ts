import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureItemId, writeHumanResponsesCsv, writePactCsv } from './pact-fixture.ts';
import { Workspace } from '../../src/pipeline/workspace.ts';
import { runEval } from '../../src/eval/run.ts';
import { ConfigSchema } from '../../src/schemas/config.ts';
import { createLogger } from '../../src/pipeline/log.ts';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { readHumanResponses } from '../../src/eval/human-data.ts';
import { PactDecisionSchema, type PactDecision } from '../../src/eval/records.ts';
import type { PactEvalSummary } from '../../src/eval/pact-report.ts';
import { SIM_PROFILES } from '../../src/llm/sim/profiles.ts';
import { withReportPage } from '../helpers/report-page.ts';

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
    eval: { pactInput: csv, humanResponses: humans, models: MODELS.map((id) => ({ id, model: id, runs: 1, tpm: 100_000_000 })) },
    stages: { 'eval-pact': { systemPrompts: ['no-balance', 'balance'], demographics: ['full_demo', 'no_demo'] } },
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

describe('eval-pact on a published-layout PACT CSV, through the panel and the simulator', () => {
  it('writes one decision per model × item × condition, with the strata copied in', () => {
    expect(decisions).toHaveLength(MODELS.length * items * 4);
    expect(decisions.every((d) => d.simulated && d.cache_key.length > 10)).toBe(true);
    expect(new Set(decisions.map((d) => d.receiver_country))).toEqual(new Set(['JP', 'IN']));
    expect(new Set(decisions.map((d) => d.receiver_region))).toEqual(new Set(['Asia']));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain("Cramér's V");
  });

  it('recovers the declared profiles: most norm-following model allows preference least, least norm-following most', () => {
    const byNorm = [...MODELS].sort((a, b) => SIM_PROFILES[a].normFollowing - SIM_PROFILES[b].normFollowing);
    const rate = (m: string) => summary.analysis.overall.find((c) => c.keys.model === m)!.rate!;
    const byRate = [...MODELS].sort((a, b) => rate(a) - rate(b));
    expect(byRate[0]).toBe(byNorm.at(-1));
    expect(byRate.at(-1)).toBe(byNorm[0]);
  });

  it('measures human alignment for every model, human question, persona setting and respondent country', async () => {
    const alignment = summary.alignment!;
    const keys = new Set(alignment.map((r) => `${r.model}|${r.target}|${r.persona}|${r.respondent_country}`));
    for (const model of MODELS)
      for (const target of ['personal_choice', 'norm_judgment'])
        for (const persona of [true, false])
          for (const country of [null, ...RESPONDENT_COUNTRIES]) expect(keys.has(`${model}|${target}|${persona}|${country}`)).toBe(true);
    expect(alignment.every((r) => r.metrics.units === HUMAN_SCENARIOS)).toBe(true);

    // An independent recomputation of one row from the files: decisions.jsonl and the human CSV.
    const model = MODELS[0];
    const humans = await readHumanResponses(join(dir, 'human-responses.csv'));
    const followRate = (answers: boolean[]) => answers.filter(Boolean).length / answers.length;
    const gaps = Array.from({ length: HUMAN_SCENARIOS }, (_, s) => {
      const id = fixtureItemId(s);
      const human = followRate(humans.filter((h) => h.scenario_id === id && h.respondent_country === 'JP').map((h) => h.personal_choice === 'FOLLOW_CULTURE'));
      const own = decisions.filter((d) => d.model === model && d.scenario_id === id && d.demographics !== 'no_demo' && d.decision !== 'UNKNOWN');
      return followRate(own.map((d) => d.decision === 'FOLLOW_CULTURE')) - human;
    });
    const row = alignment.find((r) => r.model === model && r.target === 'personal_choice' && r.persona && r.respondent_country === 'JP')!;
    expect(row.metrics.signedCultureGap).toBeCloseTo(gaps.reduce((a, b) => a + b, 0) / gaps.length, 10);
    expect(row.metrics.rateMae).toBeCloseTo(gaps.reduce((a, b) => a + Math.abs(b), 0) / gaps.length, 10);

    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Human alignment');
    expect(md).toContain('with persona: every model answer on the scenario under a demographic prompt');
    expect(md).toMatch(/\| JP \| 12 \|/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<h2>Human alignment</h2>');
  });

  it('the report renders in chromium with its charts, and the command saved report.png beside it', async () => {
    const png = readFileSync(join(out, 'report.png'));
    expect(png.length).toBeGreaterThan(1000);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    await withReportPage(join(out, 'report.html'), async (page, problems) => {
      expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(0);
      expect(await page.locator('svg.chart path.whisker').count()).toBeGreaterThan(0);
      expect(await page.locator('h2', { hasText: 'Option-position check' }).count()).toBe(1);
      expect(problems).toEqual([]);
    });
  });
});
