import { readFileSync, existsSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { UserError } from '../../errors.ts';
import { ListingAnswerSchema } from './api.ts';
import { discussionIdOf, discussionPath, discussionUrl } from './urls.ts';

export type DiscoverySource = 'seeds' | 'listing' | 'sitemap';
export interface Discovered {
  id: number;
  url: string;
}

/** A polite GET (gate, robots, retries) answering the body text; provided by the scraper. */
export type PoliteGet = (url: string) => Promise<{ status: number; text: string }>;

/** Seeds file: one discussion URL or id a line; blank lines and `#` comments are skipped. */
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
      out.push({ id, url: /^\d+$/.test(line) ? discussionUrl(baseUrl, id) : line });
    });
  return out;
}

const LISTING_PAGE = 50;

/** Pages through `/api/v1/discussions` with limit/skip until a short page (or `max`) ends it. */
export async function discoverFromListing(baseUrl: string, get: PoliteGet, max = Infinity): Promise<Discovered[]> {
  const out: Discovered[] = [];
  for (let skip = 0; out.length < max; skip += LISTING_PAGE) {
    const url = new URL(`/api/v1/discussions?filter=latest_activity&sort=latest_activity&limit=${LISTING_PAGE}&skip=${skip}`, baseUrl).toString();
    const answer = await get(url);
    if (answer.status !== 200) throw new Error(`discussion listing answered HTTP ${answer.status} at ${url}`);
    const page = ListingAnswerSchema.parse(JSON.parse(answer.text)).discussions;
    out.push(...page.map((d) => ({ id: d.id, url: d.title ? new URL(discussionPath(d.title, d.id), baseUrl).toString() : discussionUrl(baseUrl, d.id) })));
    if (page.length < LISTING_PAGE) break;
  }
  return out.slice(0, max);
}

export async function discoverFromSitemap(baseUrl: string, get: PoliteGet): Promise<Discovered[]> {
  const url = new URL('/sitemap_discussions.xml', baseUrl).toString();
  const answer = await get(url);
  if (answer.status !== 200) throw new Error(`sitemap answered HTTP ${answer.status} at ${url}`);
  const $ = cheerio.load(answer.text, { xml: true });
  return $('url > loc')
    .map((_, e) => $(e).text().trim())
    .get()
    .flatMap((loc) => {
      const id = discussionIdOf(loc);
      return id === undefined ? [] : [{ id, url: loc }];
    });
}

/** Dedupes by discussion id, first source wins. */
export function dedupe(found: Discovered[]): Discovered[] {
  const seen = new Map<number, Discovered>();
  for (const d of found) if (!seen.has(d.id)) seen.set(d.id, d);
  return [...seen.values()];
}
