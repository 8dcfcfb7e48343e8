import { withLocalSimulator } from '../../llm/sim/local.ts';
import { importPromptReviews, type SheetImport } from '../../qc/prompts/import.ts';
import { translatePrompts, type TranslateResult } from '../../qc/prompts/translate.ts';
import type { CliContext } from '../context.ts';
import { abortOnSignals, openWorkspace, withWorkspaceLock } from '../shared.ts';

export interface PromptsTranslateOptions {
  to: string;
  member?: string;
  force?: boolean;
  json?: boolean;
  config?: string;
  wait?: boolean;
}

export interface PromptsImportOptions {
  json?: boolean;
  config?: string;
  wait?: boolean;
}

function translated(r: TranslateResult): string {
  const lines = [
    `${r.language}: ${r.written.length} file(s) translated by ${r.translator.member} into ${r.dir}` +
      `${r.simulated ? ' (SIMULATED: the simulator marks its stand-in translations; never publishable)' : ''}`,
    ...(r.kept.length ? [`  kept (already there; --force translates again): ${r.kept.join(', ')}`] : []),
    ...r.failed.map((f) => `  FAILED ${f.file} (not written): ${f.problems.join('; ')}`),
    r.sheet ? `  review sheet: ${r.sheet} (then: normforge prompts import <filled sheet>)` : '  nothing left to review',
  ];
  return `${lines.join('\n')}\n`;
}

const imported = (r: SheetImport) =>
  `${r.file} (${r.language}): ${r.approved} approved, ${r.edited} edited, ${r.rejected} rejected, ` +
  `${r.pending} not reviewed yet; reviewed: ${r.reviewed.join(', ') || 'none'}` +
  `${r.withdrawn.length ? `; withdrawn: ${r.withdrawn.join(', ')}` : ''}\n`;

/** `normforge prompts translate --to LANG`: templates and dimension texts through the translator member. */
export async function promptsTranslateCommand(ctx: CliContext, o: PromptsTranslateOptions): Promise<void> {
  const ws = openWorkspace(ctx, { config: o.config });
  const { signal } = abortOnSignals((m) => ws.log.warn(m), ctx);
  try {
    const result = await withWorkspaceLock(ws.dataDir, `prompts translate --to ${o.to}`, { wait: o.wait }, () =>
      // Members without baseURL are answered by an in-process simulator, started only if asked.
      withLocalSimulator((simulator) =>
        translatePrompts(ws, { to: o.to, member: o.member, force: o.force, signal, simulator }),
      ),
    );
    if (o.json) ctx.printJson(result);
    else ctx.out(translated(result));
    if (result.failed.length) ctx.exitCode = 1;
  } finally {
    ws.close();
  }
}

/** `normforge prompts import SHEETS`: reviewed templates written and marked reviewed. */
export async function promptsImportCommand(ctx: CliContext, files: string[], o: PromptsImportOptions): Promise<void> {
  const ws = openWorkspace(ctx, { config: o.config });
  try {
    const result = await withWorkspaceLock(ws.dataDir, 'prompts import', { wait: o.wait }, () =>
      importPromptReviews(
        ws,
        files.map((f) => ctx.path(f)),
      ),
    );
    if (o.json) ctx.printJson({ imported: result });
    else ctx.out(result.map(imported).join(''));
  } finally {
    ws.close();
  }
}
