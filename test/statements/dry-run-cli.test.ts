import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import { runCli } from '../helpers/cli.ts';
import { projectWith } from './fixtures.ts';
import { expectedModes, PAPER_STATEMENTS, type ExpectedRow } from './expected-plan.ts';

const RELEVANT_SHARE = 0.3;

const tokensAndCost = (r: ExpectedRow) =>
  `~${r.inputTokens} in / ~${r.outputTokens} out tokens · ~$${r.costUsd.toFixed(2)}`;

describe('normforge run sociocultural-statements --dry-run at the paper scale, from the CLI', () => {
  let sim: SimServer;
  let dir: string;
  let stdout: string;
  // Every member points at a simulator the test watches, so "no request" is observed, not assumed.
  // One member without `n` support pays one request per run.
  let panel: typeof DEFAULT_PANEL;

  beforeAll(async () => {
    sim = await startSimServer({ port: 0 });
    panel = DEFAULT_PANEL.map((m) => ({ ...m, baseURL: `${sim.url}/v1`, supportsN: m.id !== 'qwen-2.5-72b' }));
    const assume = { assumeStatements: PAPER_STATEMENTS };
    // The paper's method: translations are not back-translated.
    const translate = { ...assume, backTranslate: false };
    dir = projectWith([], { panel, stages: { translate, 'judge-relevance': assume } });
    const result = await runCli(['run', 'sociocultural-statements', '--dry-run'], { cwd: dir });
    if (result.code !== 0) throw new Error(`the dry run exited ${result.code}: ${result.stderr}`);
    ({ stdout } = result);
  });

  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('plans every stage, including scrape-kialo which has no LLM plan, and asks nothing', () => {
    for (const stage of [
      'scrape-kialo',
      'filter-votes',
      'translate',
      'judge-relevance',
      'judge-polarity',
      'assemble-statements',
    ]) {
      expect(stdout).toMatch(new RegExp(`^${stage}\\s+planned`, 'm'));
    }
    expect(sim.stats().requests).toBe(0);
    const dbFile = join(dir, 'data/normforge.db');
    if (existsSync(dbFile)) {
      const db = new Database(dbFile, { readonly: true });
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE name IN ('llm_cache', 'llm_ledger')")
        .all() as Array<{ name: string }>;
      for (const { name } of tables)
        expect((db.prepare(`SELECT COUNT(*) AS n FROM ${name}`).get() as { n: number }).n).toBe(0);
      db.close();
    }
    expect(existsSync(join(dir, 'data/final'))).toBe(false);
  });

  it('prints per-member requests, tokens and cost of the faithful stage rows as the formula gives them', () => {
    const expected = expectedModes(panel, PAPER_STATEMENTS, RELEVANT_SHARE);
    const relevance = stdout.slice(stdout.indexOf('judge-relevance'), stdout.indexOf('judge-polarity'));
    for (const m of panel) {
      const e = expected.get(m.id)!.relevance;
      expect(relevance).toContain(`${m.id.padEnd(28)} requests ${e.requests} (cached 0) · ${tokensAndCost(e)}`);
    }
    expect(expected.get('gpt-4.1')!.relevance.requests).toBe(PAPER_STATEMENTS * 6 * 2);
    expect(expected.get('qwen-2.5-72b')!.relevance.requests).toBe(PAPER_STATEMENTS * 6 * 2 * 5);
    expect(stdout).toMatch(/translate\s+planned[^\n]*\n\s+gpt-4\.1\s+requests 776 \(cached 0\)/);
  });

  it('prints both modes per member (faithful = relevance + polarity, economy = one six-dimension answer) and their difference', () => {
    const expected = expectedModes(panel, PAPER_STATEMENTS, RELEVANT_SHARE);
    const faithfulBlock = stdout.slice(stdout.indexOf('faithful total'), stdout.indexOf('economy (relevance'));
    const economyBlock = stdout.slice(stdout.indexOf('economy (relevance'), stdout.indexOf('economy vs faithful'));
    for (const m of panel) {
      const e = expected.get(m.id)!;
      expect(faithfulBlock).toContain(`${m.id}: ${e.faithful.requests} requests · ${tokensAndCost(e.faithful)}`);
      expect(economyBlock).toContain(`${m.id}: ${e.economy.requests} requests · ${tokensAndCost(e.economy)}`);
      expect(e.economy.requests).toBe(PAPER_STATEMENTS * 2 * (m.supportsN ? 1 : 5));
    }
    const total = (mode: 'faithful' | 'economy') => [...expected.values()].reduce((n, e) => n + e[mode].requests, 0);
    expect(faithfulBlock).toContain(`: ${total('faithful')} requests (0 cached)`);
    expect(economyBlock).toContain(`: ${total('economy')} requests (0 cached)`);
    expect(stdout).toContain(
      `economy vs faithful: ${(total('faithful') / total('economy')).toFixed(1)}x fewer requests`,
    );
  });
});
