import { rmSync } from 'node:fs';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import type { PanelMember } from '../../src/schemas/config.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { projectWith, statementFixture } from '../statements/fixtures.ts';

export interface SimProject {
  dir: string;
  ws: Workspace;
  sim: SimServer;
  /** The paper's panel, pointed at this project's simulator. */
  panel: PanelMember[];
  close(): Promise<void>;
}

/**
 * A project with `statements` filtered Kialo statements in place (test/statements/fixtures.ts) and
 * the paper's panel answered by a simulator the test owns; `config` is added to the panel's config.
 */
export async function simProject(
  statements: number,
  config: (panel: PanelMember[]) => Record<string, unknown> = () => ({}),
  languages?: string[],
): Promise<SimProject> {
  const sim = await startSimServer({ port: 0 });
  // Generous limits: the tests are about labels, not pacing.
  const panel = DEFAULT_PANEL.map((m) => ({
    ...m,
    ...(languages ? { languages } : {}),
    baseURL: `${sim.url}/v1`,
    rpm: 600_000,
    tpm: 1e9,
    maxConcurrency: 16,
  }));
  const dir = projectWith(statementFixture(statements), { panel, ...config(panel) });
  const ws = Workspace.open({ cwd: dir });
  return {
    dir,
    ws,
    sim,
    panel,
    async close() {
      ws.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
