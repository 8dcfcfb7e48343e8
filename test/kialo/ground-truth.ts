import { histogramTotal, thesesOf, type ReplicaDiscussion } from '../../src/scrapers/kialo/replica/data.ts';

/** What a correct scrape of a replica discussion yields, computed straight from its data file. */
export function expectedStatements(d: ReplicaDiscussion, kind: 'discussion-total' | 'thesis') {
  const total = d.nodes.reduce((n, x) => n + histogramTotal(x.votes), 0);
  const theses = thesesOf(d);
  return theses.map((t, i) => ({
    statement_id: d.isMultipleChoice ? `${d.id}#${i + 1}` : String(d.id),
    discussion_id: d.id,
    title: d.title,
    thesis: t.text,
    thesis_claim_id: `${d.id}.${t.n}`,
    language: d.language,
    topics: d.tags,
    votes: kind === 'thesis' ? histogramTotal(t.votes) : total,
    vote_count_kind: kind,
    source: 'scrape',
  }));
}

export const scrapable = (all: ReplicaDiscussion[]) => all.filter((d) => d.behaviour === 'normal' || d.behaviour === 'rate-limit-once');
