import { z } from 'zod';
import { readJsonl, writeJsonl } from '../io/jsonl.ts';
import { defineStage } from '../pipeline/stage.ts';
import { KialoStatementSchema, type KialoStatement } from '../schemas/records.ts';
import { KIALO_STATEMENTS } from './scrape-kialo.ts';

export const KIALO_KEPT = 'data/interim/kialo-statements.jsonl';

/**
 * Keeps statements with at least `minVotes` votes (the paper drops debates with fewer than 3).
 * A statement with unknown votes (imported from an export, never scraped) is dropped and counted
 * apart: an unknown count is not evidence of enough votes.
 */
export const filterVotes = defineStage({
  name: 'filter-votes',
  description: 'drop Kialo statements with fewer than minVotes votes',
  version: 1,
  inputs: [KIALO_STATEMENTS],
  outputs: [KIALO_KEPT],
  params: z.object({ minVotes: z.number().int().min(0).default(3) }),
  paramsFromConfig: (config) => ({ minVotes: config.sources.kialo.minVotes }),
  async run(ctx) {
    const counts = { seen: 0, kept: 0, dropped: 0, dropped_votes_unknown: 0 };
    const kinds = new Set<string>();
    async function* kept(): AsyncGenerator<KialoStatement> {
      for await (const s of readJsonl(ctx.input(KIALO_STATEMENTS), KialoStatementSchema)) {
        counts.seen++;
        kinds.add(s.vote_count_kind);
        if (s.votes !== null && s.votes >= ctx.params.minVotes) {
          counts.kept++;
          yield s;
          continue;
        }
        counts.dropped++;
        if (s.votes === null) counts.dropped_votes_unknown++;
      }
    }
    await writeJsonl(ctx.output(KIALO_KEPT), kept());
    ctx.log.info(`kept ${counts.kept} of ${counts.seen} statements with >= ${ctx.params.minVotes} votes (${[...kinds].join(', ') || 'no'} counts)`);
    return { counts, summary: { minVotes: ctx.params.minVotes, vote_count_kinds: [...kinds] } };
  },
});
