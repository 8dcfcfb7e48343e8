import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discussionIdOf, discussionPath, slugify } from '../urls.ts';
import {
  discussionAnswer,
  graphAnswer,
  listingAnswer,
  statisticsAnswer,
  tagsAnswer,
  votesAnswer,
} from './api-answers.ts';
import { APP_SCRIPT } from './app-script.ts';
import { DEFAULT_REPLICA_ROOT, loadReplicaDiscussions, type ReplicaDiscussion } from './data.ts';
import { exportText } from './export-writer.ts';
import { discussionPageHtml } from './page.ts';

export interface ReplicaOptions {
  /** Folder holding `discussions/<id>.json` (default: the bundled `examples/kialo`). */
  root?: string;
  port?: number;
  /** robots.txt `Crawl-delay`, in seconds as on the real web. */
  crawlDelaySeconds?: number;
  /** `Retry-After` of the discussion that answers 429 once, in seconds. */
  retryAfterSeconds?: number;
  /** Most rows one listing answer gives, whatever `limit` asks (the real server's cap is unknown). */
  maxListingLimit?: number;
  /** By discussion id: how many times its `/statistics` API answer is 429 before it answers (e.g. `{1101: 1}`: once). */
  statisticsRateLimit?: Record<number, number>;
  /** Extra `Disallow:` paths in robots.txt (for every user agent). */
  robotsDisallow?: string[];
  /** Extra latency of every discussion page and discussion API answer, so a test can interrupt a scrape mid-run. */
  pageDelayMs?: number;
  /**
   * The logged-in variant (2026 evidence): API and export requests need the cookies
   * `sessionid=<sessionId>; _xsrf=<xsrf>` (else 401) and the header `X-Csrftoken: <xsrf>` (else 403).
   */
  session?: { sessionId: string; xsrf: string };
  /** The renamed-endpoint variant: the graph answers at this path (e.g. `/api/v1/arguments`, its 2020-21 name), and `/api/v1/discussiongraph` is 404. */
  graphPath?: string;
}

export interface KialoReplica {
  url: string;
  /** Requests served, by decoded path (query left out). */
  hits: Map<string, number>;
  /** Requests for the page of one discussion (`/<slug>-<id>` or `/<id>`). */
  pageHits(id: number): number;
  /** Requests for one discussion's discussion answer (`/api/v1/discussions/<id>`), the first request of an API scrape. */
  apiHits(id: number): number;
  /** Every request's headers, in order (to check what a client sends, and what it never sends). */
  requestHeaders: Array<{ path: string; headers: Record<string, string | string[] | undefined> }>;
  discussions: ReplicaDiscussion[];
  close(): Promise<void>;
}

type Reply = { status: number; type: string; body: string; headers?: Record<string, string>; delayMs?: number };
const json = (value: unknown, status = 200): Reply => ({
  status,
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
});
const NOT_FOUND: Reply = {
  status: 404,
  type: 'text/html; charset=utf-8',
  body: '<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>',
};

