// Child process entry for the crash tests: runs the toy recipe in the given working directory.
import { InterruptedError } from '../../src/errors.ts';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { abortOnSignals } from '../../src/cli/shared.ts';
import { toyRecipe } from './toy.ts';

const ws = Workspace.open({ cwd: process.argv[2] });
const controller = abortOnSignals(() => undefined);
try {
  await runRecipe(ws, toyRecipe, { signal: controller.signal });
} catch (err) {
  process.exitCode = err instanceof InterruptedError ? 130 : 1;
} finally {
  ws.close();
}
