import { main } from '../../src/cli/main.ts';

export interface CliResult {
  /** The exit code the process would have: 0 done, 1 failed, 2 bad usage or input, 130 interrupted. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `normforge <args>` in this process (as DVC's tests call `main([...])`): the same program,
 * options, error mapping and exit codes as the installed command, without paying a Node start-up
 * per call. `env` entries are set for the call and restored after it (undefined removes one).
 * Use a real process where the process itself is under test: signals, crashes, locks between
 * processes.
 */
export async function runCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined> },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const restore = setEnv(opts.env ?? {});
  try {
    const code = await main(args, {
      cwd: opts.cwd,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  } finally {
    restore();
  }
}

function setEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.entries(values).map(([name]) => [name, process.env[name]] as const);
  for (const [name, value] of Object.entries(values)) assign(name, value);
  return () => {
    for (const [name, value] of saved) assign(name, value);
  };
}

function assign(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
