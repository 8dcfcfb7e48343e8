import { existsSync } from 'node:fs';
import { z } from 'zod';
import { readJsonl, writeJsonl } from '../io/jsonl.ts';
import { defineStage } from './contract.ts';
import { KialoStatementSchema, type KialoStatement } from '../schemas/records.ts';
import { thesisKey } from '../scrapers/kialo/thesis-text.ts';
import { KIALO_RAW } from '../datasets/registry.ts';

export const KIALO_KEPT = 'data/interim/kialo-statements.jsonl';
/** Written by `normforge import kialo-export`: the statements of Kialo's own export files, votes unknown. */
const { statements: KIALO_STATEMENTS, imported: KIALO_IMPORTED } = KIALO_RAW;

const FilterVotesParams = z.strictObject({
  minVotes: z.number().int().min(0).default(3),
  /** Keep imported statements whose votes stay unknown (votes null) instead of dropping them. */
  keepUnknownVotes: z.boolean().default(false),
});

/** What the scrape tells about each discussion: its statements (by thesis text, and by id) and its discussion-wide vote count. */
interface Scraped {
  statementIds: Set<string>;
  /** Normalised thesis texts per discussion. */
  thesisKeys: Map<number, Set<string>>;
  /** Statements scraped without a thesis text: only their id can match. */
  idsWithoutText: Set<string>;
  discussionTotals: Map<number, number>;
}

async function readScraped(file: string): Promise<Scraped> {
  const scraped: Scraped = {
    statementIds: new Set(),
    thesisKeys: new Map(),
    idsWithoutText: new Set(),
    discussionTotals: new Map(),
  };
  for await (const s of readJsonl(file, KialoStatementSchema)) {
    scraped.statementIds.add(s.statement_id);
    const key = thesisKey(s.thesis);
    if (key) scraped.thesisKeys.set(s.discussion_id, (scraped.thesisKeys.get(s.discussion_id) ?? new Set()).add(key));
    else scraped.idsWithoutText.add(s.statement_id);
    if (s.vote_count_kind === 'discussion-total' && s.votes !== null)
      scraped.discussionTotals.set(s.discussion_id, s.votes);
  }
  return scraped;
}

/**
 * Whether the scrape already has this imported thesis: same discussion and same thesis text
 * (whitespace, case and markdown links aside). The `#k` of a multi-thesis id counts theses in export
 * order on one side and claim order on the other, which need not agree, so the id decides only when
 * a text is missing.
 */
function alreadyScraped(s: KialoStatement, scraped: Scraped): boolean {
  const key = thesisKey(s.thesis);
  if (!key || scraped.idsWithoutText.has(s.statement_id)) return scraped.statementIds.has(s.statement_id);
  return scraped.thesisKeys.get(s.discussion_id)?.has(key) ?? false;
}

/**
 * An imported statement takes its discussion's vote count from the scrape when the counts are of
 * the same kind. Only a discussion total transfers: a thesis count belongs to one thesis, and a
 * statement scraped itself never reaches here (the scraped record wins).
 */
function votesFromScrape(s: KialoStatement, scraped: Scraped): number | null {
  if (s.votes !== null || s.vote_count_kind !== 'discussion-total') return s.votes;
  return scraped.discussionTotals.get(s.discussion_id) ?? null;
}

/**
 * Keeps statements with at least `minVotes` votes (the paper drops debates with fewer than 3).
 * Scraped statements come first; statements imported from Kialo exports (optional input
 * `data/raw/kialo/imported.jsonl`) follow, minus those the scrape also has (same discussion and
 * thesis text; the scraped record wins) and minus those whose id the scrape gives another thesis
 * (`imported_id_conflicts`). An imported statement has no votes of its own: it takes the discussion total of the same
 * discussion when that discussion was scraped with the same `vote_count_kind`; otherwise its votes
 * stay unknown and it is dropped and counted as `dropped_votes_unknown` (unless `keepUnknownVotes`,
 * which keeps it with votes null): an unknown count is not evidence of enough votes.
 */
export const filterVotes = defineStage({
  name: 'filter-votes',
  description:
    'keep Kialo statements with >= minVotes votes; imported export statements (?data/raw/kialo/imported.jsonl) are merged, deduplicated against the scrape by discussion and normalised thesis text (scraped wins; an unmatched import whose id the scrape uses is dropped as imported_id_conflicts), take the vote count of their scraped discussion (same vote_count_kind), and otherwise are dropped as dropped_votes_unknown unless keepUnknownVotes',
  version: 3,
  inputs: [KIALO_STATEMENTS, `?${KIALO_IMPORTED}`],
  outputs: [KIALO_KEPT],
  params: FilterVotesParams,
  paramsFromConfig: (config) => ({ minVotes: config.sources.kialo.minVotes }),
  async run(ctx) {
    const { minVotes, keepUnknownVotes } = ctx.params;
    const counts = {
      seen: 0,
      kept: 0,
      dropped: 0,
      dropped_votes_unknown: 0,
      imported_seen: 0,
      imported_duplicates: 0,
      imported_id_conflicts: 0,
      imported_votes_from_scrape: 0,
      kept_votes_unknown: 0,
    };
    const kinds = new Set<string>();
    const scrapedFile = ctx.input(KIALO_STATEMENTS);
    const importedFile = ctx.input(`?${KIALO_IMPORTED}`);
    const scraped = existsSync(importedFile) ? await readScraped(scrapedFile) : undefined;

    const decide = (s: KialoStatement): KialoStatement | undefined => {
      counts.seen++;
      kinds.add(s.vote_count_kind);
      if (s.votes === null && keepUnknownVotes) {
        counts.kept++;
        counts.kept_votes_unknown++;
        return s;
      }
      if (s.votes !== null && s.votes >= minVotes) {
        counts.kept++;
        return s;
      }
      counts.dropped++;
      if (s.votes === null) counts.dropped_votes_unknown++;
      return undefined;
    };

    async function* kept(): AsyncGenerator<KialoStatement> {
      for await (const s of readJsonl(scrapedFile, KialoStatementSchema)) {
        const out = decide(s);
        if (out) yield out;
      }
      if (!scraped) return;
      for await (const s of readJsonl(importedFile, KialoStatementSchema)) {
        counts.imported_seen++;
        if (alreadyScraped(s, scraped)) {
          counts.imported_duplicates++;
          continue;
        }
        if (scraped.statementIds.has(s.statement_id)) {
          // A thesis the scrape does not have (edited or deleted on the site since the export) under an id the scrape uses: ids stay unique.
          counts.imported_id_conflicts++;
          ctx.log.warn(
            `imported statement ${s.statement_id} ("${s.thesis}") is not among the scraped theses of discussion ${s.discussion_id}, whose statement ${s.statement_id} is another thesis: dropped`,
          );
          continue;
        }
        const votes = votesFromScrape(s, scraped);
        if (votes !== s.votes) counts.imported_votes_from_scrape++;
        const out = decide({ ...s, votes });
        if (out) yield out;
      }
    }

    await writeJsonl(ctx.output(KIALO_KEPT), kept());
    ctx.log.info(
      `kept ${counts.kept} of ${counts.seen} statements with >= ${minVotes} votes (${[...kinds].join(', ') || 'no'} counts); ` +
        `${counts.imported_seen} imported, ${counts.imported_duplicates} of them already scraped, ${counts.dropped_votes_unknown} dropped with unknown votes`,
    );
    return { counts, summary: { minVotes, keepUnknownVotes, vote_count_kinds: [...kinds] } };
  },
});
