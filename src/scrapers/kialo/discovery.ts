import { readFileSync, existsSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { UserError } from '../../errors.ts';
import { ListingAnswerSchema } from './api.ts';
import { discussionIdOf, discussionPath, discussionUrl, isClaimLink } from './urls.ts';

export type DiscoverySource = 'seeds' | 'listing' | 'sitemap';
export interface Discovered {
  id: number;
  url: string;
}

/** A polite GET (gate, robots, retries) answering the body text; provided by the scraper. */
export type PoliteGet = (url: string) => Promise<{ status: number; text: string }>;

/**
 * Seeds file: one discussion URL, claim link or id a line; blank lines and `#` comments are skipped.
 * Every seed becomes the discussion's own page `<baseUrl>/<id>`: a claim link
 * (`/<slug>-<id>.<n>?path=…`) opens the discussion on that claim, and the scraper must see it opened
 * on its thesis.
 */
export function readSeeds(file: string, baseUrl: string): Discovered[] {
  if (!existsSync(file)) throw new UserError('seeds file not found', { file });
  const out: Discovered[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.replace(/#.*$/, '').trim();
      if (!line) return;
      const id = discussionIdOf(line);
      if (id === undefined) throw new UserError(`"${line}" is neither a Kialo discussion URL nor a discussion id`, { file, line: i + 1 });
      out.push({ id, url: discussionUrl(baseUrl, id) });
    });
  return out;
}

/** Rows asked per listing request; the server may answer fewer (its own cap), which paging tolerates. */
export const DEFAULT_LISTING_PAGE_SIZE = 50;

/**
 * Pages through `/api/v1/discussions` with limit/skip. A page shorter than asked does not end the
 * listing (the server may cap `limit` below ours): `skip` advances by the rows actually received,
 * and only an empty page, a page with no new id (a server ignoring `skip`) or `max` ends it.
 */
export async function discoverFromListing(baseUrl: string, get: PoliteGet, opts: { max?: number; pageSize?: number } = {}): Promise<Discovered[]> {
  const { max = Infinity, pageSize = DEFAULT_LISTING_PAGE_SIZE } = opts;
  const found = new Map<number, Discovered>();
  for (let skip = 0; found.size < max; ) {
    const url = new URL(`/api/v1/discussions?filter=latest_activity&sort=latest_activity&limit=${pageSize}&skip=${skip}`, baseUrl).toString();
    const answer = await get(url);
    if (answer.status !== 200) throw new Error(`discussion listing answered HTTP ${answer.status} at ${url}`);
    const page = ListingAnswerSchema.parse(JSON.parse(answer.text)).discussions;
    const fresh = page.filter((d) => !found.has(d.id));
    if (fresh.length === 0) break;
    for (const d of fresh) found.set(d.id, { id: d.id, url: d.title ? new URL(discussionPath(d.title, d.id), baseUrl).toString() : discussionUrl(baseUrl, d.id) });
    skip += page.length;
  }
  return [...found.values()].slice(0, max);
}

/** Where the discussion sitemap lives on Kialo (reference/kialo.md); an index such as /sitemap.xml works too. */
export const DEFAULT_SITEMAP = '/sitemap_discussions.xml';
/** Sitemap indexes nest at most this deep here (the protocol allows one level; some sites use two). */
const MAX_SITEMAP_DEPTH = 3;

/**
 * Reads a sitemap (`<urlset>`) or a sitemap index (`<sitemapindex>`, whose `<sitemap><loc>` children
 * are read in turn) and answers the discussion URLs found; each sitemap is read once.
 */
export async function discoverFromSitemap(baseUrl: string, get: PoliteGet, sitemap = DEFAULT_SITEMAP): Promise<Discovered[]> {
  const visited = new Set<string>();
  const read = async (url: string, depth: number): Promise<Discovered[]> => {
    if (visited.has(url)) return [];
    visited.add(url);
    const answer = await get(url);
    if (answer.status !== 200) throw new Error(`sitemap answered HTTP ${answer.status} at ${url}`);
    const $ = cheerio.load(answer.text, { xml: true });
    const locs = (selector: string) => $(selector).map((_, e) => $(e).text().trim()).get();
    if ($('sitemapindex').length > 0) {
      if (depth >= MAX_SITEMAP_DEPTH) throw new Error(`sitemap indexes nest deeper than ${MAX_SITEMAP_DEPTH} levels at ${url}`);
      const found: Discovered[] = [];
      for (const child of locs('sitemapindex > sitemap > loc')) found.push(...(await read(new URL(child, url).toString(), depth + 1)));
      return found;
    }
    return locs('urlset > url > loc').flatMap((loc) => {
      const id = discussionIdOf(loc);
      if (id === undefined) return [];
      return [{ id, url: isClaimLink(loc) ? discussionUrl(baseUrl, id) : loc }];
    });
  };
  return read(new URL(sitemap, baseUrl).toString(), 0);
}

/** Dedupes by discussion id, first source wins. */
export function dedupe(found: Discovered[]): Discovered[] {
  const seen = new Map<number, Discovered>();
  for (const d of found) if (!seen.has(d.id)) seen.set(d.id, d);
  return [...seen.values()];
}
