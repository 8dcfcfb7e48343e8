import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../src/workspace/workspace.ts';
import { ConfigSchema } from '../../src/schemas/config.ts';
import { createLogger } from '../../src/log/logger.ts';
import { runEval } from '../../src/eval/run.ts';
import { statementsLines } from '../../src/eval/cli-summary.ts';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { StatementDecisionSchema } from '../../src/evaluation/records.ts';
import type { StatementsSummary } from '../../src/evaluation/statements-report.ts';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import { SIM_HOFSTEDE_CODES, SIM_PROFILES, type SimHofstedeCode } from '../../src/llm/sim/profiles.ts';
import { latentStatement, simulatedTranslation } from '../../src/llm/sim/world.ts';
import type { StatementLabel, TranslatedStatement } from '../../src/schemas/records.ts';
import { withReportPage } from '../helpers/report-page.ts';

const PER_DIMENSION = 16;
const MODELS = Object.keys(SIM_PROFILES);
const HUMAN_SCORES = resolve(import.meta.dirname, '../../examples/eval/hofstede-country-scores.csv');
const dir = mkdtempSync(join(tmpdir(), 'nf-eval-statements-'));
const out = join(dir, 'data/final/eval/sociocultural-statements');
let sim: SimServer;

/**
 * Statements that bear clearly on one dimension in the simulator's world, labelled with the world's
 * own polarity (what an ideal labelling panel would say), with simulated Chinese translations.
 */
