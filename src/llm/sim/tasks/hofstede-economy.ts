import { DimensionSchema } from '../../../schemas/records.ts';
import type { SimTask } from '../task.ts';
import { simPolarity } from './polarity.ts';
import { simRelevant, statementAndDimension } from './relevance.ts';

/** All six dimensions in one answer: relevance for each, and a score for the relevant ones. */
export const hofstedeEconomyTask: SimTask = {
  name: 'hofstede-economy',
  answer(ctx) {
    const { latent } = statementAndDimension(ctx);
    return Object.fromEntries(
      DimensionSchema.options.map((dim) => {
        const relevant = simRelevant(latent, dim, ctx.profile, ctx.rng);
        return [dim, { relevant, score: relevant ? simPolarity(latent, dim, ctx.profile, ctx.rng) : null }];
      }),
    );
  },
};
