import { tagged, type SimTask } from '../task.ts';

type PreferenceType = 'convenience' | 'habit' | 'value-style';

const MOTIVES: Record<PreferenceType, string[]> = {
  convenience: [
    'because it is quicker and less effort for them',
    'to save time on a busy day',
    'because it is simply easier for them',
  ],
  habit: [
    'because that is what they are used to doing',
    'out of a long-standing personal routine',
    'because it is how they always do it',
  ],
  'value-style': [
    'because it fits their own sense of how to live',
    'because they value keeping things informal',
    'because it matches their personal style',
  ],
};

/**
 * Where a norm's action starts: after the first modal of its subject ("Guests in Iran are expected
 * to", "In Laos, younger people should", "It is polite not to", "people usually"). Searched
 * anywhere in the sentence, so a subject of any length ends up outside the action.
 */
const MODAL =
  /\b(?:(?:it|this) is (?:\w+ )*?(?<itNot>not )?to|(?:is|are) (?:usually |generally )?expected (?<expNot>not )?to|should(?<shouldNot> not)?|must(?<mustNot> not)?|ought (?<oughtNot>not )?to|(?:usually|often|generally|typically|tend to|tends to))\s+/i;

/** The norm's addressee becomes the one actor: "before you begin" → "before they begin", "greet each other" → "greet others". */
function thirdPerson(text: string): string {
  return text
    .replace(/\beach other\b/gi, 'others')
    .replace(/\byourself\b/gi, 'themselves')
    .replace(/\byour\b/gi, 'their')
    .replace(/\byou\b/gi, 'they');
}

interface NormAction {
  /** Verb phrase of what the norm asks, without "to" ("politely refuse an offer of food"). */
  phrase: string;
  /** The norm asks *not* to do `phrase` ("It is polite not to open a gift ..."). */
  negated: boolean;
}

/** The action a norm asks for; a norm without a recognisable modal is followed as a whole custom. */
export function actionOf(norm: string): NormAction {
  const text = thirdPerson(norm.replace(/[.!]+$/, '').trim());
  const m = MODAL.exec(text);
  if (!m) return { phrase: `follow the local custom ("${text}")`, negated: false };
  const negated = Object.values(m.groups ?? {}).some(Boolean);
  const phrase = text.slice(m.index + m[0].length).trim();
  return { phrase: phrase.charAt(0).toLowerCase() + phrase.slice(1), negated };
}

/** "to do X" or "not to do X": the norm's action, or its opposite when `opposite`. */
const infinitive = (a: NormAction, opposite = false) =>
  a.negated !== opposite ? `not to ${a.phrase}` : `to ${a.phrase}`;
/** After "would rather": the bare form, "do X" or "not do X". */
const bare = (a: NormAction, opposite = false) => (a.negated !== opposite ? `not ${a.phrase}` : a.phrase);

/** Writes a plausible item from the norm in the prompt, in the type the prompt asks for. */
export const pactGenerateTask: SimTask = {
  name: 'pact-generate',
  answer(ctx) {
    const norm = tagged(ctx.user, 'norm');
    const country = tagged(ctx.user, 'country_name') ?? 'this country';
    if (norm === undefined) throw new Error('prompt has no <norm> tag');
    const target = (tagged(ctx.user, 'target_type') ?? 'habit') as PreferenceType;
    const type: PreferenceType =
      ctx.rng() < ctx.profile.noise / 2
        ? (['convenience', 'habit', 'value-style'] as const)[Math.floor(ctx.rng() * 3)]
        : target;
    const motive = MOTIVES[type][Math.floor(ctx.rng() * MOTIVES[type].length)];
    const action = actionOf(norm);
    return {
      scenario: `The actor and the receiver meet in ${country} in a situation where a local custom applies: ${norm.replace(/[.!]*$/, '.')} The actor has to decide how to act, and both ways are open to them.`,
      cultural_expectation: `The actor is expected ${infinitive(action)}.`,
      personal_preference: `The actor would rather ${bare(action, true)}, ${motive}.`,
      preference_type: type,
      follow_culture_option: `The actor chooses ${infinitive(action)}.`,
      allow_preference_option: `The actor chooses ${infinitive(action, true)}, ${motive}.`,
    };
  },
};
