import { existsSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromiumPath, withChromiumPage } from '../io/chromium.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import type { Logger } from '../log/logger.ts';

const VIEWPORT = { width: 1280, height: 900 };

/** Whether the screenshot is missing or older than the report it shows. */
export function screenshotIsStale(html: string, png: string): boolean {
  return existsSync(html) && (!existsSync(png) || statSync(png).mtimeMs < statSync(html).mtimeMs);
}

/**
 * A full-page PNG of an HTML report, written atomically beside it. The report is the product and
 * the picture a convenience: without a browser, or when rendering fails, it warns and returns false.
 */
export async function screenshotReport(html: string, png: string, log: Logger): Promise<boolean> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    log.warn(
      `no screenshot of ${html}: chromium not found at ${executablePath} (set NORMFORGE_CHROMIUM); the report itself is complete`,
    );
    return false;
  }
  try {
    const shot = await withChromiumPage({ viewport: VIEWPORT }, async (page) => {
      await page.goto(pathToFileURL(html).href);
      return page.screenshot({ fullPage: true });
    });
    writeFileAtomic(png, shot);
    return true;
  } catch (err) {
    log.warn(`no screenshot of ${html}: ${(err as Error).message.split('\n')[0]}; the report itself is complete`);
    return false;
  }
}
