import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { UserError } from '../../errors.ts';
import { writeFileAtomic } from '../../io/atomic.ts';
import type { Logger } from '../../log/logger.ts';
import type { KialoEndpointsSchema, KialoSession } from '../../schemas/config.ts';
import { politeClient, type PoliteClient } from './client.ts';
import type { Discovered } from './discovery.ts';
import { parseKialoExport } from './export-parser.ts';
import { loadSession, type SessionHeaders } from './session.ts';
import { resolveSurface, type Surface } from './surface.ts';
import type { z } from 'zod';

/** Where downloaded exports go; `normforge import kialo-export` reads this folder when given no file. */
export const EXPORTS_DIR = 'data/raw/kialo/exports';

export interface ExportFetchOptions {
  baseUrl: string;
  delayMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  endpoints?: z.infer<typeof KialoEndpointsSchema>;
  session?: KialoSession;
}

export interface ExportFetchSummary {
  downloaded: string[];
  /** Already in the folder from an earlier run: not asked again. */
  kept: string[];
  failed: Array<{ id: number; error: string }>;
}

/** `/<slug>-<id>` (the site's spelling of a discussion URL) gives the slug; `/<id>` gives none. */
function slugFromUrl(url: string, id: number): string | undefined {
  const path = decodeURIComponent(new URL(url).pathname);
  const m = new RegExp(`^/(.+)-${id}/?$`).exec(path);
  return m ? m[1] : undefined;
}

/**
 * The export's file name needs the discussion's slug exactly as the site spells it (rebuilding it
 * from the title can differ): from the seed itself, else from the page's final URL or its
 * `<link rel="canonical">`.
 */
async function slugOf(entry: Discovered, polite: PoliteClient, surface: Surface): Promise<string> {
  const given = slugFromUrl(entry.url, entry.id);
  if (given) return given;
  const page = await polite.get(surface.url('page', { id: entry.id }));
  if (page.status !== 200) throw new Error(`the discussion page answered HTTP ${page.status}`);
  const canonical = cheerio.load(page.text)('link[rel="canonical"]').attr('href');
  const slug =
    slugFromUrl(page.finalUrl, entry.id) ??
    (canonical ? slugFromUrl(new URL(canonical, page.finalUrl).toString(), entry.id) : undefined);
  if (!slug) throw new Error('the site gave no slug for it (no redirect, no canonical link); give the seed as slug-id');
  return slug;
}

const existingExport = (dir: string, id: number) =>
  existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith(`-${id}.txt`)) : undefined;

async function fetchOne(
  entry: Discovered,
  polite: PoliteClient,
  surface: Surface,
  session: SessionHeaders,
  dir: string,
): Promise<string> {
  const slug = await slugOf(entry, polite, surface);
  const url = surface.url('export', { slug, id: entry.id });
  const answer = await polite.get(url);
  if (answer.status === 401 || answer.status === 403)
    throw new UserError(
      `Kialo answered HTTP ${answer.status} for ${url}: the session from ${session.origin} was refused; log in to Kialo again and refresh it`,
      { field: 'sources.kialo.session' },
    );
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status} at ${url}`);
  const name = `${slug}-${entry.id}.txt`;
  try {
    parseKialoExport(answer.text, name);
  } catch (err) {
    // A login or error page served with 200 must not pass for an export; it is this discussion's failure, not the run's.
    throw new Error(`${url} did not answer an export: ${(err as Error).message}`);
  }
  writeFileAtomic(join(dir, name), answer.text);
  return name;
}

/**
 * `normforge fetch kialo-exports`: downloads each discussion's export `.txt` with the user's
 * session, politely (robots.txt, per-host delay, backoff), into `data/raw/kialo/exports/`. A file
 * already there is kept (a rerun resumes); a usage error (no session, session refused, robots.txt
 * refusal) stops the run, any other failure is reported per discussion.
 */
export async function fetchKialoExports(
  entries: Discovered[],
  opts: ExportFetchOptions,
  env: { root: string; log: Logger; signal: AbortSignal },
): Promise<ExportFetchSummary> {
  const session = loadSession(opts.session, opts.baseUrl);
  if (!session)
    throw new UserError(
      'Kialo serves exports only to a logged-in user: set sources.kialo.session (a cookie file, or an environment variable holding a Cookie header)',
      { field: 'sources.kialo.session' },
    );
  const surface = resolveSurface(opts.baseUrl, opts.endpoints);
  const polite = await politeClient({ ...opts, session }, env.log, env.signal);
  const dir = join(env.root, EXPORTS_DIR);
  const summary: ExportFetchSummary = { downloaded: [], kept: [], failed: [] };
  for (const entry of entries) {
    if (env.signal.aborted) break;
    const existing = existingExport(dir, entry.id);
    if (existing) {
      summary.kept.push(existing);
      continue;
    }
    try {
      summary.downloaded.push(await fetchOne(entry, polite, surface, session, dir));
    } catch (err) {
      if (err instanceof UserError || env.signal.aborted) throw err;
      env.log.error(`export of discussion ${entry.id}: ${(err as Error).message}`);
      summary.failed.push({ id: entry.id, error: (err as Error).message });
    }
  }
  return summary;
}
