import type { SimTask } from '../task.ts';
import { tagged } from '../task.ts';
import { simulatedTranslation } from '../world.ts';

/** Answers `translate` prompts with the marked simulated translation of the `<text>`. */
export const translateSimTask: SimTask = {
  name: 'translate',
  answer: ({ user }) => ({
    translation: simulatedTranslation(tagged(user, 'text') ?? '', tagged(user, 'target_language') ?? 'und'),
  }),
};
