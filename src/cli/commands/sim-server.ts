import type { Command } from 'commander';
import { FailureError } from '../../errors.ts';
import { portNumber, wholeNumber } from '../options.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { parseFaults } from '../../llm/sim/faults.ts';
import { startSimServer, type SimServer, type SimServerOptions } from '../../llm/sim/server.ts';

const nonNegativeInt = wholeNumber(0);

/** Starts the simulator; a port that is taken or forbidden is a failure naming the option, not a stack trace. */
async function listenOn(opts: SimServerOptions & { port: number }): Promise<SimServer> {
  try {
    return await startSimServer(opts);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new FailureError(
        `--port ${opts.port}: 127.0.0.1:${opts.port} is already in use; choose another port or --port 0 for any free one`,
        { cause: err },
      );
    if (code === 'EACCES')
      throw new FailureError(
        `--port ${opts.port}: not allowed to listen on 127.0.0.1:${opts.port} (ports below 1024 need privileges); choose another port`,
        { cause: err },
      );
    throw err;
  }
}

/** `normforge sim-server`: the local OpenAI-compatible simulator, until Ctrl-C. */
export function register(program: Command, _getWorkspace: (opts: { config?: string }) => Workspace): void {
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
    .action(
      async (opts: {
        port: number;
        latencyMs: number;
        rpm?: number;
        tpm?: number;
        faults?: string;
        seed: string;
        json?: boolean;
      }) => {
        const server = await listenOn({
          port: opts.port,
          latencyMs: opts.latencyMs,
          rpm: opts.rpm || undefined,
          tpm: opts.tpm || undefined,
          faults: parseFaults(opts.faults),
          seed: opts.seed,
        });
        process.stdout.write(
          opts.json
            ? `${JSON.stringify({ url: server.url, baseURL: `${server.url}/v1` })}\n`
            : `sim-server listening on ${server.url}/v1 (Ctrl-C to stop)\n`,
        );
        const keepAlive = setInterval(() => undefined, 1 << 30);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        clearInterval(keepAlive);
        await server.close();
      },
    );
}
