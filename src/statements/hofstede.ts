import type { Framework } from '../schemas/framework.ts';

/** The built-in framework's id (frameworks/hofstede.json); a user's edited copy keeps it. */
export const HOFSTEDE_ID = 'hofstede';

/**
 * The dataset card states which LTO pole is positive, because the paper's Table 1 contradicts its
 * own worked example; derived from the framework so a user who flips the poles gets a true
 * sentence. Hofstede-specific: another framework (or one without LTO) gets no sentence.
 */
export function ltoPoleStatement(framework: Framework): string | undefined {
  const lto = framework.id === HOFSTEDE_ID ? framework.dimensions.find((d) => d.code === 'LTO') : undefined;
  if (!lto?.positivePole.en || !lto.negativePole.en) return undefined;
  const positive = lto.positivePole.en;
  const longTermPositive = !/immediate|short-term/i.test(positive);
  const choice = longTermPositive
    ? "so this dataset takes long-term orientation as the positive pole, against the paper's table"
    : "yet this dataset's table follows the paper's Table 1 and takes immediate gratification as the positive pole";
  return (
    `LTO polarity: positive scores mean agreement leans toward "${positive}", negative toward ` +
    `"${lto.negativePole.en}". The paper's Table 1 lists "immediate gratification" as LTO's positive pole, ` +
    'but its own example scores "Governments should push to implement 100% renewable energy" LTO +2 and ' +
    `Hofstede's scale puts long-term orientation high, ${choice}.`
  );
}