/** A Kialo look-alike on 127.0.0.1 (reference/kialo.md): the tests' and the bundled sample's site. */
export async function startKialoReplica(opts: ReplicaOptions = {}): Promise<KialoReplica> {
  const discussions = loadReplicaDiscussions(opts.root ?? DEFAULT_REPLICA_ROOT);
  const byId = new Map(discussions.map((d) => [d.id, d]));
  const hits = new Map<string, number>();
  const pageHitsById = new Map<number, number>();
  const rateLimited = new Set<number>();
  const requestHeaders: KialoReplica['requestHeaders'] = [];
  const graphPath = opts.graphPath ?? '/api/v1/discussiongraph';
  /** The first request for a 'rate-limit-once' discussion (its page or its discussion answer) is 429. */
  const limitOnce = (d: ReplicaDiscussion): Reply | undefined => {
    if (d.behaviour !== 'rate-limit-once' || rateLimited.has(d.id)) return undefined;
    rateLimited.add(d.id);
    return {
      status: 429,
      type: 'text/plain',
      body: 'Too Many Requests',
      headers: { 'retry-after': String(opts.retryAfterSeconds ?? 1) },
    };
  };
  const statisticsLimited = new Map<number, number>();
  const tooManyRequests = (): Reply => ({
    ...json({ error: 'too many requests' }, 429),
    headers: { 'retry-after': String(opts.retryAfterSeconds ?? 1) },
  });
  let baseUrl = '';

  const live = (id: number) => {
    const d = byId.get(id);
    return d && d.behaviour !== 'gone' ? d : undefined;
  };

  const apiRoute = (path: string, query: URLSearchParams): Reply => {
    if (path === '/api/v1/discussions') {
      const limit = Math.min(Number(query.get('limit') ?? 20), opts.maxListingLimit ?? 100);
      return json(listingAnswer(discussions, Number(query.get('skip') ?? 0), limit));
    }
    if (path === '/api/v1/discussiontags') return json(tagsAnswer(discussions));
    if (path === graphPath) {
      const d = live(Number(query.get('discussionId')));
      return d ? json(graphAnswer(d)) : json({ error: 'not found' }, 404);
    }
    const m = /^\/api\/v1\/discussions\/(\d+)(\/statistics|\/perspectives\/1\/votes)?$/.exec(path);
    const d = m ? live(Number(m[1])) : undefined;
    if (!m || !d) return json({ error: 'not found' }, 404);
    if (m[2] === '/statistics') {
      const limited = statisticsLimited.get(d.id) ?? 0;
      if (limited < (opts.statisticsRateLimit?.[d.id] ?? 0)) {
        statisticsLimited.set(d.id, limited + 1);
        return tooManyRequests();
      }
      return json(statisticsAnswer(d));
    }
    if (m[2] === '/perspectives/1/votes') return json(votesAnswer(d));
    return limitOnce(d) ?? { ...json(discussionAnswer(d)), delayMs: opts.pageDelayMs };
  };

  /** `/<slug>-<id>`, `/<id>`, and claim links `/<id>.<n>`, `/<claim-slug>-<id>.<n>` (the discussion opened on claim n). */
  const pageRoute = (path: string): Reply => {
    const id = discussionIdOf(`http://x${encodeURI(path)}`);
    if (id === undefined) return NOT_FOUND;
    pageHitsById.set(id, (pageHitsById.get(id) ?? 0) + 1);
    const d = live(id);
    if (!d) return NOT_FOUND;
    const claim = /\.(\d+)\/?$/.exec(path);
    if (claim && !d.nodes.some((x) => x.n === Number(claim[1]))) return NOT_FOUND;
    const limited = limitOnce(d);
    if (limited) return limited;
    const body = discussionPageHtml(d, baseUrl, claim ? Number(claim[1]) : undefined, graphPath);
    return { status: 200, type: 'text/html; charset=utf-8', body, delayMs: opts.pageDelayMs };
  };

  /** The logged-in variant: 401 without the session's cookies, 403 without the CSRF header. */
  const sessionRefusal = (req: IncomingMessage): Reply | undefined => {
    if (!opts.session) return undefined;
    const cookies = new Map((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=') as [string, string]));
    if (cookies.get('sessionid') !== opts.session.sessionId || cookies.get('_xsrf') !== opts.session.xsrf)
      return json({ error: 'login required' }, 401);
    if (req.headers['x-csrftoken'] !== opts.session.xsrf) return json({ error: 'CSRF token missing or wrong' }, 403);
    return undefined;
  };

  const route = (path: string, query: URLSearchParams, req: IncomingMessage): Reply => {
    if (path.startsWith('/api/') || path.startsWith('/export/')) {
      const refused = sessionRefusal(req);
      if (refused) return refused;
    }
    if (path === '/robots.txt') {
      const disallow = ['/account/', ...(opts.robotsDisallow ?? [])].map((p) => `Disallow: ${p}\n`).join('');
      const body = `User-agent: *\nCrawl-delay: ${opts.crawlDelaySeconds ?? 1}\n${disallow}Sitemap: ${baseUrl}/sitemap.xml\n`;
      return { status: 200, type: 'text/plain', body };
    }
    if (path === '/sitemap.xml') {
      // The site-wide entry point is a sitemap index, as on large sites; the discussions have their own sitemap.
      const body = `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${baseUrl}/sitemap_discussions.xml</loc></sitemap></sitemapindex>`;
      return { status: 200, type: 'application/xml', body };
    }
    if (path === '/sitemap_discussions.xml') {
      // Like a real sitemap it can be stale: it still lists deleted ("gone") discussions.
      const urls = discussions.map((d) => `<url><loc>${baseUrl}${discussionPath(d.title, d.id)}</loc></url>`).join('');
      return {
        status: 200,
        type: 'application/xml',
        body: `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`,
      };
    }
    if (path === '/static/app.js') return { status: 200, type: 'text/javascript', body: APP_SCRIPT };
    if (path.startsWith('/api/')) return apiRoute(path, query);
    const exportMatch = /^\/export\/(.+)-(\d+)\.txt$/.exec(path);
    if (exportMatch) {
      const d = live(Number(exportMatch[2]));
      if (!d || slugify(d.title) !== exportMatch[1]) return NOT_FOUND;
      return { status: 200, type: 'text/plain; charset=utf-8', body: exportText(d) };
    }
    return pageRoute(path);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = decodeURIComponent(url.pathname);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    requestHeaders.push({ path, headers: { ...req.headers } });
    const reply =
      req.method === 'GET'
        ? route(path, url.searchParams, req)
        : { status: 405, type: 'text/plain', body: 'method not allowed' };
    const send = () => {
      res.writeHead(reply.status, { 'content-type': reply.type, ...reply.headers });
      res.end(reply.body);
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  };

  const server = createServer(handle);
  // A taken port must reject (EADDRINUSE), so a caller such as the demo can fall back to a free one.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    hits,
    pageHits: (id) => pageHitsById.get(id) ?? 0,
    apiHits: (id) => hits.get(`/api/v1/discussions/${id}`) ?? 0,
    requestHeaders,
    discussions,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
