/**
 * Kialo's slug rule (reference/kialo.md): lowercase, punctuation removed, every space to "-";
 * non-ASCII letters stay, and a removed character between spaces leaves "--" ("…Americans ?" gives
 * "…americans--61124"). The replica builds its URLs with it; the scraper never does: it keeps the
 * URL the site gave (sitemap, seed, final URL) or `/<id>`, since a rebuilt slug can differ.
 */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[?/():,.;'"%#]/g, '')
    .replace(/ /g, '-');
}

/** The site's own path of a discussion (replica side; see `slugify`). */
export function discussionPath(title: string, id: number): string {
  return `/${encodeURIComponent(`${slugify(title)}-${id}`)}`;
}

/**
 * The discussion id of a discussion URL (`/<slug>-<id>`, `/<id>`, or a claim link `/<id>.<n>`),
 * or of a bare id; undefined when the text names no discussion.
 */
export function discussionIdOf(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // A public id list's "slug-id" (e.g. "does-god-exist-2629"), with no scheme or slash.
  const slugId = /^[^\s/:]+-(\d+)$/u.exec(trimmed);
  if (slugId) return Number(slugId[1]);
  let path: string;
  try {
    path = decodeURIComponent(new URL(trimmed).pathname);
  } catch {
    return undefined;
  }
  const match = /(?:^\/|-)(\d+)(?:\.\d+)?\/?$/.exec(path);
  return match ? Number(match[1]) : undefined;
}

/** `/<id>` answers on Kialo for any discussion, so a frontier entry needs no slug. */
export function discussionUrl(baseUrl: string, id: number): string {
  return new URL(`/${id}`, baseUrl).toString();
}

/** A claim link (`/<id>.<n>`, `/<claim-slug>-<id>.<n>?path=…`) rather than a discussion page. */
export function isClaimLink(url: string): boolean {
  return URL.canParse(url) && /\d+\.\d+\/?$/.test(new URL(url).pathname);
}
