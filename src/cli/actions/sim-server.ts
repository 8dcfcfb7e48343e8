import { FailureError } from '../../errors.ts';
import { parseFaults } from '../../llm/sim/faults.ts';
import { startSimServer, type SimServer, type SimServerOptions } from '../../llm/sim/server.ts';
import type { CliContext } from '../context.ts';

export interface SimServerCliOptions {
  port: number;
  latencyMs: number;
  rpm?: number;
  tpm?: number;
  faults?: string;
  seed: string;
  json?: boolean;
}

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

/** `normforge sim-server`: serves until SIGINT or SIGTERM, then closes. */
export async function simServerCommand(ctx: CliContext, opts: SimServerCliOptions): Promise<void> {
  const server = await listenOn({
    port: opts.port,
    latencyMs: opts.latencyMs,
    rpm: opts.rpm || undefined,
    tpm: opts.tpm || undefined,
    faults: parseFaults(opts.faults),
    seed: opts.seed,
  });
  ctx.out(
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
}
