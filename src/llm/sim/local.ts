import type { SimServer, SimServerOptions } from './server.ts';

/**
 * Where panel members without a `baseURL` are answered: the local simulator. Whoever wants
 * simulated members (the CLI, the demo, tests) hands one to the panel; the panel never starts one.
 */
export interface Simulator {
  /** The simulator's root URL (without `/v1`). */
  url(): Promise<string>;
}

/** Limits far above what a run asks: the simulator stands in for members no provider was set for. */
const IN_PROCESS: SimServerOptions = { rpm: 60_000, tpm: 50_000_000 };

/** An in-process simulator started on first use (a run that asks no simulated member starts none). */
export function localSimulator(opts: SimServerOptions = IN_PROCESS): Simulator & { close(): Promise<void> } {
  let started: Promise<SimServer> | undefined;
  return {
    // Loaded on first use: a command that asks no simulated member never imports the server.
    url: async () => (await (started ??= import('./server.ts').then((m) => m.startSimServer(opts)))).url,
    async close() {
      const server = started;
      started = undefined;
      // A simulator that failed to start has nothing to close (its error went to whoever asked).
      await server?.then(
        (s) => s.close(),
        () => undefined,
      );
    },
  };
}

/** A simulator already running elsewhere (`normforge sim-server`, or one a test started). */
export function runningSimulator(url: string): Simulator {
  return { url: () => Promise.resolve(url) };
}

/** Runs `fn` with an in-process simulator for members without `baseURL`, and always stops it. */
export async function withLocalSimulator<R>(fn: (simulator: Simulator) => Promise<R>): Promise<R> {
  const simulator = localSimulator();
  try {
    return await fn(simulator);
  } finally {
    await simulator.close();
  }
}
