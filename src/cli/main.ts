import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { BudgetExceededError, DegradedError, FailureError, InterruptedError, UserError } from '../errors.ts';
import { closeSharedChromium } from '../io/chromium.ts';
import { redact } from '../log/logger.ts';
import { CliContext, processIo, type CliIo } from './context.ts';
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

/**
 * Each command module declares its options and help only; its action imports the implementation
 * when the command runs, so `--help` or one command never loads the others' libraries.
 */
const COMMANDS: Array<(program: Command, ctx: CliContext) => void> = [
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

/**
 * Commander's help and usage errors go to the io; written anywhere but the process's own streams
 * (a test's buffer) they are laid out as for a pipe: 80 columns, no colour.
 */
function outputTo(io: CliIo): OutputConfiguration {
  const streams = {
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.stderr.write(text),
  };
  if (io.stdout === process.stdout && io.stderr === process.stderr) return streams;
  return {
    ...streams,
    getOutHelpWidth: () => 80,
    getErrHelpWidth: () => 80,
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  };
}

function buildProgram(io: CliIo): { program: Command; ctx: CliContext } {
  const program = new Command('normforge')
    .description('Build culturally grounded LLM-alignment datasets, measure models with them, reproducibly.')
    .option('--config <file>', 'config file (default: normforge.config.json in the working directory)')
    .configureOutput(outputTo(io))
    .showHelpAfterError()
    .exitOverride();
  const ctx = new CliContext(io, () => program.opts<{ config?: string }>().config);
  for (const register of COMMANDS) register(program, ctx);
  for (const command of program.commands) command.exitOverride();
  return { program, ctx };
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  if (err instanceof UserError) return 2;
  if (err instanceof InterruptedError) return 130;
  return 1;
}

function labelFor(err: unknown): string {
  if (err instanceof UserError) return 'error';
  if (err instanceof InterruptedError) return 'interrupted';
  if (err instanceof BudgetExceededError) return 'budget reached';
  if (err instanceof DegradedError) return 'degraded';
  return 'failed';
}

/** Errors the user can act on print as their message; anything else with its stack, for a bug report. */
function describeError(err: unknown): string {
  const explained =
    err instanceof UserError ||
    err instanceof FailureError ||
    err instanceof InterruptedError ||
    err instanceof BudgetExceededError ||
    err instanceof DegradedError;
  if (explained) return err.message;
  return err instanceof Error ? (err.stack ?? String(err)) : String(err);
}

/**
 * Runs `normforge <args>` and returns its exit code: 0 done, 1 failed, 2 bad usage or input, 130
 * interrupted. Tests call it in-process with their own io (as DVC's tests call `main([...])`);
 * `bin.ts` calls it for the real process.
 */
export async function main(args: string[], io: CliIo = processIo()): Promise<number> {
  const { program, ctx } = buildProgram(io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (!(err instanceof CommanderError))
      io.stderr.write(redact(`normforge: ${labelFor(err)}: ${describeError(err)}\n`));
    return exitCodeFor(err);
  } finally {
    // The browser renders share is closed with the command, not after its idle time.
    await closeSharedChromium();
    ctx.done();
  }
}
