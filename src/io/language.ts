import { createHash } from 'node:crypto';

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

/**
 * The languages of texts seen one at a time: each distinct text is detected once and remembered
 * by its sha1 only, so hundreds of thousands of long texts cost a few tens of MB, not their size.
 */
export class LanguageSet {
  private readonly seen = new Set<string>();
  private readonly found = new Set<string>();

  async add(text: string | null | undefined): Promise<void> {
    if (typeof text === 'string') {
      const digest = createHash('sha1').update(text).digest('base64');
      if (this.seen.has(digest)) return;
      this.seen.add(digest);
    }
    const language = await detectLanguage(text);
    if (language) this.found.add(language);
  }

  /** The distinct languages found, sorted (for a card's `language:` list). */
  languages(): string[] {
    return [...this.found].sort();
  }
}
