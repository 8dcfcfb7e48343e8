import { tagged, type SimTask } from '../task.ts';

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

export const evalPactTask: SimTask = {
  name: 'eval-pact',
  answer(ctx) {
    const culture = cultureOptionOf(ctx.user);
    const other = culture === 'A' ? 'B' : 'A';
    const random = () => (ctx.rng() < 0.5 ? 'A' : 'B');
    const choice = culture === undefined || ctx.rng() < ctx.profile.noise ? random() : ctx.rng() < ctx.profile.normFollowing ? culture : other;
    return { reasoning: '(simulated) weighed the cultural expectation against the personal preference', choice };
  },
};
