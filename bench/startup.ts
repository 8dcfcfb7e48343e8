import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { distIsFresh } from '../bin/dist-fresh.js';
import { createLogger } from '../src/log/logger.ts';
import type { Figure } from './run.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'normforge.js');
const RUNS = 7;

/** Wall time of one process from spawn to exit, in seconds; a failing command stops the benchmark. */
function timed(args: string[], cwd: string): number {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`node ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `normforge --help` against `node -e 0`, run alternately so both see the same machine load, and
 * `normforge status` on a workspace the demo built. The compiled CLI is what users run, so it is
 * built first when the sources are newer.
 */
export async function benchStartup(): Promise<Figure[]> {
  if (!distIsFresh(ROOT)) spawnSync('bash', [join(ROOT, 'scripts', 'build.sh')], { stdio: 'inherit' });
  const help: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(timed(['-e', '0'], tmpdir()));
    help.push(timed([BIN, '--help'], tmpdir()));
  }
  const demo = mkdtempSync(join(tmpdir(), 'nf-bench-startup-'));
  let status: number[];
  try {
    const { buildDemo } = await import('../src/demo/build.ts');
    await buildDemo(demo, createLogger({ level: 'error' }), new AbortController().signal);
    status = Array.from({ length: RUNS }, () => timed([BIN, 'status'], demo));
  } finally {
    rmSync(demo, { recursive: true, force: true });
  }
  process.stdout.write(
    `startup (median of ${RUNS}): normforge --help ${median(help).toFixed(3)} s · node -e 0 ` +
      `${median(bare).toFixed(3)} s · normforge status (demo workspace) ${median(status).toFixed(3)} s\n`,
  );
  return [
    { name: 'startup_help_s', value: median(help), unit: 's', target: '-' },
    { name: 'startup_node_e0_s', value: median(bare), unit: 's', target: '-' },
    { name: 'startup_help_vs_node_ratio', value: median(help) / median(bare), unit: 'ratio', target: '<=2' },
    { name: 'startup_status_demo_s', value: median(status), unit: 's', target: '<0.5' },
  ];
}
