import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { portNumber, wholeNumber } from '../options.ts';
import type { SimServerCliOptions } from '../actions/sim-server.ts';

const nonNegativeInt = wholeNumber(0);

/** `normforge sim-server`: the local OpenAI-compatible simulator, until Ctrl-C. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('sim-server')
    .description(
      'run the local OpenAI-compatible simulator (offline demo, tests, benchmarks); answers are marked simulated',
    )
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', portNumber, 0)
    .option('--latency-ms <n>', 'delay before each answer', nonNegativeInt, 0)
    .option('--rpm <n>', 'requests per minute per model before answering 429', nonNegativeInt)
    .option('--tpm <n>', 'tokens per minute per model announced in x-ratelimit-limit-tokens', nonNegativeInt)
    .option(
      '--faults <spec>',
      'fault injection, e.g. 5xx=0.1,429=0.05,malformed=0.05,timeout=0.02,truncate=0.02,delay=0.1',
    )
    .option('--seed <s>', 'seed of answers and faults', '0')
    .option('--json', 'print the address as JSON')
    .action(async (opts: SimServerCliOptions) =>
      (await import('../actions/sim-server.ts')).simServerCommand(ctx, opts),
    );
}
