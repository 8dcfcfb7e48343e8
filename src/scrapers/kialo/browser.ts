import { chromium, errors, type Browser, type BrowserContext } from 'playwright-core';
import { API_ANSWERS, API_ANSWER_NAMES, type ApiAnswerName } from './api.ts';
import { RENDERED_MARKER } from './selectors.ts';
import { USER_AGENT } from './politeness.ts';
import { parseRetryAfter, RetryableError } from './retry.ts';

export const CHROMIUM_PATH = process.env.NORMFORGE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

export interface PageCapture {
  httpStatus: number;
  finalUrl: string;
  html: string;
  api: Partial<Record<ApiAnswerName, string>>;
}

/** One Chromium for the whole scrape; every discussion gets a fresh page in one shared context. */
export class KialoBrowser {
  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
  ) {}

  static async launch(): Promise<KialoBrowser> {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ userAgent: USER_AGENT, locale: 'en-US' });
    return new KialoBrowser(browser, context);
  }

  /**
   * Loads a discussion, waits until the app has rendered it (or `renderTimeoutMs` passed: a changed
   * layout never shows our marker) and returns the rendered HTML with the API answers the page fetched.
   * 429, 5xx and timeouts throw `RetryableError`; a 404 is returned as such.
   */
  async capture(url: string, renderTimeoutMs: number): Promise<PageCapture> {
    const page = await this.context.newPage();
    const api: PageCapture['api'] = {};
    const reads: Promise<void>[] = [];
    page.on('response', (response) => {
      const name = API_ANSWER_NAMES.find((n) => API_ANSWERS[n].matches(new URL(response.url()).pathname));
      if (name && response.ok()) reads.push(response.text().then((body) => void (api[name] = body), () => undefined));
    });
    try {
      const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: renderTimeoutMs * 2 });
      const httpStatus = response?.status() ?? 0;
      if (httpStatus === 429 || httpStatus >= 500) {
        throw new RetryableError(`HTTP ${httpStatus} on ${url}`, parseRetryAfter(await response?.headerValue('retry-after')));
      }
      if (httpStatus === 200) {
        await page.waitForLoadState('networkidle', { timeout: renderTimeoutMs }).catch(() => undefined);
        await page.waitForSelector(RENDERED_MARKER, { timeout: renderTimeoutMs }).catch(() => undefined);
      }
      await Promise.all(reads);
      return { httpStatus, finalUrl: page.url(), html: await page.content(), api };
    } catch (err) {
      if (err instanceof errors.TimeoutError) throw new RetryableError(`timeout loading ${url}`);
      throw err;
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.browser.close();
  }
}
