import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import type { PromptsImportOptions, PromptsTranslateOptions } from '../actions/prompts.ts';

const actions = () => import('../actions/prompts.ts');

/** `normforge prompts translate|import`: a language's prompts through a translator member, reviewed by a person. */
export function register(program: Command, ctx: CliContext): void {
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
    .action(async (o: PromptsTranslateOptions) => (await actions()).promptsTranslateCommand(ctx, o));

  prompts
    .command('import <files...>')
    .description('read filled review sheets back: reviewed templates written and marked reviewed')
    .option('--json', 'print a JSON summary')
    .option('--config <file>', 'config file')
    .option('--wait', 'wait for another normforge process holding this workspace instead of refusing')
    .action(async (files: string[], o: PromptsImportOptions) => (await actions()).promptsImportCommand(ctx, files, o));
}
