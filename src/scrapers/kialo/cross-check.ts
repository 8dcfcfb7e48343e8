import * as cheerio from 'cheerio';
import type { Selectors } from './surface.ts';
import { thesisKey } from './thesis-text.ts';

export interface PageExpectations {
  title: string;
  /** What the page should show selected: the thesis, or the question of a multi-thesis discussion. */
  focusText: string;
  focusKind: 'thesis' | 'question';
  /** The thesis's impact histogram from the votes answer, when there is one. */
  histogram?: readonly number[];
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function jsonLdText($: cheerio.CheerioAPI, selector: string): string | undefined {
  const raw = $(selector).first().text();
  if (!raw) return undefined;
  try {
    const block = JSON.parse(raw) as { mainEntity?: { text?: unknown } };
    return typeof block.mainEntity?.text === 'string' ? block.mainEntity.text.trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The rendered page against the API answers. `layout`: elements the selectors no longer find (a
 * redesign: fix the selectors in the config); `warnings`: content that differs. Neither drops a
 * statement: the API answers are the source, the page only a cross-check (reference/kialo.md says
 * every DOM class is likely to change and the JSON-LD block was seen in 2019 pages only).
 */
export function crossCheckPage(
  html: string,
  selectors: Selectors,
  expected: PageExpectations,
): { layout: string[]; warnings: string[] } {
  const $ = cheerio.load(html);
  const layout: string[] = [];
  const warnings: string[] = [];
  const title = $(selectors.title).first().text().trim();
  if (!title) layout.push(`title (${selectors.title})`);
  else if (thesisKey(title) !== thesisKey(expected.title))
    warnings.push(`page title "${title}" differs from the API's "${expected.title}"`);
  const selected = $(selectors.selectedClaimText).first().text().trim();
  if (!selected) layout.push(`thesis text (${selectors.selectedClaimText})`);
  else if (thesisKey(selected) !== thesisKey(expected.focusText)) {
    warnings.push(
      `${expected.focusKind} as selected claim: ${selectors.selectedClaimText} shows "${selected}", the discussion graph says "${expected.focusText}"`,
    );
  }
  const shown = $(selectors.selectedClaimHistogram)
    .map((_, e) => Number($(e).text().trim()))
    .get();
  if (shown.length && expected.histogram && sum(shown) !== sum(expected.histogram))
    warnings.push(`page histogram (${sum(shown)}) differs from the votes answer (${sum(expected.histogram)})`);
  const ld = jsonLdText($, selectors.jsonLd);
  if (ld === undefined) warnings.push('no JSON-LD QAPage block');
  else if (thesisKey(ld) !== thesisKey(expected.focusText))
    warnings.push(`JSON-LD says "${ld}" but the discussion graph says "${expected.focusText}"`);
  return { layout, warnings };
}
