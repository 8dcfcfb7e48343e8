import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.ts';
import { requireInputFile } from '../../io/input-file.ts';
import { readJsonlAll, writeJsonl } from '../../io/jsonl.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { KialoStatementSchema, type KialoStatement } from '../../schemas/records.ts';
import { EXPORTS_DIR } from '../../scrapers/kialo/export-dir.ts';
import { statementsFromExport } from '../../scrapers/kialo/export-parser.ts';
import { KIALO_RAW } from '../../datasets/registry.ts';
import type { CliContext } from '../context.ts';
import { openWorkspace } from '../shared.ts';

/** The text of one export file; a missing path, a folder or an unreadable file is bad input naming the path. */
function readExportText(file: string): string {
  requireInputFile(file);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, {
      file,
    });
  }
}

/**
 * Imported statements go to their own file beside the scraped ones (same record shape, votes null):
 * the scrape stage owns `statements.jsonl`; `filter-votes` merges both. Re-importing a file
 * replaces its statements; statements from other files stay. `files` are absolute paths.
 */
export async function importKialoExports(
  ws: Workspace,
  files: string[],
  importedAt = new Date().toISOString(),
): Promise<{ files: number; statements: number; total: number; file: string }> {
  const fresh: KialoStatement[] = files.flatMap((file) =>
    statementsFromExport(file, readExportText(file), {
      baseUrl: ws.config.sources.kialo.baseUrl,
      voteCountKind: ws.config.sources.kialo.voteCount,
      importedAt,
    }),
  );
  const target = ws.path(KIALO_RAW.imported);
  const replaced = new Set(fresh.map((s) => s.discussion_id));
  const kept = existsSync(target)
    ? (await readJsonlAll(target, KialoStatementSchema)).filter((s) => !replaced.has(s.discussion_id))
    : [];
  const all = [...kept, ...fresh].sort(
    (a, b) =>
      a.discussion_id - b.discussion_id || a.statement_id.localeCompare(b.statement_id, 'en', { numeric: true }),
  );
  await writeJsonl(target, all);
  return { files: files.length, statements: fresh.length, total: all.length, file: KIALO_RAW.imported };
}

/** The files `normforge fetch kialo-exports` downloaded, when the command names none. */
function downloadedExports(ws: Workspace): string[] {
  const dir = ws.path(EXPORTS_DIR);
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => join(dir, f))
    : [];
  if (files.length === 0)
    throw new UserError(
      `no export files given and none in ${EXPORTS_DIR}/ (normforge fetch kialo-exports downloads them there)`,
      { file: dir },
    );
  return files;
}

/** `normforge import kialo-export [FILES...]` */
export async function importCommand(
  ctx: CliContext,
  kind: string,
  files: string[],
  opts: { json?: boolean; config?: string },
): Promise<void> {
  if (kind !== 'kialo-export') throw new UserError(`unknown import "${kind}"; available: kialo-export`);
  const ws = openWorkspace(ctx, { config: opts.config });
  try {
    const summary = await importKialoExports(ws, files.length ? files.map((f) => ctx.path(f)) : downloadedExports(ws));
    if (opts.json) ctx.printJson(summary);
    else
      ctx.out(
        `imported ${summary.statements} statements from ${summary.files} files into ${summary.file} (${summary.total} in all)\n`,
      );
  } finally {
    ws.close();
  }
}
