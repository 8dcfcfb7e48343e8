import type { Dimension } from '../../schemas/records.ts';

/**
 * The simulator's per-model bias profiles, declared in one place so tests derive expected
 * tendencies from here instead of hard-coding numbers.
 */
export interface SimProfile {
  /** Tilt of the model's agreement toward each dimension's positive pole, in [-1, 1]. */
  hofstede: Record<Dimension, number>;
  /** Added to the probability of calling a (statement, dimension) pair relevant. */
  relevanceBias: number;
  /** Probability of choosing the culture-following option in PACT-style choices. */
  normFollowing: number;
  /** Probability that an answer ignores the world and is drawn uniformly. */
  noise: number;
}

const NEUTRAL: SimProfile = {
  hofstede: { PDI: 0, IDV: 0, MAS: 0, UAI: 0, LTO: 0, IND: 0 },
  relevanceBias: 0,
  normFollowing: 0.6,
  noise: 0.1,
};

export const SIM_PROFILES: Record<string, SimProfile> = {
  'gpt-4.1': { hofstede: { PDI: -0.5, IDV: 0.6, MAS: -0.2, UAI: -0.3, LTO: 0.2, IND: 0.4 }, relevanceBias: 0.05, normFollowing: 0.45, noise: 0.08 },
  'llama-3-70b-instruct': { hofstede: { PDI: -0.3, IDV: 0.4, MAS: 0.1, UAI: -0.2, LTO: 0.1, IND: 0.5 }, relevanceBias: 0.1, normFollowing: 0.55, noise: 0.12 },
  'deepseek-r1': { hofstede: { PDI: 0.6, IDV: -0.5, MAS: 0.2, UAI: 0.3, LTO: 0.6, IND: -0.4 }, relevanceBias: -0.05, normFollowing: 0.75, noise: 0.08 },
  'qwen-2.5-72b': { hofstede: { PDI: 0.4, IDV: -0.4, MAS: 0.1, UAI: 0.2, LTO: 0.5, IND: -0.3 }, relevanceBias: 0, normFollowing: 0.85, noise: 0.1 },
};

/** The profile of a model; unknown models get a neutral profile. */
export function simProfile(model: string): SimProfile {
  return SIM_PROFILES[model] ?? NEUTRAL;
}
