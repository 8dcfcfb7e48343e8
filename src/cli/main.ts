import { Command, CommanderError } from 'commander';
import { BudgetExceededError, DegradedError, FailureError, InterruptedError, UserError } from '../errors.ts';
import { redact } from '../log/logger.ts';
import { workspaceFactory, type GetWorkspace } from './shared.ts';
import { register as registerRun } from './commands/run.ts';
import { register as registerScrape } from './commands/scrape.ts';
import { register as registerImport } from './commands/import.ts';
import { register as registerFetch } from './commands/fetch.ts';
import { register as registerQc } from './commands/qc.ts';
import { register as registerPrompts } from './commands/prompts.ts';
import { register as registerAgreement } from './commands/agreement.ts';
import { register as registerRelease } from './commands/release.ts';
import { register as registerEval } from './commands/eval.ts';
import { register as registerSimServer } from './commands/sim-server.ts';
import { register as registerDemo } from './commands/demo.ts';
import { register as registerBatch } from './commands/batch.ts';

const COMMANDS: Array<(program: Command, getWorkspace: GetWorkspace) => void> = [
  registerRun,
  registerScrape,
  registerImport,
  registerFetch,
  registerQc,
  registerPrompts,
  registerAgreement,
  registerRelease,
  registerEval,
  registerSimServer,
  registerBatch,
  registerDemo,
];

function buildProgram(): Command {
  const program = new Command('normforge')
    .description('Build culturally grounded LLM-alignment datasets, measure models with them, reproducibly.')
    .option('--config <file>', 'config file (default: normforge.config.json in the working directory)')
    .showHelpAfterError()
    .exitOverride();
  const getWorkspace = workspaceFactory(program);
  for (const register of COMMANDS) register(program, getWorkspace);
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
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const code = exitCodeFor(err);
    if (!(err instanceof CommanderError)) {
      const label =
        err instanceof UserError
          ? 'error'
          : err instanceof InterruptedError
            ? 'interrupted'
            : err instanceof BudgetExceededError
              ? 'budget reached'
              : err instanceof DegradedError
                ? 'degraded'
                : 'failed';
      const explained =
        err instanceof UserError ||
        err instanceof FailureError ||
        err instanceof InterruptedError ||
        err instanceof BudgetExceededError ||
        err instanceof DegradedError;
      const detail = explained ? err.message : ((err as Error).stack ?? String(err));
      process.stderr.write(redact(`normforge: ${label}: ${detail}\n`));
    }
    process.exitCode = code;
  }
}

await main(process.argv);
