import { countryByIso2, createCountryResolver } from '../../../pact/countries.ts';
import type { SimProfile } from '../profiles.ts';
import { tagged, type SimTask, type SimTaskContext } from '../task.ts';

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

/**
 * Which option the simulated model reads as the norm-following one: the option whose wording is
 * closer to the stated cultural expectation than to the stated preference (a stand-in for the
 * reading comprehension a real model does); undefined when the wording does not tell.
 */
export function cultureOptionOf(user: string): 'A' | 'B' | undefined {
  const norm = words(tagged(user, 'norm') ?? '');
  const preference = words(tagged(user, 'preference') ?? '');
  const lean = (option: string | undefined) => {
    const w = words(option ?? '');
    return overlap(w, norm) - overlap(w, preference);
  };
  const a = lean(tagged(user, 'option_a'));
  const b = lean(tagged(user, 'option_b'));
  if (a === b) return undefined;
  return a > b ? 'A' : 'B';
}

const resolver = createCountryResolver();

/** What a prompt states about a person ("a younger woman from Japan", "a person from Japan"). */
export function statedPerson(text: string | undefined): {
  younger: boolean | null;
  female: boolean | null;
  region: string | null;
} {
  const t = text ?? '';
  const age = /\byounger\b/.test(t) ? true : /\bolder\b/.test(t) ? false : null;
  const gender = /\bwoman\b/.test(t) ? true : /\bman\b/.test(t) ? false : null;
  const from = /\bfrom (.+)$/.exec(t.trim())?.[1];
  const hit = from ? resolver.resolve(from) : null;
  const region = hit && 'iso2' in hit ? (countryByIso2(hit.iso2)?.region ?? null) : null;
  return { younger: age, female: gender, region };
}

/** The declared profile's probability of allowing the preference, given what the prompt states. */
export function allowProbability(profile: SimProfile, user: string): number {
  const actor = statedPerson(tagged(user, 'actor'));
  const receiver = statedPerson(tagged(user, 'receiver'));
  const s = profile.demographicShift;
  const shift =
    (actor.younger ? s.actorYounger : 0) +
    (actor.female ? s.actorFemale : 0) +
    (receiver.younger ? s.receiverYounger : 0) +
    (receiver.female ? s.receiverFemale : 0) +
    (receiver.region ? (profile.regionShift[receiver.region] ?? 0) : 0);
  return Math.min(0.98, Math.max(0.02, 1 - profile.normFollowing + shift));
}

function choose(ctx: SimTaskContext, allow: number): 'A' | 'B' {
  const culture = cultureOptionOf(ctx.user);
  const random = () => (ctx.rng() < 0.5 ? 'A' : 'B');
  if (culture === undefined || ctx.rng() < ctx.profile.noise) return random();
  return ctx.rng() < allow ? (culture === 'A' ? 'B' : 'A') : culture;
}

export const evalPactTask: SimTask = {
  name: 'eval-pact',
  answer(ctx) {
    return {
      reasoning: '(simulated) weighed the cultural expectation against the personal preference',
      choice: choose(ctx, allowProbability(ctx.profile, ctx.user)),
    };
  },
};

/** People (and the simulated models) say the norm expects the culture more often than they would follow it themselves. */
const HUMAN_STUDY_LEAN = { 'eval-pact-personal': 0.15, 'eval-pact-norm': -0.1 } as const;

export const humanStudyTasks: SimTask[] = (Object.keys(HUMAN_STUDY_LEAN) as Array<keyof typeof HUMAN_STUDY_LEAN>).map(
  (name) => ({
    name,
    answer(ctx) {
      const allow = Math.min(0.98, Math.max(0.02, 1 - ctx.profile.normFollowing + HUMAN_STUDY_LEAN[name]));
      return { reasoning: '(simulated) answered the survey question', choice: choose(ctx, allow) };
    },
  }),
);
