import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../src/io/chromium.ts';

/**
 * Opens an HTML report in real Chromium and hands the page to `check`, with the problems seen so
 * far: console errors, page errors and any request that leaves the file (reports are self-contained).
 */
export async function withReportPage<R>(file: string, check: (page: Page, problems: string[]) => Promise<R>): Promise<R> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => !r.url().startsWith('file:') && problems.push(`network: ${r.url()}`));
    await page.goto(pathToFileURL(file).href);
    return await check(page, problems);
  } finally {
    await browser.close();
  }
}
