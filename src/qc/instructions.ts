import type { SheetColumn } from '../io/xlsx.ts';
import { COMMENT_COLUMN, type QcDatasetSpec } from './datasets.ts';
import { ITEMS_SHEET } from './round.ts';
import type { Manifest } from './schemas.ts';

/** First cell of the Instructions sheet: `qc import` recognises a CSV saved from that sheet by it. */
export const INSTRUCTIONS_TITLE = 'normforge QC sheet';

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const countWord = (n: number) => NUMBER_WORDS[n] ?? String(n);
const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

function referenceNote(reference: readonly string[]): string {
  if (!reference.length) return '';
  return ` ${quoted(reference)}, at the far right, ${reference.length === 1 ? 'is' : 'are'} there for reference.`;
}

/**
 * The Instructions sheet, derived from the columns the Items sheet actually has, so what it says
 * (how many yellow answer columns, which ones, which stay in view) is true of every dataset's sheet.
 */
export function instructions(
  spec: QcDatasetSpec,
  manifest: Manifest,
  annotator: string,
  columns: readonly SheetColumn[],
): string[][] {
  const answers = columns.filter((c) => c.editable).map((c) => c.header);
  const judged = columns
    .slice(1)
    .filter((c) => c.frozen)
    .map((c) => c.header);
  const reference = columns.filter((c) => !c.frozen && !c.editable).map((c) => c.header);
  const lists = spec.judgments.map((j) => j.name);
  return [
    [INSTRUCTIONS_TITLE, `${spec.dataset}, ${manifest.round}`],
    ['annotator', annotator],
    [
      'what to do',
      `${spec.instructions.join(' ')} Read the text in ${quoted(judged)}, then answer in the ${countWord(answers.length)} yellow columns right beside it: ${quoted(lists)} with their drop-down lists, and ${quoted([COMMENT_COLUMN])} if you wish. All other cells are locked.`,
    ],
    ...spec.judgments.map((j) => [j.name, `${j.values.join(' / ')}: ${j.help}`]),
    [COMMENT_COLUMN, 'optional free text (e.g. why an item is unclear).'],
    [
      'layout',
      `The header row, the id and ${quoted(judged)} stay in view while you scroll.${referenceNote(reference)}`,
    ],
    [
      'rules',
      `Work in the "${ITEMS_SHEET}" sheet. Do not rename, add or remove columns or rows, and keep the file name: it says who you are. Blank answers count as not done yet.`,
    ],
    [
      'saving',
      `Save as .xlsx (or .csv). For a .csv, switch to the "${ITEMS_SHEET}" sheet first: a spreadsheet saves only the sheet in view to a .csv.`,
    ],
    [
      'design',
      `${manifest.size} items sampled with seed ${manifest.seed}; ${manifest.overlap} are rated by all ${manifest.annotators.length} annotators to measure agreement.`,
    ],
  ];
}
