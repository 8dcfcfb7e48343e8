import { eld } from 'eld/medium';

/**
 * Language identification of a text with eld (Efficient Language Detector, n-gram based, made
 * for short texts such as one debate statement; 60 languages). Its medium database is the
 * library's default trade-off between size and accuracy.
 *
 * Returns the ISO 639-1 code, or null when the text is empty or eld calls its guess unreliable
 * (too few n-grams, or two languages scoring alike): no language beats a wrong one.
 */
export function detectLanguage(text: string | null | undefined): string | null {
  if (!text || !text.trim()) return null;
  const result = eld.detect(text);
  return result.language && result.isReliable() ? result.language : null;
}

/** The distinct languages detected in `texts`, sorted (for a card's `language:` list). */
export function languagesOf(texts: Iterable<string | null | undefined>): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    const language = detectLanguage(text);
    if (language) found.add(language);
  }
  return [...found].sort();
}
