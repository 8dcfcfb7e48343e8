import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RunLog } from '../../src/pipeline/runs.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';
import { exportRelease } from '../../src/release/export.ts';
import { makeWorkspace, pactInstances, statementLabels, writeFinal } from '../release/fixtures.ts';

/** A finished run as the runner records it, with the params it ran with in its provenance. */
function recordRun(
  ws: Workspace,
  stage: string,
  params: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): void {
  const runs = new RunLog(ws.store);
  const id = runs.start('sociocultural-statements', stage, 'f', { version: 1, params, prompts: {}, inputs: {} });
  runs.finish(id, 'ok', { provenance: { stage, params, ...extra } });
}

describe('cards describe the runs that produced the data, not the live config', () => {
  it('the statements card states the vote rule the filter ran with, after the config changed', async () => {
    // The config says 7 votes and a thesis count today; the data was built with 3 and discussion totals.
    const { ws } = makeWorkspace({
      sources: { kialo: { minVotes: 7, voteCount: 'thesis', baseUrl: 'http://127.0.0.1:1' } },
    });
    recordRun(ws, 'scrape-kialo', { baseUrl: 'https://www.kialo.com', voteCount: 'discussion-total' });
    recordRun(ws, 'filter-votes', { minVotes: 3, keepUnknownVotes: false });
    writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false }));
    await exportRelease(ws, 'sociocultural-statements');
    const card = readFileSync(ws.path('release/sociocultural-statements/README.md'), 'utf8');
    expect(card).toContain('at least 3 votes');
    expect(card).toContain('`discussion-total`');
    expect(card).toContain('https://www.kialo.com');
    expect(card).not.toContain('at least 7 votes');
    expect(card).not.toContain('127.0.0.1:1');
  });

  it('the PACT card states the decision rule the validation run recorded', async () => {
    const { ws } = makeWorkspace();
    recordRun(
      ws,
      'validate-items',
      { judges: ['a'], runs: 3 },
      {
        rule: 'kept when two of three samples agree (the rule this run applied)',
        failuresAccepted: { failed: 6, samples: 18, rate: 1 / 3, limit: 0.5 },
      },
    );
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    const card = readFileSync(ws.path('release/pact/README.md'), 'utf8');
    expect(card).toContain('kept when two of three samples agree (the rule this run applied)');
    expect(card).toContain(
      '`validate-items`: 6 of 18 LLM samples failed (33.3%) and were accepted (`--accept-failures 0.5`)',
    );
  });
});
