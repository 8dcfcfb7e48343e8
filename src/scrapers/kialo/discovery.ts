import { readFileSync, existsSync } from 'node:fs';
import { UserError } from '../../errors.ts';
import { ListingAnswerSchema, type ListingRow } from './api.ts';
import type { Surface } from './surface.ts';
import { discussionIdOf, discussionUrl, isClaimLink } from './urls.ts';

export type DiscoverySource = 'seeds' | 'listing' | 'sitemap';
export interface Discovered {
  id: number;
  /** The URL as the site (or the seed list) gives it, or `/<id>`; never a slug rebuilt from a title. */
  url: string;
  /** What the listing (or a tagged id list) says about the discussion: votes, participants, language, tags. */
  row?: ListingRow;
}

/** A polite GET (gate, robots, retries) answering the body text; provided by the scraper. */
export type PoliteGet = (url: string) => Promise<{ status: number; text: string }>;

/** A header line of a public id list ("slug-id,tags"), skipped. */
const ID_LIST_HEADER = /^[a-z_-]+\s*,\s*[a-z_-]+$/i;

/** Tags after the first field: separated by ",", ";" or "|", quotes dropped. */
const tagsOf = (rest: string) =>
  rest
    .split(/[,;|]/)
    .map((t) => t.trim().replace(/^"|"$/g, '').trim())
    .filter(Boolean);

/**
 * Seeds file, or a public id list: one discussion URL, claim link, id or `slug-id` a line, each
 * optionally followed by `,tags` (`slug-id,tag1;tag2`); blank lines, `#` comments and a
 * `slug-id,tags` header are skipped. A discussion URL is kept as given (the site's spelling), a
 * `slug-id` becomes `<baseUrl>/<slug-id>`, a claim link (`/<slug>-<id>.<n>?path=…`, which opens
 * the discussion on that claim) and a bare id become `<baseUrl>/<id>`.
 */
export function readSeeds(file: string, baseUrl: string): Discovered[] {
  if (!existsSync(file)) throw new UserError('seeds file not found', { file });
  const out: Discovered[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.replace(/#.*$/, '').trim();
      if (!line || (out.length === 0 && ID_LIST_HEADER.test(line))) return;
      const [, first, rest = ''] = /^([^\s,]+)[\s,]*(.*)$/.exec(line) ?? [];
      const id = discussionIdOf(first ?? line);
      if (id === undefined)
        throw new UserError(`"${first}" is neither a Kialo discussion URL, a slug-id nor a discussion id`, {
          file,
          line: i + 1,
        });
      const tags = tagsOf(rest);
      out.push({ id, url: seedUrl(first, id, baseUrl), ...(tags.length ? { row: { id, tags } } : {}) });
    });
  return out;
}

function seedUrl(seed: string, id: number, baseUrl: string): string {
  if (/^\d+$/.test(seed) || isClaimLink(seed)) return discussionUrl(baseUrl, id);
  if (URL.canParse(seed)) return seed;
  return new URL(`/${encodeURIComponent(seed)}`, baseUrl).toString();
}

/** Rows asked per listing request; the server may answer fewer (its own cap), which paging tolerates. */
export const DEFAULT_LISTING_PAGE_SIZE = 50;

/**
 * Pages through `/api/v1/discussions` with limit/skip. A page shorter than asked does not end the
 * listing (the server may cap `limit` below ours): `skip` advances by the rows actually received,
 * and only an empty page, a page with no new id (a server ignoring `skip`) or `max` ends it.
 */
export async function discoverFromListing(
  baseUrl: string,
  get: PoliteGet,
  opts: { max?: number; pageSize?: number; surface?: Surface } = {},
): Promise<Discovered[]> {
  const { max = Infinity, pageSize = DEFAULT_LISTING_PAGE_SIZE } = opts;
  const listingUrl = (skip: number) =>
    opts.surface?.url('listing', { limit: pageSize, skip }) ??
    new URL(
      `/api/v1/discussions?filter=latest_activity&sort=latest_activity&limit=${pageSize}&skip=${skip}`,
      baseUrl,
    ).toString();
  const found = new Map<number, Discovered>();
  for (let skip = 0; found.size < max; ) {
    const url = listingUrl(skip);
    const answer = await get(url);
    if (answer.status !== 200) throw new Error(`discussion listing answered HTTP ${answer.status} at ${url}`);
    const page = ListingAnswerSchema.parse(JSON.parse(answer.text)).discussions;
    const fresh = page.filter((d) => !found.has(d.id));
    if (fresh.length === 0) break;
    // Listing rows carry no URL: `/<id>` answers for any discussion, and a slug rebuilt from the title can be wrong.
    for (const d of fresh) found.set(d.id, { id: d.id, url: discussionUrl(baseUrl, d.id), row: d });
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
export async function discoverFromSitemap(
  baseUrl: string,
  get: PoliteGet,
  sitemap = DEFAULT_SITEMAP,
): Promise<Discovered[]> {
  const visited = new Set<string>();
  const read = async (url: string, depth: number): Promise<Discovered[]> => {
    if (visited.has(url)) return [];
    visited.add(url);
    const answer = await get(url);
    if (answer.status !== 200) throw new Error(`sitemap answered HTTP ${answer.status} at ${url}`);
    // cheerio is imported here, where a sitemap is read, not by everything that knows discovery's defaults.
    const $ = (await import('cheerio')).load(answer.text, { xml: true });
    const locs = (selector: string) =>
      $(selector)
        .map((_, e) => $(e).text().trim())
        .get();
    if ($('sitemapindex').length > 0) {
      if (depth >= MAX_SITEMAP_DEPTH)
        throw new Error(`sitemap indexes nest deeper than ${MAX_SITEMAP_DEPTH} levels at ${url}`);
      const found: Discovered[] = [];
      for (const child of locs('sitemapindex > sitemap > loc'))
        found.push(...(await read(new URL(child, url).toString(), depth + 1)));
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

const isBareIdUrl = (url: string) => /^\/\d+\/?$/.test(new URL(url).pathname);

/**
 * Dedupes by discussion id, in first-seen order. The URL is the first one the site spelled out
 * (a sitemap or seed URL with its slug beats `/<id>`); listing fields merge, earlier sources first.
 */
export function dedupe(found: Discovered[]): Discovered[] {
  const seen = new Map<number, Discovered>();
  for (const d of found) {
    const prior = seen.get(d.id);
    if (!prior) {
      seen.set(d.id, d);
      continue;
    }
    const url = isBareIdUrl(prior.url) && !isBareIdUrl(d.url) ? d.url : prior.url;
    const row = prior.row || d.row ? { ...d.row, ...prior.row, id: d.id } : undefined;
    seen.set(d.id, { id: d.id, url, ...(row ? { row } : {}) });
  }
  return [...seen.values()];
}
