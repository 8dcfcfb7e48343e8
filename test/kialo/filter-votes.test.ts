import { describe, expect, it } from 'vitest';
import { readJsonlAll, writeJsonl } from '../../src/io/jsonl.ts';
import { KialoStatementSchema, type KialoStatement } from '../../src/schemas/records.ts';
import { filterVotes } from '../../src/stages/filter-votes.ts';
import { runStage, tempWorkspace } from './helpers.ts';

const statement = (id: string, votes: number | null): KialoStatement => ({
  statement_id: id, discussion_id: Number(id.split('.')[0]), url: `https://www.kialo.com/x-${id}`, title: 't', thesis: `thesis ${id}`, thesis_claim_id: null,
  language: 'en', votes, vote_count_kind: 'discussion-total', topics: [], scraped_at: '2025-01-01T00:00:00Z', html_path: null, source: votes === null ? 'export' : 'scrape',
});

describe('filter-votes', () => {
  it('keeps exactly the statements with >= minVotes votes and drops unknown counts', async () => {
    const ws = tempWorkspace();
    await writeJsonl(ws.path('data/raw/kialo/statements.jsonl'), [statement('1', 0), statement('2', 2), statement('3', 3), statement('4.1', 4), statement('4.2', 4), statement('5', 120), statement('6', null)]);
    const result = await runStage(filterVotes, ws, { minVotes: 3 });
    const kept = await readJsonlAll(ws.path('data/interim/kialo-statements.jsonl'), KialoStatementSchema);
    expect(kept.map((s) => s.statement_id)).toEqual(['3', '4.1', '4.2', '5']);
    expect(result.counts).toEqual({ seen: 7, kept: 4, dropped: 3, dropped_votes_unknown: 1 });
    ws.close();
  });

  it('takes minVotes from sources.kialo.minVotes in the config', () => {
    const ws = tempWorkspace();
    expect(filterVotes.paramsFromConfig?.({ ...ws.config, sources: { ...ws.config.sources, kialo: { ...ws.config.sources.kialo, minVotes: 7 } } })).toEqual({ minVotes: 7 });
  });
});
