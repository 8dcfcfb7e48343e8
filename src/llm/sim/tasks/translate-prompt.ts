import type { SimTask } from '../task.ts';
import { tagged } from '../task.ts';
import { simulatedTranslation } from '../world.ts';

/**
 * Answers `translate-prompt` (a prompt template or a dimension text into another language) with
 * the marked simulated translation: the text itself behind `[<lang>]`, so every placeholder, tag
 * and `---user---` line survives and a pipeline in that language runs offline, while the text
 * stays recognisably simulated.
 */
export const translatePromptSimTask: SimTask = {
  name: 'translate-prompt',
  answer: ({ user }) => ({
    translation: simulatedTranslation(tagged(user, 'template') ?? '', tagged(user, 'target_language') ?? 'und'),
  }),
};
