import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeContext } from '../../src/pipeline/context.ts';
import type { StageState } from '../../src/pipeline/freshness.ts';
import type { Stage } from '../../src/stages/contract.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';

/**
 * Runs one stage with the runner's own context, except that outputs are written in place: these
 * tests are about the stage, not the runner's staging.
 */
export async function runStageInPlace<P>(
  stage: Stage,
  ws: Workspace,
  params: P,
  signal = new AbortController().signal,
) {
  const ctx = makeContext(
    ws,
    { name: 'test', description: 'one stage', stages: [stage] },
    { stage, params } as StageState<P>,
    {},
    signal,
  );
  const output = (rel: string) => {
    mkdirSync(dirname(ws.path(rel)), { recursive: true });
    return ws.path(rel);
  };
  return stage.run({ ...ctx, output });
}
