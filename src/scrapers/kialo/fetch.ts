import { UserError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import { API_ANSWER_NAMES, type ApiAnswerName } from './api.ts';
import type { KialoBrowser } from './browser.ts';
import type { PoliteClient } from './client.ts';
import { neededAnswers, type VoteCountKind } from './extract.ts';
import type { Frontier, FrontierEntry } from './frontier.ts';
import { RetryableError, withRetries } from './retry.ts';
import type { SessionHeaders } from './session.ts';
import { writeSnapshot } from './snapshots.ts';
import type { Surface } from './surface.ts';

export interface FetchContext {
  polite: PoliteClient;
  surface: Surface;
  frontier: Frontier;
  /** Set when the scrape renders pages as a cross-check (`--render`). */
  browser?: KialoBrowser;
  session?: SessionHeaders;
  voteCount: VoteCountKind;
  renderTimeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  root: string;
  log: Logger;
  signal: AbortSignal;
}

/** 401/403 from the API: every other discussion would get the same, so the scrape stops and says why. */
function sessionProblem(url: string, status: number, session: SessionHeaders | undefined): UserError {
  const fix = session
    ? `the session from ${session.origin} was refused: log in to Kialo again and refresh it`
    : 'the API wants a logged-in session: set sources.kialo.session (a cookie file or an environment variable holding a Cookie header)';
  return new UserError(`Kialo answered HTTP ${status} for ${url}; ${fix}`, { field: 'sources.kialo.session' });
}

type Answer = { ok: true; text: string } | { ok: false; status: number };

/** One API answer; 429/5xx still failing after every retry is answered as its status, not thrown. */
async function apiAnswer(url: string, ctx: FetchContext): Promise<Answer> {
  try {
    const answer = await ctx.polite.get(url);
    if (answer.status === 401 || answer.status === 403) throw sessionProblem(url, answer.status, ctx.session);
    return answer.status === 200 ? { ok: true, text: answer.text } : { ok: false, status: answer.status };
  } catch (err) {
    if (err instanceof RetryableError && err.status !== undefined && !ctx.signal.aborted)
      return { ok: false, status: err.status };
    throw err;
  }
}

/** Every URL a discussion's fetch needs, for the robots.txt check before the first request. */
export function neededUrls(
  entry: FrontierEntry,
  surface: Surface,
  render: boolean,
): Array<{ url: string; what: string }> {
  const api = API_ANSWER_NAMES.map((name) => ({
    url: surface.url(name, { id: entry.discussion_id }),
    what: `the "${name}" API answer`,
  }));
  return render ? [...api, { url: entry.url, what: 'the discussion page, rendered as a cross-check' }] : api;
}

/** The rendered page, or why there is none; a page that cannot be had never costs the API's statements. */
async function renderPage(
  entry: FrontierEntry,
  browser: KialoBrowser,
  ctx: FetchContext,
): Promise<{ html?: string; finalUrl?: string; problem?: string }> {
  try {
    const { value: page } = await withRetries(
      async () => {
        await ctx.polite.gate.wait(ctx.signal);
        return browser.capture(entry.url, {
          renderTimeoutMs: ctx.renderTimeoutMs,
          renderedMarker: ctx.surface.selectors.selectedClaimText,
          isAllowed: ctx.polite.robots.isAllowed,
          headersFor: ctx.session?.headersFor,
        });
      },
      {
        maxAttempts: ctx.maxAttempts,
        baseDelayMs: ctx.retryBaseMs,
        signal: ctx.signal,
        onRetry: (err, n, ms) => ctx.log.warn(`${err.message} (attempt ${n}); retrying in ${ms} ms`),
      },
    );
    if (page.httpStatus !== 200) return { problem: `page answered HTTP ${page.httpStatus}` };
    const problem = page.blocked.length
      ? `robots.txt disallows ${page.blocked.join(', ')}, which the page fetches`
      : undefined;
    return { html: page.html, finalUrl: page.finalUrl, ...(problem ? { problem } : {}) };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    return { problem: `page not rendered: ${(err as Error).message}` };
  }
}

/**
 * Fetches one discussion's API answers (discussion first: a 404 there means the discussion is
 * gone), optionally renders its page, and writes the snapshot. A needed answer still refused
 * (429/5xx) after every retry leaves no snapshot, so the next scrape asks again.
 */
export async function fetchDiscussion(entry: FrontierEntry, ctx: FetchContext): Promise<void> {
  const id = entry.discussion_id;
  const api: Partial<Record<ApiAnswerName, string>> = {};
  const failures: Partial<Record<ApiAnswerName, number>> = {};
  for (const name of API_ANSWER_NAMES) {
    const answer = await apiAnswer(ctx.surface.url(name, { id }), ctx);
    if (answer.ok) api[name] = answer.text;
    else failures[name] = answer.status;
    if (name === 'discussion' && !answer.ok) {
      const status = answer.status;
      ctx.log.warn(`${entry.url}: the discussion answer is HTTP ${status}`);
      ctx.frontier.finish(id, status === 404 ? 'not-found' : 'failed', status, 1, `HTTP ${status}`);
      return;
    }
  }
  const unanswered = neededAnswers(ctx.voteCount).filter(
    (name) => failures[name] === 429 || (failures[name] ?? 0) >= 500,
  );
  if (unanswered.length) {
    const error = unanswered.map((name) => `api answer "${name}" HTTP ${failures[name]}`).join('; ');
    ctx.log.error(`${entry.url}: ${error} after every retry; the next scrape fetches it again`);
    ctx.frontier.finish(id, 'api-missing', 200, 1, error);
    return;
  }
  const page = ctx.browser ? await renderPage(entry, ctx.browser, ctx) : {};
  if (page.problem) ctx.log.warn(`${entry.url}: ${page.problem}`);
  const meta = {
    discussion_id: id,
    requested_url: entry.url,
    final_url: page.finalUrl ?? entry.url,
    http_status: 200,
    fetched_at: new Date().toISOString(),
    api_failures: failures,
    ...(entry.row ? { listing: entry.row } : {}),
    ...(page.problem ? { render_problem: page.problem } : {}),
  };
  writeSnapshot(ctx.root, { meta, html: page.html, api });
  ctx.frontier.finish(id, 'fetched', 200, 1);
}
