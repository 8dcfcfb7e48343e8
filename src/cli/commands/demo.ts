import { join } from 'node:path';
import type { Command } from 'commander';
import { buildDemo } from '../../demo/build.ts';
import { abortOnSignals, printJson, withWorkspaceLock, type GetWorkspace } from '../shared.ts';
import { createLogger } from '../../log/logger.ts';

/** `normforge demo` (what `npm start` runs): the full offline build of both datasets on the bundled sample. */
export function register(program: Command, _getWorkspace: GetWorkspace): void {
  program
    .command('demo')
    .description('build both datasets end to end on the bundled sample, offline (what `npm start` runs)')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { json?: boolean }) => {
      const log = createLogger();
      const controller = abortOnSignals((m) => log.warn(m));
      const dataDir = join(process.cwd(), 'data');
      const summary = await withWorkspaceLock(dataDir, 'demo', { signal: controller.signal }, () =>
        buildDemo(process.cwd(), log, controller.signal),
      );
      if (opts.json) return printJson(summary);
      const out = process.stdout;
      out.write(`\nnormforge demo — built offline from the bundled sample (all LLM answers simulated)\n`);
      for (const run of summary.runs) {
        const ran = run.stages.filter((s) => s.action === 'ran').length;
        out.write(`  ${run.recipe}: ${ran} stage(s) ran, ${run.stages.length - ran} up to date\n`);
      }
      for (const q of summary.qc) out.write(`  QC ${q.dataset}: ${q.files.join(', ')}\n`);
      for (const e of summary.evaluations)
        out.write(`  eval ${e.recipe}: ${e.stages.map((s) => `${s.stage} ${s.action}`).join(', ')}\n`);
      for (const r of summary.releases)
        out.write(
          `  release ${r.dataset}: ${r.rows} rows in ${r.dir}${r.simulated ? ' (simulated — cannot be published)' : ''}\n`,
        );
    });
}
