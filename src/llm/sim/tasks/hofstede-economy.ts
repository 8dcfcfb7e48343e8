import type { SimTask, SimTaskContext } from '../task.ts';
import { simPolarity } from './polarity.ts';
import { simRelevant, statementAndDimension } from './relevance.ts';

/** The codes an economy prompt asks about: its dimension lines read `- CODE (name): …`. */
function codesAsked(user: string): string[] {
  return [...user.matchAll(/^- ([A-Za-z][A-Za-z0-9_-]*) \(/gm)].map((m) => m[1]);
}

/** Every dimension the prompt lists in one answer: relevance for each, and a score for the relevant ones. */
function economyAnswer(ctx: SimTaskContext): Record<string, { relevant: boolean; score: number | null }> {
  const { latent } = statementAndDimension(ctx);
  const codes = codesAsked(ctx.user);
  if (codes.length === 0) throw new Error('prompt lists no dimensions ("- CODE (name): …" lines)');
  return Object.fromEntries(
    codes.map((dim) => {
      const relevant = simRelevant(latent, dim, ctx.profile, ctx.rng);
      return [dim, { relevant, score: relevant ? simPolarity(latent, dim, ctx.profile, ctx.rng) : null }];
    }),
  );
}

/** The built-in Hofstede framework's economy task (named after its template). */
export const hofstedeEconomyTask: SimTask = { name: 'hofstede-economy', answer: economyAnswer };

/** Any other framework's economy task, asked with the generic template. */
export const frameworkEconomyTask: SimTask = { name: 'framework-economy', answer: economyAnswer };
