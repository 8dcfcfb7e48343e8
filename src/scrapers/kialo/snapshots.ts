import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../io/atomic.ts';
import { API_ANSWER_NAMES, ListingRowSchema, type ApiAnswerName } from './api.ts';

/** Raw snapshots live under the workspace, one folder per discussion, so `--reparse` needs no network. */
export const SNAPSHOT_ROOT = 'data/raw/kialo/html';

export const SnapshotMetaSchema = z.object({
  discussion_id: z.number().int(),
  requested_url: z.string(),
  /** The discussion URL as the site gave it: the rendered page's final URL, else the discovered one. */
  final_url: z.string(),
  /** HTTP status of the discussion answer (or of the page, in snapshots from before the API-first scrape). */
  http_status: z.number().int(),
  fetched_at: z.string(),
  /** API answers that stayed unanswered (HTTP status), after the page and our own retries asked. */
  api_failures: z
    .partialRecord(z.enum(API_ANSWER_NAMES as [ApiAnswerName, ...ApiAnswerName[]]), z.number().int())
    .default({}),
  /** The listing row discovery found for this discussion (votes, participants, language, tags). */
  listing: ListingRowSchema.optional(),
  /** The rendered cross-check: what went wrong with the page, when it could not be taken (the API answers stand). */
  render_problem: z.string().optional(),
});
export type SnapshotMeta = z.input<typeof SnapshotMetaSchema>;

export interface Snapshot {
  meta: SnapshotMeta;
  /** The rendered page, when the scrape rendered it (`--render`); the API answers are the source either way. */
  html?: string;
  api: Partial<Record<ApiAnswerName, string>>;
  /** Workspace-relative path of the page HTML, or of the discussion graph answer when not rendered (the record's `html_path`). */
  htmlPath: string;
}

export const snapshotDirRel = (id: number) => `${SNAPSHOT_ROOT}/${id}`;

/** Each file is written atomically as it arrives; `meta.json` goes last and marks the snapshot complete. */
export function writeSnapshot(root: string, snap: Omit<Snapshot, 'htmlPath'>): void {
  const dir = join(root, snapshotDirRel(snap.meta.discussion_id));
  // A page from an earlier rendered scrape must not pass for this snapshot's.
  if (snap.html !== undefined) writeFileAtomic(join(dir, 'page.html'), snap.html);
  else rmSync(join(dir, 'page.html'), { force: true });
  for (const name of API_ANSWER_NAMES) {
    const body = snap.api[name];
    if (body !== undefined) writeFileAtomic(join(dir, `${name}.json`), body);
  }
  writeFileAtomic(join(dir, 'meta.json'), `${JSON.stringify(snap.meta, null, 2)}\n`);
}

/** The meta of a complete snapshot, or undefined when the snapshot is missing or was cut short. */
export function readSnapshotMeta(root: string, id: number): SnapshotMeta | undefined {
  const file = join(root, snapshotDirRel(id), 'meta.json');
  if (!existsSync(file)) return undefined;
  return SnapshotMetaSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Ids of the complete snapshots on disk, ascending: the records can be rebuilt from these alone. */
export function listSnapshotIds(root: string): number[] {
  const dir = join(root, SNAPSHOT_ROOT);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d+$/.test(e.name) && existsSync(join(dir, e.name, 'meta.json')))
    .map((e) => Number(e.name))
    .sort((a, b) => a - b);
}

export function readSnapshot(root: string, id: number): Snapshot | undefined {
  const meta = readSnapshotMeta(root, id);
  if (!meta) return undefined;
  const rel = snapshotDirRel(id);
  const dir = join(root, rel);
  const api: Snapshot['api'] = {};
  for (const name of API_ANSWER_NAMES) {
    const file = join(dir, `${name}.json`);
    if (existsSync(file)) api[name] = readFileSync(file, 'utf8');
  }
  const page = join(dir, 'page.html');
  if (!existsSync(page)) return { meta, api, htmlPath: `${rel}/discussiongraph.json` };
  return { meta, html: readFileSync(page, 'utf8'), api, htmlPath: `${rel}/page.html` };
}
