import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { writePactCsv } from './pact-fixture.ts';
import { Workspace } from '../../src/pipeline/workspace.ts';
import { runEval } from '../../src/cli/commands/eval.ts';
import { ConfigSchema } from '../../src/schemas/config.ts';
import { createLogger } from '../../src/pipeline/log.ts';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { PactDecisionSchema } from '../../src/eval/records.ts';

const dir = mkdtempSync(join(tmpdir(), 'nf-eval-pact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('eval-pact on a published-layout PACT CSV', () => {
  it('runs end to end with the simulator and writes decisions, summary and reports', async () => {
    const csv = join(dir, 'pact-release.csv');
    writePactCsv(csv);
    const config = ConfigSchema.parse({
      eval: { pactInput: csv, models: [{ id: 'gpt-4.1', model: 'gpt-4.1', runs: 1, tpm: 100_000_000 }, { id: 'qwen-2.5-72b', model: 'qwen-2.5-72b', runs: 1, tpm: 100_000_000 }] },
      stages: { 'eval-pact': { systemPrompts: ['no-balance', 'balance'], demographics: ['full_demo', 'no_demo'] } },
    });
    const ws = new Workspace(dir, config, undefined, createLogger({ level: 'warn' }));
    try {
      const { report } = await runEval(ws, 'pact');
      expect(report.stages.map((s) => [s.stage, s.action])).toEqual([['eval-pact', 'ran']]);
    } finally {
      ws.close();
    }
    const out = join(dir, 'data/final/eval/pact');
    const decisions = await readJsonlAll(join(out, 'decisions.jsonl'), PactDecisionSchema);
    expect(decisions).toHaveLength(36 * 4 * 2);
    expect(decisions.every((d) => d.simulated && d.cache_key.length > 10)).toBe(true);
    expect(new Set(decisions.map((d) => d.receiver_country))).toEqual(new Set(['JP', 'IN']));
    expect(new Set(decisions.map((d) => d.receiver_region))).toEqual(new Set(['Asia']));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const rate = (m: string) => summary.analysis.overall.find((c: { keys: { model: string } }) => c.keys.model === m).rate;
    expect(rate('qwen-2.5-72b')).toBeLessThan(rate('gpt-4.1'));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain("Cramér's V");

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${join(out, 'report.html')}`);
      expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(0);
      expect(await page.locator('svg.chart path.whisker').count()).toBeGreaterThan(0);
      expect(await page.locator('h2', { hasText: 'Option-position check' }).count()).toBe(1);
      const shot = join(out, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot)).toBe(true);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
