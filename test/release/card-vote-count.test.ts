import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RunLog } from '../../src/pipeline/runs.ts';
import { exportRelease } from '../../src/release/export.ts';
import { makeWorkspace, statementLabels, writeFinal } from './fixtures.ts';

describe('the statements card names the vote count', () => {
  it('says which count the vote filter used, and that the paper left it unstated', async () => {
    for (const voteCount of ['discussion-total', 'thesis'] as const) {
      // What the scrape and filter runs recorded (provenance), whatever the config says today.
      const { ws } = makeWorkspace({
        sources: { kialo: { voteCount: voteCount === 'thesis' ? 'discussion-total' : 'thesis', minVotes: 9 } },
      });
      const runs = new RunLog(ws.store);
      for (const [stage, params] of [
        ['scrape-kialo', { baseUrl: 'https://www.kialo.com', voteCount }],
        ['filter-votes', { minVotes: 3 }],
      ] as const) {
        const id = runs.start('sociocultural-statements', stage, 'f', { version: 1, params, prompts: {}, inputs: {} });
        runs.finish(id, 'ok', { provenance: { params } });
      }
      writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false }));
      await exportRelease(ws, 'sociocultural-statements');
      const card = readFileSync(ws.path('release/sociocultural-statements/README.md'), 'utf8');
      expect(card).toContain(`at least 3 votes, counted as \`${voteCount}\``);
      expect(card).toContain(
        voteCount === 'thesis'
          ? 'the veracity votes on the thesis itself'
          : "every vote cast in the discussion (the statistics answer's total)",
      );
      expect(card).toContain(
        'The Sociocultural Statements paper drops "debates with a vote count of less than 3" without saying which count',
      );
      ws.close();
    }
  });
});
