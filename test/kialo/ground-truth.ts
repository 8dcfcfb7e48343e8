import { histogramTotal, thesesOf, type ReplicaDiscussion } from '../../src/scrapers/kialo/replica/data.ts';

/** The thesis as a statement, written out here rather than borrowed from the code under test: no `[n]` marker, no zero-width character. */
const statementText = (text: string) =>
  text
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\s*\[\d+\]/g, '')
    .trim();

/** What a correct scrape of a replica discussion yields, computed straight from its data file. */
export function expectedStatements(d: ReplicaDiscussion, kind: 'discussion-total' | 'participants' | 'thesis') {
  const total = d.nodes.reduce((n, x) => n + histogramTotal(x.votes), 0);
  const theses = thesesOf(d);
  return theses.map((t, i) => ({
    statement_id: d.isMultipleChoice ? `${d.id}#${i + 1}` : String(d.id),
    discussion_id: d.id,
    title: d.title,
    thesis: statementText(t.text!),
    thesis_claim_id: `${d.id}.${t.n}`,
    language: d.language,
    topics: d.tags,
    sources: [],
    votes: kind === 'thesis' ? histogramTotal(t.votes) : kind === 'participants' ? d.participants.length : total,
    vote_count_kind: kind,
    source: 'scrape',
  }));
}

/** Discussions a scrape gives statements for: all but the deleted one (the changed layout only matters to the rendered cross-check). */
export const scrapable = (all: ReplicaDiscussion[]) => all.filter((d) => d.behaviour !== 'gone');
