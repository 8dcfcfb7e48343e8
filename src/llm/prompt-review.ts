import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import { readJsonFile } from '../io/json-file.ts';
import { PromptManifestSchema, REVIEW_ORDER, type PromptManifest, type PromptReview } from '../schemas/prompts.ts';
import { locatePrompt, promptSource, type PromptSource } from './prompts.ts';

/** Beside a translated language's files: what was translated, by whom, and whether a person reviewed it. */
export const PROMPT_MANIFEST = 'manifest.json';

export interface PromptState {
  review: PromptReview;
  /** The text is the simulator's marked stand-in for a translation (never publishable). */
  simulated: boolean;
}

const BUILT_IN: PromptState = { review: 'built-in', simulated: false };

/** `prompts/<lang>/manifest.json` of a prompt folder's language, validated; undefined when there is none. */
export function readPromptManifest(languageDir: string): PromptManifest | undefined {
  const file = join(languageDir, PROMPT_MANIFEST);
  if (!existsSync(file)) return undefined;
  const parsed = PromptManifestSchema.safeParse(readJsonFile(file));
  if (!parsed.success)
    throw new UserError(`not a prompt manifest: ${parsed.error.issues[0]?.message}`, {
      file,
      field: parsed.error.issues[0]?.path.join('.'),
    });
  return parsed.data;
}

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The state of one project file: as its language's manifest describes it while the file still has
 * the content the manifest recorded; a file with no entry, or edited by hand since, is the project's own.
 */
export function projectFileState(file: string): PromptState {
  const entry = readPromptManifest(dirname(file))?.files[basename(file)];
  if (!entry || entry.sha256 !== sha256Hex(readFileSync(file))) return { review: 'project', simulated: false };
  return {
    review: entry.status === 'reviewed' ? 'reviewed' : 'machine-translated, unreviewed',
    simulated: entry.simulated,
  };
}

function stateOf(source: PromptSource): PromptState {
  return source.origin === 'built-in' || !existsSync(source.file) ? BUILT_IN : projectFileState(source.file);
}

/** The project's files among `rels` (paths relative to `prompts/`) with their state, for fingerprints and provenance. */
export function projectPromptStates(rels: readonly string[], promptsDir: string): Record<string, PromptState> {
  const out: Record<string, PromptState> = {};
  for (const rel of [...rels].sort()) {
    const source = locatePrompt(rel, promptsDir);
    if (source.origin === 'project') out[rel] = stateOf(source);
  }
  return out;
}

/** The less trusted of two states (see REVIEW_ORDER); simulated if either is. */
export function weaker(a: PromptState, b: PromptState): PromptState {
  const review = REVIEW_ORDER.indexOf(a.review) <= REVIEW_ORDER.indexOf(b.review) ? a.review : b.review;
  return { review, simulated: a.simulated || b.simulated };
}

/**
 * Per language, the state of the prompt files a stage used (`<lang>/<file>` paths, in the project
 * in force): its least trusted file decides, so one unreviewed template marks the whole language.
 */
export function languageStates(rels: readonly string[]): Record<string, PromptState> {
  const out: Record<string, PromptState> = {};
  for (const rel of rels) {
    const language = rel.split('/')[0];
    const state = stateOf(promptSource(rel));
    out[language] = out[language] ? weaker(out[language], state) : state;
  }
  return out;
}
