import { Command, CommanderError } from 'commander';
import { BudgetExceededError, InterruptedError, UserError } from '../errors.ts';
import { redact } from '../pipeline/log.ts';
import { workspaceFactory, type GetWorkspace } from './shared.ts';
import { register as registerRun } from './commands/run.ts';

type Register = (program: Command, getWorkspace: GetWorkspace) => void;

/** Command modules, and the command names each provides (used to list what is not built yet). */
const COMMAND_MODULES: Array<{ load: () => Promise<{ register: Register }>; commands: string[] }> = [
  { load: () => import('./commands/scrape.ts'), commands: ['scrape'] },
  { load: () => import('./commands/import.ts'), commands: ['import'] },
  { load: () => import('./commands/qc.ts'), commands: ['qc'] },
  { load: () => import('./commands/agreement.ts'), commands: ['agreement'] },
  { load: () => import('./commands/release.ts'), commands: ['export', 'rehydrate', 'publish'] },
  { load: () => import('./commands/eval.ts'), commands: ['eval'] },
  { load: () => import('./commands/sim-server.ts'), commands: ['sim-server'] },
  { load: () => import('./commands/demo.ts'), commands: ['demo'] },
];

function notAvailable(program: Command, name: string): void {
  program
    .command(name)
    .description('(not available yet)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(() => {
      process.stderr.write(`normforge ${name}: not available yet in this version\n`);
      process.exitCode = 1;
    });
}

async function buildProgram(): Promise<Command> {
  const program = new Command('normforge')
    .description('Build culturally grounded LLM-alignment datasets, measure models with them, reproducibly.')
    .option('--config <file>', 'config file (default: normforge.config.json in the working directory)')
    .showHelpAfterError()
    .exitOverride();
  const getWorkspace = workspaceFactory(program);
  registerRun(program, getWorkspace);
  for (const mod of COMMAND_MODULES) {
    try {
      (await mod.load()).register(program, getWorkspace);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
      for (const name of mod.commands) notAvailable(program, name);
    }
  }
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  if (err instanceof UserError) return 2;
  if (err instanceof InterruptedError) return 130;
  return 1;
}

async function main(argv: string[]): Promise<void> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const code = exitCodeFor(err);
    if (!(err instanceof CommanderError)) {
      const label = err instanceof UserError ? 'error' : err instanceof InterruptedError ? 'interrupted' : err instanceof BudgetExceededError ? 'budget reached' : 'failed';
      const detail = err instanceof UserError || err instanceof InterruptedError || err instanceof BudgetExceededError ? (err as Error).message : ((err as Error).stack ?? String(err));
      process.stderr.write(redact(`normforge: ${label}: ${detail}\n`));
    }
    process.exitCode = code;
  }
}

await main(process.argv);
