import { tagged, type SimTask } from '../task.ts';

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/**
 * A sentence with two finite modals ("The actor is expected to guests in Iran are expected to ...")
 * has a second clause pasted into its action: a reviewer would not call it clear.
 */
const garbled = (text: string) =>
  (text.match(/\b(?:is|are) (?:usually )?expected\b|\bshould\b|\bmust\b/gi) ?? []).length > 1;

/** Rates an item from its text: options must differ, the preference must not restate the norm. */
export const pactValidateTask: SimTask = {
  name: 'pact-validate',
  answer(ctx) {
    const scenario = tagged(ctx.user, 'scenario') ?? '';
    const follow = tagged(ctx.user, 'option_follow') ?? '';
    const allow = tagged(ctx.user, 'option_allow') ?? '';
    const norm = tagged(ctx.user, 'norm') ?? '';
    const preference = tagged(ctx.user, 'preference') ?? '';
    const distinct = follow.trim() !== allow.trim() && [...words(allow)].some((w) => !words(follow).has(w));
    const verdict = {
      plausibility: preference.length > 10 && preference.trim() !== norm.trim(),
      clarity: distinct && ![norm, follow, allow].some(garbled),
      scenario_clarity: scenario.split(/\s+/).length >= 12,
    };
    if (ctx.rng() < ctx.profile.noise / 2) {
      const key = (['plausibility', 'clarity', 'scenario_clarity'] as const)[Math.floor(ctx.rng() * 3)];
      verdict[key] = false;
    }
    const failed = Object.entries(verdict)
      .filter(([, ok]) => !ok)
      .map(([k]) => k);
    return {
      ...verdict,
      reason: failed.length ? `(simulated) weak on ${failed.join(', ')}` : '(simulated) clear, plausible and distinct',
    };
  },
};
