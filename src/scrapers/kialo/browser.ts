import { errors, type Browser, type BrowserContext, type Response } from 'playwright-core';
import { launchChromium } from '../../io/chromium.ts';
import { API_ANSWERS, API_ANSWER_NAMES, type ApiAnswerName } from './api.ts';
import { RENDERED_MARKER } from './selectors.ts';
import { USER_AGENT } from './politeness.ts';
import { parseRetryAfter, RetryableError } from './retry.ts';


export interface PageCapture {
  httpStatus: number;
  finalUrl: string;
  html: string;
  api: Partial<Record<ApiAnswerName, string>>;
  /** API answers the page asked for and did not get (non-2xx), with what it asked and got. */
  apiFailures: Partial<Record<ApiAnswerName, { url: string; status: number }>>;
  /** URLs the page wanted that robots.txt disallows: they were not requested. */
  blocked: string[];
}

export interface CaptureOptions {
  renderTimeoutMs: number;
  /** robots.txt, asked for every URL the page fetches (document, scripts, API calls). */
  isAllowed(url: string): boolean;
}

/** One Chromium for the whole scrape; every discussion gets a fresh page in one shared context. */
export class KialoBrowser {
  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
  ) {}

  static async launch(): Promise<KialoBrowser> {
    const browser = await launchChromium();
    const context = await browser.newContext({ userAgent: USER_AGENT, locale: 'en-US' });
    return new KialoBrowser(browser, context);
  }

  /**
   * Loads a discussion, waits until the app has rendered it (or `renderTimeoutMs` passed: a changed
   * layout never shows our marker) and returns the rendered HTML with the API answers the page fetched.
   * Every request of the page passes robots.txt first; a disallowed one is not sent and is listed in
   * `blocked`. 429, 5xx and timeouts of the page itself throw `RetryableError`; a 404 is returned as such.
   */
  async capture(url: string, opts: CaptureOptions): Promise<PageCapture> {
    const page = await this.context.newPage();
    const capture: Omit<PageCapture, 'httpStatus' | 'finalUrl' | 'html'> = { api: {}, apiFailures: {}, blocked: [] };
    await page.route('**/*', (route) => {
      const wanted = route.request().url();
      if (opts.isAllowed(wanted)) return route.continue();
      capture.blocked.push(wanted);
      return route.abort('blockedbyclient');
    });
    const reads: Promise<void>[] = [];
    page.on('response', (response) => reads.push(recordApiAnswer(response, capture)));
    try {
      const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: opts.renderTimeoutMs * 2 });
      const httpStatus = response?.status() ?? 0;
      if (httpStatus === 429 || httpStatus >= 500) {
        throw new RetryableError(`HTTP ${httpStatus} on ${url}`, parseRetryAfter(await response?.headerValue('retry-after')));
      }
      if (httpStatus === 200) {
        await page.waitForLoadState('networkidle', { timeout: opts.renderTimeoutMs }).catch(() => undefined);
        await page.waitForSelector(RENDERED_MARKER, { timeout: opts.renderTimeoutMs }).catch(() => undefined);
      }
      await Promise.all(reads);
      return { httpStatus, finalUrl: page.url(), html: await page.content(), ...capture };
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

/** Keeps an API answer's body when it succeeded, or what was asked and answered when it did not. */
async function recordApiAnswer(response: Response, capture: Pick<PageCapture, 'api' | 'apiFailures'>): Promise<void> {
  const name = API_ANSWER_NAMES.find((n) => API_ANSWERS[n].matches(new URL(response.url()).pathname));
  if (!name) return;
  if (!response.ok()) {
    if (capture.api[name] === undefined) capture.apiFailures[name] = { url: response.url(), status: response.status() };
    return;
  }
  const body = await response.text().catch(() => undefined);
  if (body === undefined) return;
  capture.api[name] = body;
  delete capture.apiFailures[name];
}
