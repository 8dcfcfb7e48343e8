import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { writeFileAtomic } from '../atomic.ts';
import { chromiumPath, launchChromium } from '../chromium.ts';
import type { Chart } from './bar-chart.ts';

/** Folder, beside the report, holding each chart as `<id>.svg` and `<id>.png`. */
export const CHARTS_DIR = 'charts';

export interface ChartFiles {
  files: string[];
  /** Whether the PNGs were drawn; when not, why (the report then links the SVGs only). */
  png: boolean;
  note?: string;
}

/**
 * Writes every chart as a standalone SVG, and as a PNG at twice the size (for a paper or slides)
 * drawn by Chromium from that same SVG. Without Chromium the SVGs are still there and the caller
 * is told why the PNGs are not.
 */
export async function writeChartFiles(reportDir: string, charts: readonly Chart[], opts: { png?: boolean } = {}): Promise<ChartFiles> {
  const dir = join(reportDir, CHARTS_DIR);
  mkdirSync(dir, { recursive: true });
  const files = charts.map((c) => {
    const file = join(dir, `${c.id}.svg`);
    writeFileAtomic(file, `<?xml version="1.0" encoding="UTF-8"?>\n${c.svg}\n`);
    return file;
  });
  if (opts.png === false) return { files, png: false, note: 'PNG drawing was turned off' };
  if (!existsSync(chromiumPath())) return { files, png: false, note: `chromium not found at ${chromiumPath()} (set NORMFORGE_CHROMIUM)` };
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    for (const [i, c] of charts.entries()) {
      await page.goto(pathToFileURL(files[i]).href);
      const png = join(dir, `${c.id}.png`);
      writeFileAtomic(png, await page.locator('svg').first().screenshot({ omitBackground: false }));
      files.push(png);
    }
    return { files, png: true };
  } catch (err) {
    return { files, png: false, note: (err instanceof Error ? err.message : String(err)).split('\n')[0] };
  } finally {
    await browser?.close();
  }
}

/** A chart in the report, with its download links (PNG only when it was drawn). */
export function chartFigure(chart: Chart, png: boolean): string {
  const link = (ext: string) => `<a href="${CHARTS_DIR}/${encodeURIComponent(chart.id)}.${ext}" download>${ext.toUpperCase()}</a>`;
  return `<figure class="chart-figure">${chart.svg}<figcaption class="downloads">Download: ${link('svg')}${png ? ` · ${link('png')}` : ''}</figcaption></figure>`;
}

