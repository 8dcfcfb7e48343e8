import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { withChromiumPage } from '../../src/io/chromium.ts';

/**
 * Opens an HTML report in real Chromium and hands the page to `check`, with the problems seen so
 * far: console errors, page errors and any request that leaves the file (reports are self-contained).
 */
export async function withReportPage<R>(
  file: string,
  check: (page: Page, problems: string[]) => Promise<R>,
): Promise<R> {
  return withChromiumPage({}, async (page) => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => !r.url().startsWith('file:') && problems.push(`network: ${r.url()}`));
    await page.goto(pathToFileURL(file).href);
    return check(page, problems);
  });
}

export interface TextBoxProblem {
  chart: string;
  problem: string;
}

/**
 * Every chart (`svg.chart`) of the page, measured by the browser itself: two text boxes of one
 * chart that overlap (by more than half a pixel each way), or a text box that sticks out of its
 * chart (clipped), is a problem. Returns the problems and the number of charts and texts checked.
 */
export async function chartTextProblems(
  page: Page,
): Promise<{ charts: number; texts: number; problems: TextBoxProblem[] }> {
  return page.evaluate(() => {
    const problems: Array<{ chart: string; problem: string }> = [];
    const charts = [...document.querySelectorAll('svg.chart')];
    let texts = 0;
    for (const svg of charts) {
      const name = svg.getAttribute('aria-label') ?? svg.id;
      const frame = svg.getBoundingClientRect();
      const boxes = [...svg.querySelectorAll('text')]
        .map((t) => ({ text: (t.textContent ?? '').trim(), r: t.getBoundingClientRect() }))
        .filter((b) => b.text !== '');
      texts += boxes.length;
      for (const b of boxes) {
        if (
          b.r.left < frame.left - 0.5 ||
          b.r.right > frame.right + 0.5 ||
          b.r.top < frame.top - 0.5 ||
          b.r.bottom > frame.bottom + 0.5
        )
          problems.push({ chart: name, problem: `"${b.text}" is clipped by the chart's edge` });
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].r;
          const c = boxes[j].r;
          const dx = Math.min(a.right, c.right) - Math.max(a.left, c.left);
          const dy = Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top);
          if (dx > 0.5 && dy > 0.5)
            problems.push({ chart: name, problem: `"${boxes[i].text}" overlaps "${boxes[j].text}"` });
        }
      }
    }
    return { charts: charts.length, texts, problems };
  });
}
