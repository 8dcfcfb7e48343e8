/**
 * Language identification of a text with eld (Efficient Language Detector, n-gram based, made
 * for short texts such as one debate statement; 60 languages). Its medium database is the
 * library's default trade-off between size and accuracy. It is loaded on first use, not at
 * import, so CLI commands that never build a release do not pay for reading it.
 */
type Eld = typeof import('eld/medium')['eld'];

let loading: Promise<Eld> | undefined;
const detector = (): Promise<Eld> => (loading ??= import('eld/medium').then((m) => m.eld));

/**
 * The ISO 639-1 code of the text's language, or null when the text is empty or eld calls its
 * guess unreliable (too few n-grams, or two languages scoring alike): no language beats a wrong one.
 */
export async function detectLanguage(text: string | null | undefined): Promise<string | null> {
  if (!text?.trim()) return null;
  const result = (await detector()).detect(text);
  return result.language && result.isReliable() ? result.language : null;
}

/** The distinct languages detected in `texts`, sorted (for a card's `language:` list). */
export async function languagesOf(texts: Iterable<string | null | undefined>): Promise<string[]> {
  const found = new Set<string>();
  for (const text of texts) {
    const language = await detectLanguage(text);
    if (language) found.add(language);
  }
  return [...found].sort();
}
