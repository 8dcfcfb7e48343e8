import type { StageRun } from '../pipeline/runs.ts';
import { z } from 'zod';
import {
  PromptReviewByLanguageSchema,
  PromptReviewSchema,
  REVIEW_ORDER,
  type PromptReview,
} from '../schemas/prompts.ts';

interface ProjectFile {
  review: PromptReview;
  simulated: boolean;
  sha256: string | null;
}

const weakest = (a: PromptReview, b: PromptReview) => (REVIEW_ORDER.indexOf(a) <= REVIEW_ORDER.indexOf(b) ? a : b);

/** Per language, the least trusted state the producing judge runs recorded (provenance `promptReview`). */
function languageReviews(runs: Iterable<StageRun>): Map<string, PromptReview> {
  const out = new Map<string, PromptReview>();
  for (const run of runs) {
    const recorded = PromptReviewByLanguageSchema.safeParse(run.provenance.promptReview);
    if (!recorded.success) continue;
    for (const [language, review] of Object.entries(recorded.data)) {
      const known = out.get(language);
      out.set(language, known ? weakest(known, review) : review);
    }
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** A recorded state, as `projectPrompts` in provenance holds it (src/llm/prompt-review.ts). */
const RecordedStateSchema = z.object({ review: PromptReviewSchema, simulated: z.boolean() });

/** The project's prompt files the producing runs recorded (provenance `projectPrompts`), with their hashes. */
function projectFiles(runs: Iterable<StageRun>): Map<string, ProjectFile> {
  const out = new Map<string, ProjectFile>();
  for (const run of runs) {
    const recorded = run.provenance.projectPrompts;
    if (!recorded || typeof recorded !== 'object') continue;
    for (const [rel, value] of Object.entries(recorded)) {
      const state = RecordedStateSchema.safeParse(value);
      if (state.success && !out.has(rel)) out.set(rel, { ...state.data, sha256: run.parts.prompts[rel] ?? null });
    }
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

function fileCell(files: Array<[string, ProjectFile]>): string {
  if (!files.length) return '-';
  return files
    .map(([rel, f]) => {
      const notes = [f.review, ...(f.simulated ? ['SIMULATED translation'] : [])].join(', ');
      return `\`${rel}\` \`${f.sha256 ? f.sha256.slice(0, 12) : 'missing'}\` (${notes})`;
    })
    .join('<br>');
}

/**
 * The card's account of the prompt languages, from the producing runs' provenance: each language
 * the panel asked in, whether its prompts were built in, the project's own, machine-translated and
 * unreviewed, or reviewed, and which files came from the project with their hashes.
 */
export function promptLanguagesSection(runs: readonly StageRun[]): string {
  const languages = languageReviews(runs);
  const files = projectFiles(runs);
  if (!languages.size && !files.size) return '';
  const table = [...languages].map(([language, review]) => {
    const own = [...files].filter(([rel]) => rel.startsWith(`${language}/`));
    return `| \`${language}\` | ${review} | ${fileCell(own)} |`;
  });
  const unreviewed = [...languages].filter(([, r]) => r === 'machine-translated, unreviewed').map(([l]) => l);
  const simulated = [...files.values()].some((f) => f.simulated);
  return [
    `**Prompt languages.** The panel was asked in ${[...languages.keys()].join(', ') || 'no recorded language'}. ` +
      "A language's prompts are built into normforge, the project's own (`prompts/<lang>/` beside its config), " +
      'machine-translated by `normforge prompts translate` and not reviewed yet, or reviewed by a person through ' +
      'the review sheet (`normforge prompts import`); a language is as trusted as its least trusted file.',
    [
      "| language | prompts | the project's files (sha256, first 12 hex) |",
      '|---|---|---|',
      ...(table.length ? table : ['| - | not recorded by the runs that built these labels | - |']),
    ].join('\n'),
    ...(unreviewed.length
      ? [
          `The prompts in ${unreviewed.join(', ')} are machine-translated, unreviewed: no speaker of the language ` +
            'has checked them, so labels asked in it may reflect translation errors.',
        ]
      : []),
    ...(simulated
      ? [
          "Some prompts are the offline simulator's stand-ins for translations (marked SIMULATED): every label built " +
            'on them is simulated and this release cannot be published.',
        ]
      : []),
  ].join('\n\n');
}
