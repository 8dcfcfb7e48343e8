import type { SimProfile } from '../profiles.ts';
import { tagged, type SimTask, type SimTaskContext } from '../task.ts';
import { latentStatement, type LatentStatement } from '../world.ts';

/**
 * Latent relevance is uniform in [0, 1]; a steep ramp around 0.6 makes roughly a third of the
 * pairs relevant, with a band of borderline pairs where models (and their biases) disagree.
 */
const RAMP_CENTRE = 0.6;
const RAMP_SLOPE = 5;

export function simRelevant(latent: LatentStatement, dim: string, profile: SimProfile, rng: () => number): boolean {
  if (rng() < profile.noise) return rng() < 0.5;
  const p = 0.5 + (latent.relevance(dim) - RAMP_CENTRE) * RAMP_SLOPE + profile.relevanceBias;
  return rng() < Math.min(1, Math.max(0, p));
}

/**
 * The statement and dimension a value-framework prompt asks about (any framework's code, as the
 * `<dimension>` tag gives it); throws when the prompt lacks the statement.
 */
export function statementAndDimension(ctx: SimTaskContext): { latent: LatentStatement; dim?: string } {
  const statement = tagged(ctx.user, 'statement');
  if (statement === undefined) throw new Error('prompt has no <statement> tag');
  return { latent: latentStatement(statement), dim: tagged(ctx.user, 'dimension') };
}

export const relevanceTask: SimTask = {
  name: 'relevance',
  answer(ctx) {
    const { latent, dim } = statementAndDimension(ctx);
    if (!dim) throw new Error('prompt has no <dimension> tag');
    return { relevant: simRelevant(latent, dim, ctx.profile, ctx.rng) };
  },
};
