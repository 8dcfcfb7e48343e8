import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { screenshotIsStale, screenshotReport } from '../../src/eval/screenshot.ts';
import { createLogger } from '../../src/log/logger.ts';

const dir = mkdtempSync(join(tmpdir(), 'nf-eval-shot-'));
const html = join(dir, 'report.html');
const png = join(dir, 'report.png');
writeFileSync(html, '<!doctype html><title>r</title><p>report</p>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe('report screenshot', () => {
  it('without chromium, warns and leaves the report alone', async () => {
    vi.stubEnv('NORMFORGE_CHROMIUM', join(dir, 'no-such-chromium'));
    const lines: string[] = [];
    expect(await screenshotReport(html, png, createLogger({ sink: (l) => lines.push(l) }))).toBe(false);
    expect(existsSync(png)).toBe(false);
    expect(lines.join('\n')).toMatch(/no screenshot of .*report\.html: chromium not found/);
  });

  it('is redrawn when missing or older than the report', () => {
    expect(screenshotIsStale(html, png)).toBe(true);
    writeFileSync(png, 'png');
    utimesSync(html, new Date(1_000_000), new Date(1_000_000));
    expect(screenshotIsStale(html, png)).toBe(false);
    utimesSync(html, new Date(), new Date(Date.now() + 60_000));
    expect(screenshotIsStale(html, png)).toBe(true);
  });
});
