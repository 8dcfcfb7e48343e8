import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInFramework } from '../src/statements/framework.ts';
import { createPanel } from '../src/llm/panel.ts';
import { SIM_PROFILES } from '../src/llm/sim/profiles.ts';
import { startSimServer } from '../src/llm/sim/server.ts';
import type { LlmAnswer } from '../src/llm/types.ts';
import { createLogger } from '../src/log/logger.ts';
import { openStore } from '../src/store/run-store.ts';
import { PanelMemberSchema } from '../src/schemas/config.ts';
import { questionRequests } from '../src/statements/requests.ts';
import { modeOfRuns } from '../src/stats/votes.ts';
import type { Figure } from './run.ts';

const STATEMENTS = 40;
const silent = createLogger({ sink: () => undefined });

/** Each (item, member, language)'s mode of runs, the label early stopping must not change. */
const modes = (answers: LlmAnswer<{ relevant: boolean } | { score: number }>[]) =>
  answers.map((a) =>
    modeOfRuns(
      a.samples.map((s) => (s.value === undefined ? null : 'relevant' in s.value ? s.value.relevant : s.value.score)),
    ),
  );

/**
 * Requests early stopping saves on the paper's design: its 4 models (the simulator's declared
 * consistency), 2 languages, 5 runs, one request per run, relevance of 40 statements × 6
 * dimensions; the labels are checked identical to asking every run.
 */
export async function benchEarlyStop(): Promise<Figure[]> {
  const sim = await startSimServer({ seed: 7, rpm: 1e6, tpm: 1e9 });
  const dir = mkdtempSync(join(tmpdir(), 'nf-bench-earlystop-'));
  try {
    const statements = Array.from({ length: STATEMENTS }, (_, i) => ({
      statement_id: String(i),
      texts: {
        en: `People should rethink rule ${i} about family duty.`,
        zh: `人们应该重新思考关于家庭责任的规则 ${i}。`,
      },
    }));
    const framework = builtInFramework();
    const pairs = statements.flatMap((statement) => framework.codes.map((dimension) => ({ statement, dimension })));
    const run = async (earlyStop: boolean) => {
      const members = Object.keys(SIM_PROFILES).map((id) =>
        PanelMemberSchema.parse({
          id,
          model: id,
          baseURL: `${sim.url}/v1`,
          runs: 5,
          supportsN: false,
          languages: ['en', 'zh'],
          earlyStop,
          maxConcurrency: 16,
          rpm: 1e6,
          tpm: 1e9,
        }),
      );
      const store = openStore(join(dir, `${earlyStop}.db`));
      const panel = createPanel({ store, log: silent, stage: 'bench' });
      const { answers, stats } = await panel.ask(questionRequests('relevance', pairs, members, framework));
      await panel.close();
      store.close();
      return { modes: modes(answers), requests: stats.requests };
    };
    const full = await run(false);
    const early = await run(true);
    const identical = JSON.stringify(full.modes) === JSON.stringify(early.modes);
    return [
      {
        name: 'earlystop.requests_saved_share',
        value: 1 - early.requests / full.requests,
        unit: 'ratio',
        target: '>0 (4 models × 2 languages × 5 runs)',
      },
      { name: 'earlystop.labels_identical', value: identical ? 1 : 0, unit: 'count', target: '=1' },
    ];
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
