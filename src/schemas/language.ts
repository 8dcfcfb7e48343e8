import { z } from 'zod';

/**
 * A language is any BCP-47 tag. `Intl.getCanonicalLocales` checks the syntax and gives the one
 * spelling normforge uses everywhere (`zh-hant` → `zh-Hant`, `EN-us` → `en-US`): prompt folders,
 * panel languages, translations and records all compare canonical tags.
 */
export function canonicalLanguage(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
}

export const LANGUAGE_EXAMPLES = 'e.g. en, zh, zh-Hant, ar, pt-BR';

export function notALanguage(tag: string): string {
  return `"${tag}" is not a BCP-47 language tag (${LANGUAGE_EXAMPLES})`;
}

/** A language tag in its canonical spelling; a malformed tag is an issue naming it. */
export const LanguageTagSchema = z.string().transform((tag, ctx) => {
  const canonical = canonicalLanguage(tag);
  if (canonical === undefined) {
    ctx.addIssue({ code: 'custom', message: notALanguage(tag) });
    return z.NEVER;
  }
  return canonical;
});
