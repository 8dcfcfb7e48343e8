import { writeAnnotationWorkbook, type SheetColumn } from '../../io/xlsx.ts';
import { languageName } from '../../llm/prompt-translation.ts';

/**
 * The review sheet of a language's machine-translated prompts, in the QC sheets' conventions
 * (src/io/xlsx.ts): an instructions sheet first, then one row per text with the item and its
 * English source frozen in view, locked source, translation and back-translation, and the
 * reviewer's yellow columns beside them: a drop-down status and the reviewed translation.
 */
export const REVIEW_SHEET = 'Prompts';
export const REVIEW_TITLE = 'normforge prompt review';
export const REVIEW_STATUSES = ['approved', 'edited', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const COLUMNS = {
  item: 'item',
  source: 'source',
  translation: 'translation',
  backTranslation: 'back_translation',
  status: 'status',
  reviewed: 'reviewed_translation',
  comment: 'comment',
} as const;

const TEXT_WIDTH = 48;

export const REVIEW_COLUMNS: SheetColumn[] = [
  { header: COLUMNS.item, width: 36, wrap: true, editable: false, frozen: true },
  { header: COLUMNS.source, width: TEXT_WIDTH, wrap: true, editable: false, frozen: true },
  { header: COLUMNS.translation, width: TEXT_WIDTH, wrap: true, editable: false, frozen: false },
  { header: COLUMNS.status, width: 12, wrap: false, editable: true, frozen: false, list: [...REVIEW_STATUSES] },
  { header: COLUMNS.reviewed, width: TEXT_WIDTH, wrap: true, editable: true, frozen: false },
  { header: COLUMNS.comment, width: 24, wrap: true, editable: true, frozen: false },
  { header: COLUMNS.backTranslation, width: TEXT_WIDTH, wrap: true, editable: false, frozen: false },
];

export interface ReviewRow {
  /** `ar/relevance.md`, `ar/dimensions.json#PDI.name`. */
  item: string;
  source: string;
  translation: string;
  backTranslation: string;
}

export interface ReviewSheetInfo {
  language: string;
  translator: string;
  simulated: boolean;
}

function instructions(info: ReviewSheetInfo): string[][] {
  const lines = [
    [REVIEW_TITLE, `${languageName(info.language)} (${info.language})`],
    ['language', info.language],
    ['translated by', info.translator],
    [
      'what to do',
      'Each row is one prompt template, or one dimension text, that normforge sends to language models. Read the ' +
        'English "source" and the "translation" beside it ("back_translation", at the far right, is the translation ' +
        'put back into English by the same model). Then set "status": approved (the translation is right as it is), ' +
        'edited (type the corrected text in "reviewed_translation") or rejected (unusable; it is withdrawn). ' +
        'Leave "status" blank for rows you have not reviewed yet.',
    ],
    [
      'keep',
      'Every {{placeholder}} exactly as it is (the program fills it in), every <tag> and </tag>, and a line ' +
        '---user--- on its own line. A reviewed translation that loses or adds one is refused on import.',
    ],
    [
      'rules',
      `Work in the "${REVIEW_SHEET}" sheet; do not rename, add or remove columns or rows. Save as .xlsx and give it ` +
        'back; `normforge prompts import <file>` reads it.',
    ],
  ];
  if (info.simulated)
    lines.push([
      'SIMULATED',
      'These translations come from the offline simulator: the English text marked with the language code, not a ' +
        'translation. Anything built on them is marked simulated and can never be published.',
    ]);
  return lines;
}

export async function writeReviewSheet(file: string, rows: ReviewRow[], info: ReviewSheetInfo): Promise<void> {
  await writeAnnotationWorkbook(file, {
    sheetName: REVIEW_SHEET,
    columns: REVIEW_COLUMNS,
    rows: rows.map((r) => [r.item, r.source, r.translation, '', '', '', r.backTranslation]),
    instructions: instructions(info),
  });
}