function writeFixture(): { labels: StatementLabel[]; dimensionOf: Map<string, SimHofstedeCode> } {
  const labels: StatementLabel[] = [];
  const translated: TranslatedStatement[] = [];
  const dimensionOf = new Map<string, SimHofstedeCode>();
  const perDimension = new Map<SimHofstedeCode, number>(SIM_HOFSTEDE_CODES.map((d) => [d, 0]));
  for (let i = 0; labels.length < PER_DIMENSION * SIM_HOFSTEDE_CODES.length; i++) {
    const text = `Debate ${i}: society should reconsider the customs around proposal ${i}`;
    const latent = latentStatement(text);
    const dims = SIM_HOFSTEDE_CODES.filter((d) => latent.relevance(d) > 0.85);
    const others = SIM_HOFSTEDE_CODES.filter((d) => latent.relevance(d) > 0.6);
    if (dims.length !== 1 || others.length !== 1 || perDimension.get(dims[0])! >= PER_DIMENSION) continue;
    const dimension = dims[0];
    perDimension.set(dimension, perDimension.get(dimension)! + 1);
    const id = String(1000 + i);
    dimensionOf.set(id, dimension);
    const score = latent.polarity(dimension);
    labels.push({
      statement_id: id,
      discussion_id: 1000 + i,
      url: `https://www.kialo.com/debate-${i}`,
      statement: text,
      dimension,
      relevant_votes: 8,
      relevant_total: 8,
      relevant: true,
      polarity_votes: [score, score, score],
      score,
      contested: false,
      votes: [],
      prompt_version: 'fixture',
      models: MODELS,
      simulated: true,
    });
    translated.push({
      statement_id: id,
      discussion_id: 1000 + i,
      url: `https://www.kialo.com/debate-${i}`,
      title: text,
      thesis: text,
      thesis_claim_id: null,
      language: 'en',
      votes: 10,
      vote_count_kind: 'discussion-total',
      topics: [],
      sources: [],
      scraped_at: '2024-01-01T00:00:00Z',
      html_path: null,
      source: 'scrape',
      texts: { en: text, zh: simulatedTranslation(text, 'zh') },
      translation_source: { en: 'original', zh: 'llm' },
      simulated: true,
    });
  }
  mkdirSync(join(dir, 'data/final'), { recursive: true });
  mkdirSync(join(dir, 'data/interim'), { recursive: true });
  writeFileSync(
    join(dir, 'data/final/sociocultural-statements.jsonl'),
    `${labels.map((l) => JSON.stringify(l)).join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'data/interim/statements-translated.jsonl'),
    `${translated.map((t) => JSON.stringify(t)).join('\n')}\n`,
  );
  return { labels, dimensionOf };
}

function workspace(): Workspace {
  const config = ConfigSchema.parse({
    eval: {
      humanScores: HUMAN_SCORES,
      // Pointed at a simulator the test owns, so its request counter shows what the panel sent.
      models: MODELS.map((id) => ({ id, model: id, baseURL: `${sim.url}/v1`, runs: 3, rpm: 60_000, tpm: 100_000_000 })),
    },
    stages: { 'eval-statements': { resamples: 2000, seed: 7 } },
  });
  return new Workspace(dir, config, undefined, createLogger({ level: 'warn' }));
}

async function evaluate(opts: { force?: boolean; dryRun?: boolean } = {}) {
  const ws = workspace();
  try {
    return (await runEval(ws, 'sociocultural-statements', opts)).report;
  } finally {
    ws.close();
  }
}

beforeAll(async () => {
  sim = await startSimServer({ port: 0, host: '127.0.0.1', rpm: 60_000 });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('eval-statements end to end through the panel and the simulator', () => {
  let fixture: ReturnType<typeof writeFixture>;
  let summary: StatementsSummary;

  it('asks every model in both languages and records each answer with its provenance', async () => {
    fixture = writeFixture();
    const report = await evaluate();
    expect(report.stages.map((s) => [s.stage, s.action])).toEqual([['eval-statements', 'ran']]);
    const decisions = await readJsonlAll(join(out, 'decisions.jsonl'), StatementDecisionSchema);
    expect(decisions).toHaveLength(fixture.labels.length * MODELS.length * 2 * 3);
    for (const d of decisions) {
      expect(['agree', 'disagree', 'unparseable']).toContain(d.decision);
      expect(d.cache_key.length).toBeGreaterThan(10);
      expect(d.prompt_version).toMatch(/\S/);
      expect(d.simulated).toBe(true);
    }
    expect(new Set(decisions.map((d) => d.cache_key)).size).toBe(decisions.length);
    expect(new Set(decisions.map((d) => `${d.model}/${d.language}`)).size).toBe(MODELS.length * 2);
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  });

  it('writes Table 3 per model × language with bootstrap tests of the EN−ZH difference', () => {
    expect(summary.table3.map((r) => r.model).sort()).toEqual([...MODELS].sort());
    for (const row of summary.table3) {
      expect(Object.keys(row.profiles).sort()).toEqual(['en', 'zh']);
      for (const d of SIM_HOFSTEDE_CODES) expect(row.profiles.en[d].n).toBe(PER_DIMENSION);
      const [comparison] = row.comparisons;
      expect([comparison.base, comparison.other]).toEqual(['en', 'zh']);
      for (const cell of comparison.dimensions) {
        expect(cell.n).toBe(PER_DIMENSION);
        if (!('pValue' in cell)) throw new Error(`no bootstrap for ${row.model} ${cell.dimension}`);
        expect(cell.pValue).toBeGreaterThanOrEqual(0);
        expect(cell.pValue).toBeLessThanOrEqual(1);
        expect(cell.ciLow).toBeLessThanOrEqual(cell.difference);
        expect(cell.ciHigh).toBeGreaterThanOrEqual(cell.difference);
        expect(cell.significant).toBe(cell.pValue < 0.05);
      }
    }
    expect(summary.bootstrap).toEqual({ resamples: 2000, seed: 7, alpha: 0.05 });
  });

  it('maps Figure 1 groups to 0..100 beside the human country scores', () => {
    const groups = new Set(summary.figure1.bars.map((b) => b.group));
    expect(groups).toEqual(new Set(['US', 'CN']));
    expect(summary.figure1.bars).toHaveLength(2 * 2 * SIM_HOFSTEDE_CODES.length);
    for (const bar of summary.figure1.bars) {
      expect(bar.value).not.toBeNull();
      expect(bar.value!).toBeGreaterThanOrEqual(0);
      expect(bar.value!).toBeLessThanOrEqual(100);
    }
    expect(summary.figure1.human).toHaveLength(12);
    expect(summary.figure1.humanSource).toBe(HUMAN_SCORES);
  });

  it('the command summary shows each model profile per language', () => {
    const lines = statementsLines(summary);
    for (const model of MODELS) {
      for (const language of ['en', 'zh']) {
        const line = lines.find((l) => l.trim().startsWith(`${model} `) && l.includes(` ${language} `));
        const pdi = summary.table3.find((r) => r.model === model)!.profiles[language].PDI.mean!;
        expect(line, `${model} ${language}`).toContain(pdi.toFixed(2));
      }
    }
  });

  it('recovers the declared profiles: a clear tilt gives a mean on its side, in both languages', () => {
    let checked = 0;
    for (const row of summary.table3) {
      const tilts = SIM_PROFILES[row.model].hofstede;
      for (const d of SIM_HOFSTEDE_CODES.filter((x) => Math.abs(tilts[x]) >= 0.4)) {
        for (const language of ['en', 'zh']) {
          expect(Math.sign(row.profiles[language][d].mean!), `${row.model} ${language} ${d}`).toBe(Math.sign(tilts[d]));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
    // Groups: the US members lean individualist in the declared profiles, the CN members collectivist.
    const bar = (group: string, d: SimHofstedeCode) =>
      summary.figure1.bars.find((b) => b.group === group && b.dimension === d && b.language === 'en')!.value!;
    expect(bar('US', 'IDV')).toBeGreaterThan(bar('CN', 'IDV'));
    expect(bar('US', 'PDI')).toBeLessThan(bar('CN', 'PDI'));
  });

  it('a forced rerun answers everything from the cache: no request reaches the simulator', async () => {
    const before = sim.stats().requests;
    const decisionsBefore = readFileSync(join(out, 'decisions.jsonl'), 'utf8');
    const report = await evaluate({ force: true });
    expect(report.stages[0].action).toBe('ran');
    expect(sim.stats().requests).toBe(before);
    expect(readFileSync(join(out, 'decisions.jsonl'), 'utf8')).toBe(decisionsBefore);
    expect((await evaluate()).stages[0].action).toBe('skipped');
  });

  it('a rebuilt translation file makes the evaluation stale (the input is declared)', async () => {
    const file = join(dir, 'data/interim/statements-translated.jsonl');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
    const report = await evaluate({ dryRun: true });
    expect(report.stages[0].action).toBe('planned');
    expect(report.stages[0].reasons.join(' ')).toContain('data/interim/statements-translated.jsonl');
    const rows = report.stages[0].plan!.rows;
    expect(rows.map((r) => r.model).sort()).toEqual([...MODELS].sort());
    // Same prompts, same answers: nothing new to ask ("cached" counts samples, "requests" the calls still to make).
    for (const r of rows) expect([r.requests, r.cached]).toEqual([0, fixture.labels.length * 2 * 3]);
  });

  it('report.html renders in Chromium with the Figure 1 charts and the Table 3 heat table', async () => {
    await withReportPage(join(out, 'report.html'), async (page, problems) => {
      const figures = page.locator('svg.chart[aria-label^="Figure 1"]');
      expect(await figures.count()).toBe(2);
      expect(await figures.first().locator('rect.bar').count()).toBe(4 * SIM_HOFSTEDE_CODES.length);
      expect(await figures.first().locator('text', { hasText: 'United States (human)' }).count()).toBeGreaterThan(0);
      const table3 = page.locator('div.table3 table');
      expect(await table3.locator('tr').count()).toBe(1 + MODELS.length * SIM_HOFSTEDE_CODES.length);
      expect(await table3.locator('td[style*="background"]').count()).toBe(
        MODELS.length * SIM_HOFSTEDE_CODES.length * 2,
      );
      const shot = join(out, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot)).toBe(true);
      expect(problems).toEqual([]);
    });
  });
});
