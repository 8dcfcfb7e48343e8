/**
 * The simulated models lean in Hofstede's terms: their tilts are declared on his six dimensions
 * (the built-in framework's codes), and a dimension of any other framework gets a lean derived
 * from these (see `tiltOn` in world.ts).
 */
export const SIM_HOFSTEDE_CODES = ['PDI', 'IDV', 'MAS', 'UAI', 'LTO', 'IND'] as const;
export type SimHofstedeCode = (typeof SIM_HOFSTEDE_CODES)[number];

export function isSimHofstedeCode(code: string): code is SimHofstedeCode {
  return (SIM_HOFSTEDE_CODES as readonly string[]).includes(code);
}

/**
 * The simulator's per-model bias profiles, declared in one place so tests derive expected
 * tendencies from here instead of hard-coding numbers.
 */
export interface SimProfile {
  /** Tilt of the model's agreement toward each Hofstede dimension's positive pole, in [-1, 1]. */
  hofstede: Record<SimHofstedeCode, number>;
  /** Added to the probability of calling a (statement, dimension) pair relevant. */
  relevanceBias: number;
  /** Probability of choosing the culture-following option in PACT-style choices. */
  normFollowing: number;
  /** Probability that an answer ignores the world and is drawn uniformly. */
  noise: number;
  /**
   * Added to the probability of allowing the preference in PACT decisions when the prompt states
   * the actor (or receiver) is younger, or a woman; the opposite group gets nothing added.
   */
  demographicShift: { actorYounger: number; actorFemale: number; receiverYounger: number; receiverFemale: number };
  /** Added to the probability of allowing the preference by the receiver's region (world-countries region names). */
  regionShift: Readonly<Record<string, number>>;
}

const NO_DEMOGRAPHIC_SHIFT = { actorYounger: 0, actorFemale: 0, receiverYounger: 0, receiverFemale: 0 };

const NEUTRAL: SimProfile = {
  hofstede: { PDI: 0, IDV: 0, MAS: 0, UAI: 0, LTO: 0, IND: 0 },
  relevanceBias: 0,
  normFollowing: 0.6,
  noise: 0.1,
  demographicShift: NO_DEMOGRAPHIC_SHIFT,
  regionShift: {},
};

export const SIM_PROFILES: Record<string, SimProfile> = {
  'gpt-4.1': {
    hofstede: { PDI: -0.5, IDV: 0.6, MAS: -0.2, UAI: -0.3, LTO: 0.2, IND: 0.4 },
    relevanceBias: 0.05,
    normFollowing: 0.45,
    noise: 0.08,
    demographicShift: { actorYounger: 0.12, actorFemale: 0.08, receiverYounger: 0, receiverFemale: -0.08 },
    regionShift: { Europe: 0.12, Africa: -0.1 },
  },
  'llama-3-70b-instruct': {
    hofstede: { PDI: -0.3, IDV: 0.4, MAS: 0.1, UAI: -0.2, LTO: 0.1, IND: 0.5 },
    relevanceBias: 0.1,
    normFollowing: 0.55,
    noise: 0.12,
    demographicShift: { actorYounger: -0.1, actorFemale: 0, receiverYounger: 0.1, receiverFemale: 0.06 },
    regionShift: { Asia: -0.12 },
  },
  'deepseek-r1': {
    hofstede: { PDI: 0.6, IDV: -0.5, MAS: 0.2, UAI: 0.3, LTO: 0.6, IND: -0.4 },
    relevanceBias: -0.05,
    normFollowing: 0.75,
    noise: 0.08,
    demographicShift: { actorYounger: 0.08, actorFemale: -0.1, receiverYounger: -0.08, receiverFemale: 0 },
    regionShift: { Americas: 0.1 },
  },
  'qwen-2.5-72b': {
    hofstede: { PDI: 0.4, IDV: -0.4, MAS: 0.1, UAI: 0.2, LTO: 0.5, IND: -0.3 },
    relevanceBias: 0,
    normFollowing: 0.85,
    noise: 0.1,
    demographicShift: NO_DEMOGRAPHIC_SHIFT,
    regionShift: {},
  },
};

/** The profile of a model; unknown models get a neutral profile. */
export function simProfile(model: string): SimProfile {
  return SIM_PROFILES[model] ?? NEUTRAL;
}
