import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { localSimulator } from '../../src/llm/sim/local.ts';
import { makeContext } from '../../src/pipeline/context.ts';
import type { StageState } from '../../src/pipeline/freshness.ts';
import type { Stage } from '../../src/stages/contract.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';

/**
 * Runs one stage with the runner's own context, except that outputs are written in place: these
 * tests are about the stage, not the runner's staging. Panel members without `baseURL` are answered
 * by an in-process simulator, as the CLI gives one (started only if such a member is asked).
 */
export async function runStageInPlace<P>(
  stage: Stage,
  ws: Workspace,
  params: P,
  signal = new AbortController().signal,
) {
  const simulator = localSimulator();
  const ctx = makeContext(
    ws,
    { name: 'test', description: 'one stage', stages: [stage] },
    { stage, params } as StageState<P>,
    { simulator },
    signal,
  );
  const output = (rel: string) => {
    mkdirSync(dirname(ws.path(rel)), { recursive: true });
    return ws.path(rel);
  };
  try {
    return await stage.run({ ...ctx, output });
  } finally {
    await simulator.close();
  }
}
