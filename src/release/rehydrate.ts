import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InterruptedError, UserError } from '../errors.ts';
import { readJsonlAll } from '../io/jsonl.ts';
import { sweepLeftovers } from '../pipeline/sweep.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { StatementReleaseRowSchema, type StatementLabel } from '../schemas/records.ts';
import { stripIdsOnlyBlock } from './card.ts';
import { releaseDirOf } from './export.ts';
import { readReleaseManifest } from './manifest.ts';
import { writeReleaseDir } from './release-dir.ts';
import { DATA_FILES } from './spec.ts';

/** A discussion whose statement texts must be fetched again, with the statements wanted from it. */
export interface RehydrateTarget {
  discussion_id: number;
  url: string;
  statement_ids: string[];
}

/**
 * Fetches statement texts (by statement id) for the given discussions, e.g. by scraping Kialo.
 * On `signal` it stops starting new work and throws `InterruptedError`.
 */
export type TextSource = (
  targets: RehydrateTarget[],
  ws: Workspace,
  signal: AbortSignal,
) => Promise<Map<string, string>>;

export interface RehydrateResult {
  dir: string;
  rows: number;
  restored: number;
  discussions: number;
}

export function rehydrateTargets(rows: readonly StatementLabel[]): RehydrateTarget[] {
  const byDiscussion = new Map<number, RehydrateTarget>();
  for (const row of rows) {
    if (row.statement !== null) continue;
    const target = byDiscussion.get(row.discussion_id) ?? {
      discussion_id: row.discussion_id,
      url: row.url,
      statement_ids: [],
    };
    if (!target.statement_ids.includes(row.statement_id)) target.statement_ids.push(row.statement_id);
    byDiscussion.set(row.discussion_id, target);
  }
  return [...byDiscussion.values()].sort((a, b) => a.discussion_id - b.discussion_id);
}

function missingReport(missing: RehydrateTarget[]): string {
  const shown = missing
    .slice(0, 20)
    .map((t) => `  - discussion ${t.discussion_id} (${t.url}): ${t.statement_ids.join(', ')}`);
  return [
    `${missing.length} discussion(s) gave no text for some statements; the release was left unchanged:`,
    ...shown,
  ].join('\n');
}

/**
 * `normforge rehydrate`: fills the null statement texts of an ids-only release from a text source
 * and rewrites the release; the data files and card then equal those of the full export byte for byte.
 * Nothing is written until every text is in hand, so an interrupt leaves the release as it was.
 */
export async function rehydrateRelease(
  ws: Workspace,
  fetchTexts: TextSource,
  signal: AbortSignal = new AbortController().signal,
): Promise<RehydrateResult> {
  sweepLeftovers(ws);
  const dir = releaseDirOf(ws, 'sociocultural-statements');
  const jsonl = join(dir, DATA_FILES[1]);
  const cardFile = join(dir, 'README.md');
  if (!existsSync(jsonl) || !existsSync(cardFile))
    throw new UserError(
      'no release to rehydrate; run `normforge export sociocultural-statements --ids-only` or download the release first',
      { file: dir },
    );
  const { files: _files, simulated: _simulated, ...manifest } = readReleaseManifest(dir, 'sociocultural-statements');
  const rows = await readJsonlAll(jsonl, StatementReleaseRowSchema);
  const targets = rehydrateTargets(rows);
  const texts = targets.length ? await fetchTexts(targets, ws, signal) : new Map<string, string>();
  if (signal.aborted) throw new InterruptedError('rehydrate interrupted; the release was left unchanged');
  const missing = targets
    .map((t) => ({ ...t, statement_ids: t.statement_ids.filter((id) => !texts.has(id)) }))
    .filter((t) => t.statement_ids.length > 0);
  if (missing.length) throw new UserError(missingReport(missing), { file: jsonl, field: 'statement' });
  const filled = rows.map((r) => (r.statement === null ? { ...r, statement: texts.get(r.statement_id) ?? null } : r));
  const card = stripIdsOnlyBlock(readFileSync(cardFile, 'utf8'));
  await writeReleaseDir(dir, { schema: StatementReleaseRowSchema }, async (data) => {
    for (const row of filled) await data.write(row);
    return { card, manifest: { ...manifest, ids_only: false } };
  });
  return {
    dir,
    rows: filled.length,
    restored: rows.filter((r) => r.statement === null).length,
    discussions: targets.length,
  };
}
