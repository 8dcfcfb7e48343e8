import type { StageContext } from '../contract.ts';

type SourceKey = 'normad' | 'countryAliases' | 'countryRelations';

/**
 * The path of an optional file source, or undefined when the config does not name it. Resolved
 * through the runner (`ctx.input`) so the file's content is part of the stage's fingerprint.
 */
export function optionalSource(ctx: StageContext<unknown>, key: SourceKey | 'cultureatlas'): string | undefined {
  const sources = ctx.config.sources;
  if (key === 'cultureatlas') return sources.cultureatlas ? ctx.input('config?:sources.cultureatlas') : undefined;
  return sources[key] ? ctx.input(`config?:sources.${key}`) : undefined;
}
