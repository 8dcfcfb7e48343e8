import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { rmSync } from 'node:fs';
import { Workspace } from '../../src/workspace/workspace.ts';
import { projectWith, statementFixture } from '../statements/fixtures.ts';

export interface MemberSpec {
  id: string;
  baseURL: string;
  runs?: number;
  supportsN?: boolean;
  maxConcurrency?: number;
  languages?: string[];
}

export const memberConfig = (m: MemberSpec) => ({
  model: m.id,
  rpm: 600_000,
  tpm: 1e9,
  maxConcurrency: 4,
  languages: ['en', 'zh'],
  runs: 2,
  ...m,
});

/** A statements project (filtered statements in place) whose panel is `members`; removed after the test. */
export function statementsProject(
  statements: number,
  members: MemberSpec[],
  extra: Record<string, unknown> = {},
): { dir: string; open(): Workspace; setConfig(config: Record<string, unknown>): void } {
  const dir = projectWith(statementFixture(statements), { panel: members.map(memberConfig), ...extra });
  const opened: Workspace[] = [];
  onTestFinished(() => {
    for (const ws of opened) ws.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    open: () => {
      const ws = Workspace.open({ cwd: dir });
      opened.push(ws);
      return ws;
    },
    setConfig: (config) => writeFileSync(join(dir, 'normforge.config.json'), JSON.stringify(config)),
  };
}
