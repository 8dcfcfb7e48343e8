import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic.ts';
import { chromiumPath, withChromiumPage } from '../chromium.ts';
import type { Chart } from './bar-chart.ts';

/** Folder, beside a report, holding each chart as `<id>.svg` and `<id>.png`. */
export const CHARTS_DIR = 'charts';

const standalone = (c: Chart) => `<?xml version="1.0" encoding="UTF-8"?>\n${c.svg}\n`;

/**
 * Each chart as a PNG at twice its size (for a paper or slides), drawn by Chromium from the chart's
 * own SVG. Without Chromium, or if drawing fails, no PNGs and the reason (the SVGs still serve).
 */
export async function chartPngs(
  charts: readonly Chart[],
): Promise<{ pngs: Map<string, Buffer> } | { pngs: null; note: string }> {
  if (!existsSync(chromiumPath()))
    return { pngs: null, note: `chromium not found at ${chromiumPath()} (set NORMFORGE_CHROMIUM)` };
  try {
    const pngs = await withChromiumPage({ deviceScaleFactor: 2 }, async (page) => {
      const drawn = new Map<string, Buffer>();
      for (const c of charts) {
        await page.setContent(`<!doctype html><html><body style="margin:0">${c.svg}</body></html>`);
        drawn.set(c.id, await page.locator('svg').first().screenshot());
      }
      return drawn;
    });
    return { pngs };
  } catch (err) {
    return { pngs: null, note: (err instanceof Error ? err.message : String(err)).split('\n')[0] };
  }
}

export interface ChartFiles {
  files: string[];
  /** Whether the PNGs were drawn; when not, why (the report then links the SVGs only). */
  png: boolean;
  note?: string;
}

/** Writes every chart beside a report as `charts/<id>.svg` and, when Chromium can draw it, `charts/<id>.png`. */
export async function writeChartFiles(
  reportDir: string,
  charts: readonly Chart[],
  opts: { png?: boolean } = {},
): Promise<ChartFiles> {
  const dir = join(reportDir, CHARTS_DIR);
  mkdirSync(dir, { recursive: true });
  const files = charts.map((c) => {
    const file = join(dir, `${c.id}.svg`);
    writeFileAtomic(file, standalone(c));
    return file;
  });
  if (opts.png === false) return { files, png: false, note: 'PNG drawing was turned off' };
  const drawn = await chartPngs(charts);
  if (!drawn.pngs) return { files, png: false, note: drawn.note };
  for (const c of charts) {
    const file = join(dir, `${c.id}.png`);
    writeFileAtomic(file, drawn.pngs.get(c.id)!);
    files.push(file);
  }
  return { files, png: true };
}

export interface ChartLinks {
  svg: string;
  png?: string;
}

/** Links to `charts/<id>.svg|png` beside the report. */
export function fileLinks(chart: Chart, png: boolean): ChartLinks {
  const base = `${CHARTS_DIR}/${encodeURIComponent(chart.id)}`;
  return { svg: `${base}.svg`, ...(png ? { png: `${base}.png` } : {}) };
}

/** The files themselves as data: URLs, for a report that must stay one self-contained file. */
export function inlineLinks(chart: Chart, png: Buffer | undefined): ChartLinks {
  return {
    svg: `data:image/svg+xml;base64,${Buffer.from(standalone(chart)).toString('base64')}`,
    ...(png ? { png: `data:image/png;base64,${png.toString('base64')}` } : {}),
  };
}

/** A chart in the report with its download links (PNG only when it was drawn). */
export function chartFigure(chart: Chart, links: ChartLinks): string {
  const link = (href: string, ext: string) =>
    `<a href="${href}" download="${chart.id}.${ext}">${ext.toUpperCase()}</a>`;
  return `<figure class="chart-figure">${chart.svg}<figcaption class="downloads">Download: ${link(links.svg, 'svg')}${links.png ? ` · ${link(links.png, 'png')}` : ''}</figcaption></figure>`;
}
