import { tagged, type SimTask } from '../task.ts';

const SOCIAL =
  /\b(people|guests?|hosts?|elders?|family|friends?|visitors?|greet\w*|polite|rude|expected|customary|should|offer\w*|invite\w*|respect\w*|shak\w*|bow\w*|gifts?|eat\w*|shar\w*|dress\w*|address\w*|thank\w*)\b/i;
const FACTUAL = /\b(\d{3,4}|population|located|capital|founded|century|border\w*|kilometres|km|official language)\b/i;

/** Judges a CultureAtlas assertion from its wording: facts and statements with nobody in them are dropped. */
export const pactUsableTask: SimTask = {
  name: 'pact-usable',
  answer(ctx) {
    const assertion = tagged(ctx.user, 'assertion');
    if (assertion === undefined) throw new Error('prompt has no <assertion> tag');
    let category: 'social-norm' | 'factual' | 'non-social' | 'non-actionable' = FACTUAL.test(assertion)
      ? 'factual'
      : SOCIAL.test(assertion)
        ? 'social-norm'
        : 'non-social';
    if (category === 'social-norm' && assertion.split(/\s+/).length < 5) category = 'non-actionable';
    if (ctx.rng() < ctx.profile.noise / 2) category = category === 'social-norm' ? 'non-actionable' : category;
    const reason =
      category === 'social-norm'
        ? '(simulated) describes an expected behaviour towards others'
        : `(simulated) reads as ${category}`;
    return { category, usable: category === 'social-norm', reason };
  },
};
