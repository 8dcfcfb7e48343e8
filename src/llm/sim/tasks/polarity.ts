import type { SimProfile } from '../profiles.ts';
import type { SimTask } from '../task.ts';
import { tiltOn, type LatentStatement } from '../world.ts';
import { statementAndDimension } from './relevance.ts';

const SCALE = [-2, -1, 1, 2] as const;
export type PolarityScore = (typeof SCALE)[number];

/** How far (in scale points) a full tilt of +-1 pushes a model's answer. */
const TILT_POINTS = 1.5;

function nearestOnScale(x: number): PolarityScore {
  return SCALE.reduce((best, s) => (Math.abs(s - x) < Math.abs(best - x) ? s : best), SCALE[0]);
}

/** The latent pole, pushed by the model's cultural tilt and sampling jitter, snapped to the scale. */
export function simPolarity(
  latent: LatentStatement,
  dim: string,
  profile: SimProfile,
  rng: () => number,
): PolarityScore {
  if (rng() < profile.noise) return SCALE[Math.floor(rng() * SCALE.length)];
  const jitter = (rng() + rng() - 1) * 1.2;
  return nearestOnScale(latent.polarity(dim) + tiltOn(profile, dim) * TILT_POINTS + jitter);
}

export const polarityTask: SimTask = {
  name: 'polarity',
  answer(ctx) {
    const { latent, dim } = statementAndDimension(ctx);
    if (!dim) throw new Error('prompt has no <dimension> tag');
    return { score: simPolarity(latent, dim, ctx.profile, ctx.rng) };
  },
};
