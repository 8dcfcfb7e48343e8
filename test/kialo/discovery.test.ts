import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverFromSitemap, type PoliteGet } from '../../src/scrapers/kialo/discovery.ts';
import { startKialoReplica, type KialoReplica } from '../../src/scrapers/kialo/replica/server.ts';
import { discussionPath } from '../../src/scrapers/kialo/urls.ts';

const plainGet: PoliteGet = async (url) => {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
};

let replica: KialoReplica;
beforeEach(async () => {
  replica = await startKialoReplica();
});
afterEach(async () => {
  await replica.close();
});

describe('sitemap discovery', () => {
  it('follows a <sitemapindex> to its child sitemaps and finds the same discussions as the discussion sitemap', async () => {
    const viaIndex = await discoverFromSitemap(replica.url, plainGet, '/sitemap.xml');
    expect(replica.hits.get('/sitemap.xml')).toBe(1);
    expect(replica.hits.get('/sitemap_discussions.xml')).toBe(1);
    expect(viaIndex).toEqual(replica.discussions.map((d) => ({ id: d.id, url: `${replica.url}${discussionPath(d.title, d.id)}` })));
    expect(await discoverFromSitemap(replica.url, plainGet)).toEqual(viaIndex);
  });

  it('reads each sitemap once, even when indexes point at each other, and relative <loc>s resolve against the index', async () => {
    const files: Record<string, string> = {
      'https://k.test/a.xml': '<sitemapindex><sitemap><loc>/b.xml</loc></sitemap><sitemap><loc>https://k.test/c.xml</loc></sitemap></sitemapindex>',
      'https://k.test/b.xml': '<sitemapindex><sitemap><loc>https://k.test/a.xml</loc></sitemap><sitemap><loc>c.xml</loc></sitemap></sitemapindex>',
      'https://k.test/c.xml': '<urlset><url><loc>https://k.test/does-god-exist-2629</loc></url><url><loc>https://k.test/about</loc></url></urlset>',
    };
    const asked: string[] = [];
    const get: PoliteGet = async (url) => {
      asked.push(url);
      return files[url] ? { status: 200, text: files[url] } : { status: 404, text: '' };
    };
    expect(await discoverFromSitemap('https://k.test', get, '/a.xml')).toEqual([{ id: 2629, url: 'https://k.test/does-god-exist-2629' }]);
    expect(asked).toEqual(['https://k.test/a.xml', 'https://k.test/b.xml', 'https://k.test/c.xml']);
    await expect(discoverFromSitemap('https://k.test', get, '/missing.xml')).rejects.toThrow('sitemap answered HTTP 404 at https://k.test/missing.xml');
  });
});
