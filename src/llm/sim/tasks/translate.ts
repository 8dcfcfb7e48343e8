import type { SimTask } from '../task.ts';
import { tagged } from '../task.ts';
import { simulatedMistranslation, simulatedTranslation } from '../world.ts';

/**
 * Answers `translate` prompts with the marked simulated translation of the `<text>` (a marked text
 * translates back to its original), or, with the `mistranslate` fault's probability, with a
 * translation that stops short.
 */
export const translateSimTask: SimTask = {
  name: 'translate',
  answer: ({ user, rng, faults }) => {
    const text = tagged(user, 'text') ?? '';
    const language = tagged(user, 'target_language') ?? 'und';
    const mistranslated = rng() < (faults?.mistranslate ?? 0);
    return { translation: (mistranslated ? simulatedMistranslation : simulatedTranslation)(text, language) };
  },
};
