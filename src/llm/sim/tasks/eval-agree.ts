import { tagged, type SimTask } from '../task.ts';
import { latentStatement, type LatentStatement } from '../world.ts';
import { SIM_HOFSTEDE_CODES, type SimProfile } from '../profiles.ts';

/** How sharply the model's cultural lean turns into agreement (logistic slope). */
const LEAN_SLOPE = 4;

/**
 * The model's lean on a statement: its tilt on each dimension times where agreeing falls on that
 * dimension, weighted by how strongly the statement bears on it (cubed, so the dimensions a
 * statement is really about dominate, as they do for the panel's relevance judgements).
 */
export function agreementLean(latent: LatentStatement, profile: SimProfile): number {
  return SIM_HOFSTEDE_CODES.reduce(
    (sum, d) => sum + profile.hofstede[d] * latent.relevance(d) ** 3 * (latent.polarity(d) / 2),
    0,
  );
}

export function simAgrees(latent: LatentStatement, profile: SimProfile, rng: () => number): boolean {
  if (rng() < profile.noise) return rng() < 0.5;
  return rng() < 1 / (1 + Math.exp(-LEAN_SLOPE * agreementLean(latent, profile)));
}

export const evalAgreeTask: SimTask = {
  name: 'eval-agree',
  answer(ctx) {
    const statement = tagged(ctx.user, 'statement');
    if (statement === undefined) throw new Error('prompt has no <statement> tag');
    const agree = simAgrees(latentStatement(statement), ctx.profile, ctx.rng);
    return {
      arguments_for: '(simulated) reasons a person might hold this view',
      arguments_against: '(simulated) reasons a person might reject it',
      answer: agree ? 'agree' : 'disagree',
    };
  },
};
