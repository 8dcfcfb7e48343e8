import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../../io/chromium.ts';
import { USER_AGENT } from './politeness.ts';
import { parseRetryAfter, RetryableError } from '../../io/http-retry.ts';

export interface PageCapture {
  httpStatus: number;
  finalUrl: string;
  html: string;
  /** URLs the page wanted that robots.txt disallows: they were not requested. */
  blocked: string[];
}

export interface CaptureOptions {
  renderTimeoutMs: number;
  /** The element whose appearance means the app has rendered (a changed layout never shows it). */
  renderedMarker: string;
  /** robots.txt, asked for every URL the page fetches (document, scripts, API calls). */
  isAllowed(url: string): boolean;
  /** The session's headers for a URL (cookies, CSRF), so a logged-in page renders as the user sees it. */
  headersFor?(url: string): Record<string, string>;
}

/**
 * The optional rendered cross-check: one Chromium for the whole scrape, a fresh page per
 * discussion in one shared context. The API answers are fetched by the scraper itself; the page
 * only shows whether the site still displays what the API says.
 */
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
   * Loads a discussion and waits until the app has rendered it (or `renderTimeoutMs` passed).
   * Every request of the page passes robots.txt first; a disallowed one is not sent and is listed
   * in `blocked`. 429, 5xx and timeouts of the page itself throw `RetryableError`.
   */
  async capture(url: string, opts: CaptureOptions): Promise<PageCapture> {
    await this.useSession(url, opts);
    const page = await this.context.newPage();
    const blocked: string[] = [];
    await page.route('**/*', (route) => {
      const wanted = route.request().url();
      if (!opts.isAllowed(wanted)) {
        blocked.push(wanted);
        return route.abort('blockedbyclient');
      }
      // Chromium sets the Cookie header itself (from the context, see useSession); the CSRF header is added here.
      const { cookie: _cookie, ...extra } = opts.headersFor?.(wanted) ?? {};
      return Object.keys(extra).length
        ? route.continue({ headers: { ...route.request().headers(), ...extra } })
        : route.continue();
    });
    try {
      const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: opts.renderTimeoutMs * 2 });
      const httpStatus = response?.status() ?? 0;
      if (httpStatus === 429 || httpStatus >= 500) {
        throw new RetryableError(
          `HTTP ${httpStatus} on ${url}`,
          parseRetryAfter(await response?.headerValue('retry-after')),
          httpStatus,
        );
      }
      if (httpStatus === 200) {
        await page.waitForLoadState('networkidle', { timeout: opts.renderTimeoutMs }).catch(() => undefined);
        await page.waitForSelector(opts.renderedMarker, { timeout: opts.renderTimeoutMs }).catch(() => undefined);
      }
      return { httpStatus, finalUrl: page.url(), html: await page.content(), blocked };
    } catch (err) {
      // playwright-core is loaded by now (the browser runs), so this import is immediate.
      const { errors } = await import('playwright-core');
      if (err instanceof errors.TimeoutError) throw new RetryableError(`timeout loading ${url}`);
      throw err;
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  /** The session's cookies go into the browser context (Chromium ignores a Cookie header set on a routed request). */
  private async useSession(url: string, opts: CaptureOptions): Promise<void> {
    const header = opts.headersFor?.(url).cookie;
    if (!header) return;
    const origin = new URL(url).origin;
    const cookies = header.split('; ').map((pair) => {
      const eq = pair.indexOf('=');
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: origin };
    });
    await this.context.addCookies(cookies);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.browser.close();
  }
}
