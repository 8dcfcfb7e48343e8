import { join } from 'node:path';
import { buildDemo } from '../../demo/build.ts';
import type { CliContext } from '../context.ts';
import { abortOnSignals, cliLogger, withWorkspaceLock } from '../shared.ts';

/** `normforge demo`: both datasets built offline in the working directory, then a summary. */
export async function demoCommand(ctx: CliContext, opts: { json?: boolean }): Promise<void> {
  const log = cliLogger(ctx);
  const controller = abortOnSignals((m) => log.warn(m), ctx);
  const root = ctx.io.cwd;
  const summary = await withWorkspaceLock(join(root, 'data'), 'demo', { signal: controller.signal }, () =>
    buildDemo(root, log, controller.signal),
  );
  if (opts.json) return ctx.printJson(summary);
  ctx.out(`\nnormforge demo — built offline from the bundled sample (all LLM answers simulated)\n`);
  for (const run of summary.runs) {
    const ran = run.stages.filter((s) => s.action === 'ran').length;
    ctx.out(`  ${run.recipe}: ${ran} stage(s) ran, ${run.stages.length - ran} up to date\n`);
  }
  for (const q of summary.qc) ctx.out(`  QC ${q.dataset}: ${q.files.join(', ')}\n`);
  for (const e of summary.evaluations)
    ctx.out(`  eval ${e.recipe}: ${e.stages.map((s) => `${s.stage} ${s.action}`).join(', ')}\n`);
  for (const r of summary.releases)
    ctx.out(
      `  release ${r.dataset}: ${r.rows} rows in ${r.dir}${r.simulated ? ' (simulated — cannot be published)' : ''}\n`,
    );
}
