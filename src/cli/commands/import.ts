import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { requireInputFile } from '../../io/input-file.ts';
import { readJsonlAll, writeJsonl } from '../../io/jsonl.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { KialoStatementSchema, type KialoStatement } from '../../schemas/records.ts';
import { EXPORTS_DIR } from '../../scrapers/kialo/export-fetch.ts';
import { statementsFromExport } from '../../scrapers/kialo/export-parser.ts';
import { KIALO_RAW } from '../../datasets/registry.ts';
import { printJson } from '../shared.ts';

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
 * replaces its statements; statements from other files stay.
 */
export async function importKialoExports(
  ws: Workspace,
  files: string[],
  importedAt = new Date().toISOString(),
): Promise<{ files: number; statements: number; total: number; file: string }> {
  const fresh: KialoStatement[] = files.flatMap((f) => {
    const file = resolve(f);
    return statementsFromExport(file, readExportText(file), {
      baseUrl: ws.config.sources.kialo.baseUrl,
      voteCountKind: ws.config.sources.kialo.voteCount,
      importedAt,
    });
  });
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
export function register(program: Command, getWorkspace: (opts: { config?: string }) => Workspace): void {
  program
    .command('import')
    .description('import source files into the raw records')
    .argument('<kind>', 'what the files are: kialo-export')
    .argument(
      '[files...]',
      `Kialo export .txt files named <slug>-<id>.txt, either format (default: every file in ${EXPORTS_DIR}/)`,
    )
    .option('--json', 'print the summary as JSON')
    .option('--config <file>', 'config file')
    .action(async (kind: string, files: string[], opts: { json?: boolean; config?: string }) => {
      if (kind !== 'kialo-export') throw new UserError(`unknown import "${kind}"; available: kialo-export`);
      const ws = getWorkspace({ config: opts.config });
      try {
        const summary = await importKialoExports(ws, files.length ? files : downloadedExports(ws));
        if (opts.json) printJson(summary);
        else
          process.stdout.write(
            `imported ${summary.statements} statements from ${summary.files} files into ${summary.file} (${summary.total} in all)\n`,
          );
      } finally {
        ws.close();
      }
    });
}
