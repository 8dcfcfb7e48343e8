import type { Command } from 'commander';
import { wholeNumber } from '../options.ts';
import type { Workspace } from '../../pipeline/workspace.ts';
import { parseFaults } from '../../llm/sim/faults.ts';
import { startSimServer } from '../../llm/sim/server.ts';

const nonNegativeInt = wholeNumber(0);

/** `normforge sim-server`: the local OpenAI-compatible simulator, until Ctrl-C. */
export function register(program: Command, _getWorkspace: (opts: { config?: string }) => Workspace): void {
  program
    .command('sim-server')
    .description('run the local OpenAI-compatible simulator (offline demo, tests, benchmarks); answers are marked simulated')
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', nonNegativeInt, 0)
    .option('--latency-ms <n>', 'delay before each answer', nonNegativeInt, 0)
    .option('--rpm <n>', 'requests per minute per model before answering 429', nonNegativeInt)
    .option('--tpm <n>', 'tokens per minute per model announced in x-ratelimit-limit-tokens', nonNegativeInt)
    .option('--faults <spec>', 'fault injection, e.g. 5xx=0.1,429=0.05,malformed=0.05,timeout=0.02,truncate=0.02,delay=0.1')
    .option('--seed <s>', 'seed of answers and faults', '0')
    .option('--json', 'print the address as JSON')
    .action(async (opts: { port: number; latencyMs: number; rpm?: number; tpm?: number; faults?: string; seed: string; json?: boolean }) => {
      const server = await startSimServer({ port: opts.port, latencyMs: opts.latencyMs, rpm: opts.rpm || undefined, tpm: opts.tpm || undefined, faults: parseFaults(opts.faults), seed: opts.seed });
      process.stdout.write(opts.json ? `${JSON.stringify({ url: server.url, baseURL: `${server.url}/v1` })}\n` : `sim-server listening on ${server.url}/v1 (Ctrl-C to stop)\n`);
      const keepAlive = setInterval(() => undefined, 1 << 30);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      clearInterval(keepAlive);
      await server.close();
    });
}
