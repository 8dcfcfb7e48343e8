import { describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_RETRY, parseRetryAfter, RetryableError, withHttpRetries } from '../../src/io/http-retry.ts';
import { effectiveDelayMs, loadRobots } from '../../src/scrapers/kialo/politeness.ts';
import { discussionIdOf, slugify } from '../../src/scrapers/kialo/urls.ts';

describe('politeness and URLs', () => {
  it('honours robots.txt: disallowed paths, and Crawl-delay wins only when longer than ours', async () => {
    const robots = await loadRobots('https://www.kialo.com', async () => ({
      status: 200,
      text: 'User-agent: *\nCrawl-delay: 5\nDisallow: /account/\n',
    }));
    expect(robots.isAllowed('https://www.kialo.com/account/settings')).toBe(false);
    expect(robots.isAllowed('https://www.kialo.com/does-god-exist-2629')).toBe(true);
    expect(effectiveDelayMs(1000, robots.crawlDelayMs)).toBe(5000);
    expect(effectiveDelayMs(8000, robots.crawlDelayMs)).toBe(8000);
    const none = await loadRobots('https://www.kialo.com', async () => ({ status: 404, text: '' }));
    expect(none.isAllowed('https://www.kialo.com/account/x')).toBe(true);
  });

  it('retries retryable failures up to maxAttempts and not other errors', async () => {
    let calls = 0;
    const ok = await withHttpRetries(
      async () => {
        calls++;
        if (calls < 3) throw new RetryableError('HTTP 503');
        return 'done';
      },
      { policy: { ...DEFAULT_HTTP_RETRY, retries: 3, minDelayMs: 1 } },
    );
    expect(ok).toEqual({ value: 'done', attempts: 3 });
    await expect(
      withHttpRetries(
        async () => {
          throw new RetryableError('HTTP 429', 1);
        },
        { policy: { ...DEFAULT_HTTP_RETRY, retries: 1, minDelayMs: 1 } },
      ),
    ).rejects.toThrow('HTTP 429');
    let plain = 0;
    await expect(
      withHttpRetries(
        async () => {
          plain++;
          throw new Error('bad');
        },
        { policy: { ...DEFAULT_HTTP_RETRY, retries: 4, minDelayMs: 1 } },
      ),
    ).rejects.toThrow('bad');
    expect(plain).toBe(1);
    expect(parseRetryAfter('2')).toBe(2000);
  });

  it("follows Kialo's slug rule and finds discussion ids in URLs, claim links and bare ids", () => {
    expect(slugify('Should hate speech be illegal?')).toBe('should-hate-speech-be-illegal');
    expect(slugify('¿Qué es el arte?')).toBe('¿qué-es-el-arte');
    expect(slugify('Cats / dogs: which is better?')).toBe('cats--dogs-which-is-better');
    expect(discussionIdOf('https://www.kialo.com/does-god-exist-2629')).toBe(2629);
    expect(discussionIdOf('https://www.kialo.com/%C2%BFqu%C3%A9-es-el-arte-41541')).toBe(41541);
    expect(discussionIdOf('https://www.kialo.com/2629.15')).toBe(2629);
    expect(discussionIdOf(' 74000 ')).toBe(74000);
    expect(discussionIdOf('not a url')).toBeUndefined();
  });
});
