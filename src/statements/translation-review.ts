import type { TranslatedStatement } from '../schemas/records.ts';
import { meanOrNull } from '../stats/descriptive.ts';
import { CHRF_DESCRIPTION } from '../stats/chrf.ts';

/** Columns of the translation review list, one row per machine translation to look at. */
export const REVIEW_COLUMNS = [
  'statement_id',
  'language',
  'source_language',
  'chrf',
  'source_text',
  'translation',
  'back_translation',
];

export interface ReviewRow {
  statement_id: string;
  language: string;
  source_language: string;
  chrf: number | null;
  source_text: string;
  translation: string;
  back_translation: string | null;
}

/** The statement's source language: its BCP 47 tag's base (Kialo says en-US; the panel speaks en). */
export function sourceLanguageOf(s: { language: string | null }): string {
  return (s.language ?? 'en').split('-')[0].toLowerCase();
}

/**
 * Machine translations to review: those whose back-translation scored below `reviewBelow`, and
 * those that could not be back-translated (no score is no evidence), lowest score first.
 */
export function translationsToReview(statements: readonly TranslatedStatement[], reviewBelow: number): ReviewRow[] {
  const rows: ReviewRow[] = [];
  for (const s of statements) {
    for (const [language, check] of Object.entries(s.translation_check ?? {})) {
      if (check.chrf !== null && check.chrf >= reviewBelow) continue;
      rows.push({
        statement_id: s.statement_id,
        language,
        source_language: sourceLanguageOf(s),
        chrf: check.chrf,
        source_text: s.thesis,
        translation: s.texts[language],
        back_translation: check.back_translation,
      });
    }
  }
  return rows.sort((a, b) => (a.chrf ?? -1) - (b.chrf ?? -1) || a.statement_id.localeCompare(b.statement_id));
}

export function reviewCells(row: ReviewRow): unknown[] {
  return REVIEW_COLUMNS.map((c) => row[c as keyof ReviewRow] ?? '');
}

interface LanguageCheck {
  checked: number;
  failed: number;
  toReview: number;
  meanChrf: number | null;
  minChrf: number | null;
}

/** What the check found, per language, for the stage's provenance (the scores themselves are on the records). */
export function checkProvenance(
  statements: readonly TranslatedStatement[],
  review: readonly ReviewRow[],
  reviewBelow: number,
): Record<string, unknown> {
  const scores = new Map<string, Array<number | null>>();
  for (const s of statements)
    for (const [language, check] of Object.entries(s.translation_check ?? {}))
      scores.set(language, [...(scores.get(language) ?? []), check.chrf]);
  const byLanguage: Record<string, LanguageCheck> = {};
  for (const [language, list] of [...scores].sort(([a], [b]) => a.localeCompare(b))) {
    const scored = list.filter((x): x is number => x !== null);
    byLanguage[language] = {
      checked: list.length,
      failed: list.length - scored.length,
      toReview: review.filter((r) => r.language === language).length,
      meanChrf: meanOrNull(scored),
      minChrf: scored.length ? Math.min(...scored) : null,
    };
  }
  return {
    measure: CHRF_DESCRIPTION,
    method: 'each machine translation back-translated into the source language by the same member',
    reviewBelow,
    byLanguage,
    toReview: review.map((r) => ({ statement_id: r.statement_id, language: r.language, chrf: r.chrf })),
  };
}
