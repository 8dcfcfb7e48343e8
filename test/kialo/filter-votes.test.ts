import { describe, expect, it } from 'vitest';
import { readJsonlAll, writeJsonl } from '../../src/io/jsonl.ts';
import { KialoStatementSchema, type KialoStatement } from '../../src/schemas/records.ts';
import { filterVotes } from '../../src/stages/filter-votes.ts';
import { runStage, tempWorkspace } from './helpers.ts';

const statement = (
  id: string,
  votes: number | null,
  kind: KialoStatement['vote_count_kind'] = 'discussion-total',
): KialoStatement => ({
  statement_id: id,
  discussion_id: Number(id.split('#')[0]),
  url: `https://www.kialo.com/x-${id}`,
  title: 't',
  thesis: `thesis ${id}`,
  thesis_claim_id: null,
  language: 'en',
  votes,
  vote_count_kind: kind,
  topics: [],
  sources: [],
  scraped_at: '2025-01-01T00:00:00Z',
  html_path: null,
  source: votes === null ? 'export' : 'scrape',
});
const exported = (
  id: string,
  kind: KialoStatement['vote_count_kind'] = 'discussion-total',
  thesis = `exported thesis ${id}`,
): KialoStatement => ({ ...statement(id, null, kind), thesis, language: null });

/**
 * Discussion 4's export numbers its theses in another order than the scrape's claim order and still
 * has a thesis deleted on the site since; discussion 8 was scraped without a thesis text.
 */
async function withImports(params: { keepUnknownVotes?: boolean }) {
  const ws = tempWorkspace();
  await writeJsonl(ws.path('data/raw/kialo/statements.jsonl'), [
    statement('1', 5),
    statement('2', 1),
    statement('4#1', 4),
    statement('4#2', 4),
    statement('5', 9, 'thesis'),
    { ...statement('8#1', 6), thesis: '' },
  ]);
  await writeJsonl(ws.path('data/raw/kialo/imported.jsonl'), [
    exported('1', 'discussion-total', '  THESIS   [1](https://www.kialo.com/x-1)\n'),
    exported('2#3'),
    exported('4#1', 'discussion-total', 'thesis 4#2'),
    exported('4#2', 'discussion-total', 'a thesis deleted since'),
    exported('4#3', 'discussion-total', 'Thesis 4#1'),
    exported('4#4'),
    exported('5#2', 'thesis'),
    exported('6', 'thesis'),
    exported('7'),
    exported('8#1'),
    exported('8#2'),
  ]);
  const result = await runStage(filterVotes, ws, { minVotes: 3, ...params });
  const kept = await readJsonlAll(ws.path('data/interim/kialo-statements.jsonl'), KialoStatementSchema);
  ws.close();
  return { result, kept };
}

describe('filter-votes', () => {
  it('keeps exactly the statements with >= minVotes votes and drops unknown counts', async () => {
    const ws = tempWorkspace();
    await writeJsonl(ws.path('data/raw/kialo/statements.jsonl'), [
      statement('1', 0),
      statement('2', 2),
      statement('3', 3),
      statement('4#1', 4),
      statement('4#2', 4),
      statement('5', 120),
      statement('6', null),
    ]);
    const result = await runStage(filterVotes, ws, { minVotes: 3 });
    const kept = await readJsonlAll(ws.path('data/interim/kialo-statements.jsonl'), KialoStatementSchema);
    expect(kept.map((s) => s.statement_id)).toEqual(['3', '4#1', '4#2', '5']);
    expect(result.counts).toMatchObject({ seen: 7, kept: 4, dropped: 3, dropped_votes_unknown: 1, imported_seen: 0 });
    ws.close();
  });

  it('merges imported export statements: one thesis is one statement whatever its number in the export, scraped wins, imports take their scraped discussion total, unknown votes are dropped', async () => {
    expect(filterVotes.inputs).toContain('?data/raw/kialo/imported.jsonl');
    const { result, kept } = await withImports({});
    expect(kept.map((s) => [s.statement_id, s.votes, s.source])).toEqual([
      ['1', 5, 'scrape'],
      ['4#1', 4, 'scrape'],
      ['4#2', 4, 'scrape'],
      ['5', 9, 'scrape'],
      ['8#1', 6, 'scrape'],
      ['4#4', 4, 'export'],
      ['8#2', 6, 'export'],
    ]);
    expect(kept.find((s) => s.statement_id === '4#4')?.thesis).toBe('exported thesis 4#4');
    // '1', '4#1' and '4#3' match scraped theses by text; '8#1' by id (no scraped text); '4#2' is a thesis the scrape lacks under an id it uses.
    // '2#3' takes discussion 2's total (1 < 3); '5#2' and '6' count theses, which do not transfer; '7' was never scraped.
    expect(result.counts).toEqual({
      seen: 12,
      kept: 7,
      dropped: 5,
      dropped_votes_unknown: 3,
      imported_seen: 11,
      imported_duplicates: 4,
      imported_id_conflicts: 1,
      imported_votes_from_scrape: 3,
      kept_votes_unknown: 0,
    });
  });

  it('keepUnknownVotes keeps imported statements whose votes stay unknown, with votes null', async () => {
    const { result, kept } = await withImports({ keepUnknownVotes: true });
    expect(kept.filter((s) => s.votes === null).map((s) => s.statement_id)).toEqual(['5#2', '6', '7']);
    expect(result.counts).toMatchObject({ kept: 10, dropped: 2, dropped_votes_unknown: 0, kept_votes_unknown: 3 });
  });

  it('takes minVotes from sources.kialo.minVotes in the config', () => {
    const ws = tempWorkspace();
    expect(
      filterVotes.paramsFromConfig?.({
        ...ws.config,
        sources: { ...ws.config.sources, kialo: { ...ws.config.sources.kialo, minVotes: 7 } },
      }),
    ).toEqual({ minVotes: 7 });
  });
});
