import { tagged, type SimTask } from '../task.ts';

type PreferenceType = 'convenience' | 'habit' | 'value-style';

const MOTIVES: Record<PreferenceType, string[]> = {
  convenience: ['because it is quicker and less effort for them', 'to save time on a busy day', 'because it is simply easier for them'],
  habit: ['because that is what they are used to doing', 'out of a long-standing personal routine', 'because it is how they always do it'],
  'value-style': ['because it fits their own sense of how to live', 'because they value keeping things informal', 'because it matches their personal style'],
};

/** "It is polite to greet elders first." → "greet elders first": the action a norm asks for, roughly. */
function actionOf(norm: string): string {
  const text = norm.replace(/[.!]+$/, '').trim();
  const m = /(?:it is (?:\w+ )*?(?:to|that)|people (?:should|are expected to|usually|often|tend to)|one should|you should|guests? (?:should|are expected to))\s+(.*)$/i.exec(text);
  const action = (m?.[1] ?? text).trim();
  return action.charAt(0).toLowerCase() + action.slice(1);
}

/** Writes a plausible item from the norm in the prompt, in the type the prompt asks for. */
export const pactGenerateTask: SimTask = {
  name: 'pact-generate',
  answer(ctx) {
    const norm = tagged(ctx.user, 'norm');
    const country = tagged(ctx.user, 'country_name') ?? 'this country';
    if (norm === undefined) throw new Error('prompt has no <norm> tag');
    const target = (tagged(ctx.user, 'target_type') ?? 'habit') as PreferenceType;
    const type: PreferenceType = ctx.rng() < ctx.profile.noise / 2 ? (['convenience', 'habit', 'value-style'] as const)[Math.floor(ctx.rng() * 3)] : target;
    const motive = MOTIVES[type][Math.floor(ctx.rng() * MOTIVES[type].length)];
    const action = actionOf(norm);
    return {
      scenario: `The actor and the receiver meet in ${country} in a situation where a local custom applies: ${norm.replace(/[.!]*$/, '.')} The actor has to decide how to act, and both ways are open to them.`,
      cultural_expectation: `The actor is expected to ${action}.`,
      personal_preference: `The actor would rather not ${action}, ${motive}.`,
      preference_type: type,
      follow_culture_option: `The actor chooses to ${action}.`,
      allow_preference_option: `The actor chooses not to ${action}, ${motive}.`,
    };
  },
};
