import { resolve } from 'node:path';
import type { Command } from 'commander';
import { importPromptReviews, type SheetImport } from '../../qc/prompts/import.ts';
import { translatePrompts, type TranslateResult } from '../../qc/prompts/translate.ts';
import { abortOnSignals, type GetWorkspace, printJson, withWorkspaceLock } from '../shared.ts';

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

/** `normforge prompts translate|import`: a language's prompts through a translator member, reviewed by a person. */
export function register(program: Command, getWorkspace: GetWorkspace): void {
  const prompts = program
    .command('prompts')
    .description("a language's prompt templates: machine-translated, back-translated, reviewed in a sheet");

  prompts
    .command('translate')
    .description("translate the English templates and dimension texts into the project's prompts/<lang>/")
    .requiredOption('--to <lang>', 'the language (any BCP-47 tag, e.g. ar, hi, es, sw, pt-BR)')
    .option('--member <id>', "the translator (default: the translate stage's translator, else the first panel member)")
    .option('--force', 'translate again the files the project already has for that language')
    .option('--json', 'print a JSON summary')
    .option('--config <file>', 'config file')
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .action(
      async (o: { to: string; member?: string; force?: boolean; json?: boolean; config?: string; wait?: boolean }) => {
        const ws = getWorkspace(o);
        const { signal } = abortOnSignals((m) => ws.log.warn(m));
        const result = await withWorkspaceLock(ws.dataDir, `prompts translate --to ${o.to}`, { wait: o.wait }, () =>
          translatePrompts(ws, { to: o.to, member: o.member, force: o.force, signal }),
        );
        if (o.json) printJson(result);
        else process.stdout.write(translated(result));
        if (result.failed.length) process.exitCode = 1;
      },
    );

  prompts
    .command('import <files...>')
    .description('read filled review sheets back: reviewed templates written and marked reviewed')
    .option('--json', 'print a JSON summary')
    .option('--config <file>', 'config file')
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .action(async (files: string[], o: { json?: boolean; config?: string; wait?: boolean }) => {
      const ws = getWorkspace(o);
      const result = await withWorkspaceLock(ws.dataDir, 'prompts import', { wait: o.wait }, () =>
        importPromptReviews(
          ws,
          files.map((f) => resolve(f)),
        ),
      );
      if (o.json) printJson({ imported: result });
      else process.stdout.write(result.map(imported).join(''));
    });
}
