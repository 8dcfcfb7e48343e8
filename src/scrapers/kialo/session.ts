import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../../errors.ts';
import type { KialoSession } from '../../schemas/config.ts';

/**
 * A user's Kialo login, as request headers for one host. The cookie values live only in this
 * closure: `toJSON` and `inspect` show no value, so the session cannot leak into a log line, a
 * summary or a snapshot by accident. Kialo's 2026 app sends `X-Csrftoken` from the `_xsrf` cookie.
 */
export interface SessionHeaders {
  /** Headers for a request to `url`: the cookies whose domain and path match it, and the CSRF header. */
  headersFor(url: string): Record<string, string>;
  /** Where the session came from (a file path or a variable name), never its content. */
  readonly origin: string;
}

interface Cookie {
  domain: string;
  includeSubdomains: boolean;
  path: string;
  name: string;
  value: string;
}

/**
 * Netscape/curl cookie file: tab-separated `domain, includeSubdomains, path, secure, expiry, name,
 * value`; `#HttpOnly_` prefixes a domain, other `#` lines are comments. Expired cookies are left out.
 */
export function parseCookieFile(text: string, file: string, now = Date.now()): Cookie[] {
  const cookies: Cookie[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.startsWith('#HttpOnly_') ? raw.slice('#HttpOnly_'.length) : raw;
    if (line.trim() === '' || line.startsWith('#')) return;
    const fields = line.split('\t');
    // The line number and the field count only: the line itself holds a cookie value.
    if (fields.length !== 7)
      throw new UserError(
        `a cookie line has ${fields.length} tab-separated fields; the Netscape/curl format has 7 (domain, subdomains, path, secure, expiry, name, value)`,
        { file, line: i + 1 },
      );
    const [domain, sub, path, , expiry, name, value] = fields;
    const expires = Number(expiry);
    if (expires > 0 && expires * 1000 < now) return;
    cookies.push({
      domain: domain.replace(/^\./, '').toLowerCase(),
      includeSubdomains: sub === 'TRUE' || domain.startsWith('.'),
      path: path || '/',
      name,
      value,
    });
  });
  return cookies;
}

/** A Cookie header (`a=1; b=2`) from an environment variable: it applies to the configured site only. */
function parseCookieHeader(header: string): Array<{ name: string; value: string }> {
  return header
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? { name: part, value: '' } : { name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() };
    });
}

const domainMatches = (host: string, c: Cookie) =>
  host === c.domain || (c.includeSubdomains && host.endsWith(`.${c.domain}`));

function build(origin: string, pick: (url: URL) => Array<{ name: string; value: string }>): SessionHeaders {
  const session: SessionHeaders = {
    origin,
    headersFor(url) {
      const cookies = pick(new URL(url));
      if (cookies.length === 0) return {};
      const headers: Record<string, string> = { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
      const xsrf = cookies.find((c) => c.name === '_xsrf');
      if (xsrf) headers['x-csrftoken'] = decodeURIComponent(xsrf.value);
      return headers;
    },
  };
  const redacted = () => `[Kialo session from ${origin}]`;
  return Object.assign(session, {
    toJSON: redacted,
    toString: redacted,
    [Symbol.for('nodejs.util.inspect.custom')]: redacted,
  });
}

/** The configured session, or undefined without one; a missing file or an empty variable is a usage error. */
export function loadSession(
  config: KialoSession | undefined,
  baseUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): SessionHeaders | undefined {
  if (!config) return undefined;
  if (config.cookieFile !== undefined) {
    const file = config.cookieFile;
    if (!existsSync(file))
      throw new UserError('cookie file not found', { file, field: 'sources.kialo.session.cookieFile' });
    const cookies = parseCookieFile(readFileSync(file, 'utf8'), file);
    if (cookies.length === 0)
      throw new UserError('the cookie file holds no unexpired cookie', {
        file,
        field: 'sources.kialo.session.cookieFile',
      });
    return build(`cookie file ${file}`, (url) =>
      cookies.filter((c) => domainMatches(url.hostname.toLowerCase(), c) && url.pathname.startsWith(c.path)),
    );
  }
  const name = config.cookieEnv ?? '';
  const header = env[name];
  if (!header?.trim())
    throw new UserError(
      `environment variable ${name} is not set or empty; it must hold the Cookie header of a logged-in Kialo session`,
      { field: 'sources.kialo.session.cookieEnv' },
    );
  const cookies = parseCookieHeader(header);
  const site = new URL(baseUrl).hostname;
  return build(`environment variable ${name}`, (url) => (url.hostname === site ? cookies : []));
}
