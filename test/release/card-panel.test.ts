import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { providerIdentity } from '../../src/llm/provider.ts';
import { RunLog } from '../../src/pipeline/runs.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';
import { PanelMemberSchema, type PanelMember } from '../../src/schemas/config.ts';
import { exportRelease } from '../../src/release/export.ts';
import type { StatementLabel } from '../../src/schemas/records.ts';
import { makeWorkspace, statementLabels, writeFinal } from './fixtures.ts';

/** Labels whose votes come from the given models, in English and Chinese, `runs` answers each. */
function labelsVotedBy(models: string[], runs: number): StatementLabel[] {
  return statementLabels({ simulated: false }).map((r) => ({
    ...r,
    models,
    votes: models.flatMap((model) =>
      ['en', 'zh'].map((language) => ({
        step: 'relevance' as const,
        model,
        language,
        answers: Array(runs).fill(true),
        vote: true,
      })),
    ),
  }));
}

/** The card's panel table as member id -> [model, languages, runs, temperature]. */
function panelRows(card: string): Map<string, string[]> {
  const lines = card.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| member |'));
  expect(start).toBeGreaterThan(-1);
  const out = new Map<string, string[]>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [id, ...rest] = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    out.set(id.replace(/`/g, ''), rest);
  }
  return out;
}

/** A judge-relevance run that recorded `members` in its provenance (what the runner records). */
function recordJudgeRun(ws: Workspace, members: Array<Record<string, unknown>>): void {
  const runs = new RunLog(ws.store);
  const id = runs.start('sociocultural-statements', 'judge-relevance', 'f', {
    version: 1,
    params: {},
    prompts: {},
    inputs: {},
  });
  runs.finish(id, 'ok', { provenance: { members } });
}

const recorded = (m: PanelMember) => ({
  id: m.id,
  model: m.model,
  provider: providerIdentity(m),
  temperature: m.temperature,
  runs: m.runs,
  languages: m.languages,
  structuredOutput: 'json_schema',
  reportedModels: [],
});

describe('card panel table', () => {
  it('describes the panel the judge run recorded (the default panel, simulated): four models, languages, runs, temperature', async () => {
    // The live config names another panel since: the card must not describe it.
    const { ws } = makeWorkspace({ panel: [{ id: 'other', model: 'other-model' }] });
    recordJudgeRun(ws, DEFAULT_PANEL.map(recorded));
    writeFinal(
      ws,
      'sociocultural-statements',
      labelsVotedBy(
        DEFAULT_PANEL.map((m) => m.id),
        5,
      ),
    );
    await exportRelease(ws, 'sociocultural-statements');
    const rows = panelRows(readFileSync(ws.path('release/sociocultural-statements/README.md'), 'utf8'));
    expect([...rows.keys()].sort()).toEqual(['deepseek-r1', 'gpt-4.1', 'llama-3-70b-instruct', 'qwen-2.5-72b']);
    for (const member of DEFAULT_PANEL) {
      expect(rows.get(member.id)).toEqual([`${member.model} (offline simulator)`, 'en, zh', '5', '1']);
    }
  });

  it('a real provider: versions and temperature as recorded, the model name the provider reported beside a different configured one; an unrecorded model is still listed', async () => {
    const { ws } = makeWorkspace();
    const judge = PanelMemberSchema.parse({
      id: 'judge-a',
      model: 'acme-judge-2025-01-01',
      baseURL: 'http://127.0.0.1:9/v1',
      languages: ['en'],
      runs: 3,
      temperature: 0.3,
    });
    recordJudgeRun(ws, [{ ...recorded(judge), reportedModels: ['acme-judge-2025-01-01'] }]);
    writeFinal(ws, 'sociocultural-statements', labelsVotedBy(['judge-a', 'retired-model'], 3));
    await exportRelease(ws, 'sociocultural-statements');
    const rows = panelRows(readFileSync(ws.path('release/sociocultural-statements/README.md'), 'utf8'));
    expect(rows.get('judge-a')).toEqual(['acme-judge-2025-01-01', 'en, zh', '3', '0.3']);
    expect(rows.get('retired-model')).toEqual(['retired-model', 'en, zh', '3', '-']);
  });
});
