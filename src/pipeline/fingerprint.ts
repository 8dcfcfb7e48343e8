import { canonicalJson } from '../io/canonical-json.ts';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { sha256OfFile } from '../io/file-hash.ts';
import type { Db } from '../store/run-store.ts';
import { migrate } from '../store/run-store.ts';
import type { PromptState } from '../llm/prompt-review.ts';

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

const FILE_HASH_MIGRATIONS = [
  `CREATE TABLE file_hashes (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns TEXT NOT NULL, sha256 TEXT NOT NULL)`,
];

/**
 * Content hashes of files, remembered by (path, size, mtime) so an unchanged pipeline is checked
 * with a `stat` per file instead of re-reading every byte (the DVC complaint in anchors.md).
 */
export class FileHasher {
  constructor(private readonly db: Db) {
    migrate(db, 'file-hashes', FILE_HASH_MIGRATIONS);
  }

  /** sha256 of the file's content, or null when it does not exist. */
  async hash(path: string): Promise<string | null> {
    if (!existsSync(path)) return null;
    const st = statSync(path, { bigint: true });
    const mtime = st.mtimeNs.toString();
    const size = Number(st.size);
    const row = this.db.prepare('SELECT size, mtime_ns, sha256 FROM file_hashes WHERE path = ?').get(path) as
      | { size: number; mtime_ns: string; sha256: string }
      | undefined;
    if (row && row.size === size && row.mtime_ns === mtime) return row.sha256;
    const digest = await sha256OfFile(path);
    this.db
      .prepare(
        'INSERT INTO file_hashes (path, size, mtime_ns, sha256) VALUES (?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256',
      )
      .run(path, size, mtime, digest);
    return digest;
  }
}

/** What a stage's fingerprint is made of; kept per run so `status` can say what changed. */
export interface FingerprintParts {
  version: number;
  params: Record<string, unknown>;
  prompts: Record<string, string | null>;
  inputs: Record<string, string | null>;
  /**
   * The project's own files among `prompts` (absent when every prompt is built in): where a reviewed
   * or machine-translated file stands, so a review changes the fingerprint as an edit does.
   */
  projectPrompts?: Record<string, PromptState>;
  /** Versions of built-in tables (absent in runs recorded before tables were fingerprinted). */
  tables?: Record<string, string | null>;
  /** The LLM members the stage asks, by id: what changes their answers (see llm/provider.ts). */
  members?: Record<string, Record<string, unknown>>;
}

export function fingerprintOf(parts: FingerprintParts): string {
  return sha256(canonicalJson(parts));
}

/** Human reasons why `current` differs from `previous`, like DVC's "dependency modified". */
export function explainChange(previous: FingerprintParts, current: FingerprintParts): string[] {
  const reasons: string[] = [];
  if (previous.version !== current.version)
    reasons.push(`stage logic changed (version ${previous.version} → ${current.version})`);
  const paramKeys = new Set([...Object.keys(previous.params), ...Object.keys(current.params)]);
  for (const key of [...paramKeys].sort()) {
    const before = canonicalJson(previous.params[key]);
    const after = canonicalJson(current.params[key]);
    if (before !== after) reasons.push(`param ${key} changed (${before ?? 'unset'} → ${after ?? 'unset'})`);
  }
  reasons.push(...promptChanges(previous, current));
  reasons.push(...fileChanges('table', previous.tables ?? {}, current.tables ?? {}));
  reasons.push(...fileChanges('input', previous.inputs, current.inputs));
  if (previous.members === undefined && current.members !== undefined)
    reasons.push('the LLM members asked were not recorded by the last run');
  else reasons.push(...memberChanges(previous.members ?? {}, current.members ?? {}));
  return reasons;
}

/** "member qwen added", "panel member gpt-4.1: runs 5 → 3, provider simulator → https://…". */
function memberChanges(
  before: Record<string, Record<string, unknown>>,
  after: Record<string, Record<string, unknown>>,
): string[] {
  const out: string[] = [];
  for (const id of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (!(id in before)) out.push(`member ${id} added`);
    else if (!(id in after)) out.push(`member ${id} removed`);
    else {
      const fields = [...new Set([...Object.keys(before[id]), ...Object.keys(after[id])])].sort();
      const changed = fields.flatMap((f) => {
        const was = canonicalJson(before[id][f]);
        const now = canonicalJson(after[id][f]);
        return was === now ? [] : [`${f} ${was ?? 'unset'} → ${now ?? 'unset'}`];
      });
      if (changed.length) out.push(`member ${id}: ${changed.join(', ')}`);
    }
  }
  return out;
}

/**
 * Prompt changes, naming a project's files as such: "prompt en/polarity.md: the project's
 * prompts/en/polarity.md is used instead of the built-in", a review ("prompt ar/relevance.md (the
 * project's): machine-translated, unreviewed → reviewed"), and edits, additions and removals.
 */
function promptChanges(previous: FingerprintParts, current: FingerprintParts): string[] {
  const was = previous.projectPrompts ?? {};
  const now = current.projectPrompts ?? {};
  const own = (rel: string) => (rel in now ? ` (the project's prompts/${rel}, ${now[rel].review})` : '');
  const out: string[] = [];
  for (const rel of [...new Set([...Object.keys(previous.prompts), ...Object.keys(current.prompts)])].sort()) {
    if (!(rel in previous.prompts)) out.push(`prompt ${rel} added${own(rel)}`);
    else if (!(rel in current.prompts)) out.push(`prompt ${rel} removed`);
    else if (current.prompts[rel] === null) out.push(`prompt ${rel} missing`);
    else if (!(rel in was) && rel in now)
      out.push(`prompt ${rel}: the project's prompts/${rel} is used instead of the built-in (${now[rel].review})`);
    else if (rel in was && !(rel in now))
      out.push(`prompt ${rel}: the project's prompts/${rel} is gone; the built-in is used`);
    else {
      if (previous.prompts[rel] !== current.prompts[rel]) out.push(`prompt ${rel} modified${own(rel)}`);
      if (rel in was && rel in now && was[rel].review !== now[rel].review)
        out.push(`prompt ${rel} (the project's): ${was[rel].review} → ${now[rel].review}`);
    }
  }
  return out;
}

function fileChanges(
  kind: string,
  before: Record<string, string | null>,
  after: Record<string, string | null>,
): string[] {
  const out: string[] = [];
  for (const path of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (!(path in before)) out.push(`${kind} ${path} added`);
    else if (!(path in after)) out.push(`${kind} ${path} removed`);
    // An optional input absent then and now (e.g. no translations file) is no change.
    else if (after[path] === null && before[path] !== null) out.push(`${kind} ${path} missing`);
    else if (before[path] !== after[path]) out.push(`${kind} ${path} modified`);
  }
  return out;
}
