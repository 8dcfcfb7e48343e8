import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverFromListing, discoverFromSitemap, type PoliteGet } from '../../src/scrapers/kialo/discovery.ts';
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
    expect(viaIndex).toEqual(
      replica.discussions.map((d) => ({ id: d.id, url: `${replica.url}${discussionPath(d.title, d.id)}` })),
    );
    expect(await discoverFromSitemap(replica.url, plainGet)).toEqual(viaIndex);
  });

  it('reads each sitemap once, even when indexes point at each other, relative <loc>s resolve against the index, claim links become /<id>', async () => {
    const files: Record<string, string> = {
      'https://k.test/a.xml':
        '<sitemapindex><sitemap><loc>/b.xml</loc></sitemap><sitemap><loc>https://k.test/c.xml</loc></sitemap></sitemapindex>',
      'https://k.test/b.xml':
        '<sitemapindex><sitemap><loc>https://k.test/a.xml</loc></sitemap><sitemap><loc>c.xml</loc></sitemap></sitemapindex>',
      'https://k.test/c.xml':
        '<urlset><url><loc>https://k.test/does-god-exist-2629</loc></url><url><loc>https://k.test/about</loc></url></urlset>',
    };
    const asked: string[] = [];
    const get: PoliteGet = async (url) => {
      asked.push(url);
      return files[url] ? { status: 200, text: files[url] } : { status: 404, text: '' };
    };
    expect(await discoverFromSitemap('https://k.test', get, '/a.xml')).toEqual([
      { id: 2629, url: 'https://k.test/does-god-exist-2629' },
    ]);
    expect(asked).toEqual(['https://k.test/a.xml', 'https://k.test/b.xml', 'https://k.test/c.xml']);
    files['https://k.test/claims.xml'] =
      '<urlset><url><loc>https://k.test/some-claim-2629.15?path=2629.0~2629.15</loc></url></urlset>';
    expect(await discoverFromSitemap('https://k.test', get, '/claims.xml')).toEqual([
      { id: 2629, url: 'https://k.test/2629' },
    ]);
    await expect(discoverFromSitemap('https://k.test', get, '/missing.xml')).rejects.toThrow(
      'sitemap answered HTTP 404 at https://k.test/missing.xml',
    );
  });
});

describe('listing discovery', () => {
  it('pages with skip past a server cap below the asked limit, until an empty page', async () => {
    const capped = await startKialoReplica({ maxListingLimit: 4 });
    try {
      const listed = capped.discussions.filter((d) => d.behaviour !== 'gone');
      expect(listed.length).toBeGreaterThan(8);
      const found = await discoverFromListing(capped.url, plainGet, { pageSize: 50 });
      // Listing rows carry no URL: `/<id>`, never a slug rebuilt from the title; the row itself is kept (votes, participants, language, tags).
      expect(found).toEqual(
        listed.map((d) => ({
          id: d.id,
          url: `${capped.url}/${d.id}`,
          row: expect.objectContaining({
            id: d.id,
            title: d.title,
            tags: d.tags,
            language: d.language,
            voteCount: expect.any(Number),
            participantCount: d.participants.length,
          }),
        })),
      );
      // ceil(listed / 4) pages with rows, then the empty page that ends the listing
      expect(capped.hits.get('/api/v1/discussions')).toBe(Math.ceil(listed.length / 4) + 1);
      expect(await discoverFromListing(capped.url, plainGet, { pageSize: 3, max: 5 })).toEqual(found.slice(0, 5));
    } finally {
      await capped.close();
    }
  });

  it('stops when a page brings no new id (a server ignoring skip)', async () => {
    let asked = 0;
    const get: PoliteGet = async () => {
      asked++;
      return {
        status: 200,
        text: JSON.stringify({
          discussions: [
            { id: 7, title: 'Seven' },
            { id: 8, title: 'Eight' },
          ],
        }),
      };
    };
    expect((await discoverFromListing('https://k.test', get, { pageSize: 2 })).map((d) => d.id)).toEqual([7, 8]);
    expect(asked).toBe(2);
  });
});
