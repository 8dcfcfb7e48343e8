import { createHash } from 'node:crypto';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { projectLanguages, promptSource, readPromptFile } from '../llm/prompts.ts';
import type { Dimension } from '../schemas/framework.ts';

/**
 * A project's dimension texts for a language the value framework is not written in:
 * `prompts/<lang>/dimensions.json` beside its config (what `normforge prompts translate` writes),
 * one entry per dimension code. They are read like templates (the project's folder in force, see
 * llm/prompts.ts), fingerprinted with the judge stages' prompt files, and folded into the prompt
 * version of every question asked in that language.
 */
export const DimensionTextSchema = z.strictObject({
  name: z.string().min(1),
  definition: z.string().min(1),
  positivePole: z.string().min(1),
  negativePole: z.string().min(1),
});
export const DimensionTextsSchema = z.record(z.string().min(1), DimensionTextSchema);
export type DimensionTexts = z.infer<typeof DimensionTextsSchema>;

/** Where a project keeps a language's dimension texts (relative to its `prompts/` folder). */
export const dimensionsFile = (language: string) => `${language}/dimensions.json`;

/** The dimension-text files the project writes for these languages (fingerprinted and reviewed like templates). */
export function projectDimensionFiles(languages: readonly string[]): string[] {
  return languages.filter((l) => promptSource(dimensionsFile(l)).origin === 'project').map(dimensionsFile);
}

/** The languages the project has dimension texts for. */
export function projectDimensionLanguages(): string[] {
  return projectLanguages().filter((l) => promptSource(dimensionsFile(l)).origin === 'project');
}

interface Overlay {
  file: string;
  /** The text it was parsed from (the prompt reader hands back the same string while the file is unchanged). */
  text: string;
  texts: DimensionTexts;
  /** First 12 hex of the file's sha256, folded into prompt versions. */
  version: string;
}

/** The last overlay parsed from each file: a stage asks for it once per request. */
const parsed = new Map<string, Overlay>();

function overlayOf(language: string): Overlay | undefined {
  const source = promptSource(dimensionsFile(language));
  if (source.origin !== 'project') return undefined;
  const text = readPromptFile(source.rel) ?? '';
  const known = parsed.get(source.file);
  if (known?.text === text) return known;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`not valid JSON: ${(err as Error).message}`, { file: source.file });
  }
  const result = DimensionTextsSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UserError(`dimension texts: ${issue?.message}`, { file: source.file, field: issue?.path.join('.') });
  }
  const overlay = {
    file: source.file,
    text,
    texts: result.data,
    version: createHash('sha256').update(text).digest('hex').slice(0, 12),
  };
  parsed.set(source.file, overlay);
  return overlay;
}

/** The project's texts of one dimension in one language, when the project writes that language. */
export function overlayText(
  frameworkId: string,
  code: Dimension,
  language: string,
): z.infer<typeof DimensionTextSchema> | undefined {
  const overlay = overlayOf(language);
  if (!overlay) return undefined;
  const own = overlay.texts[code];
  if (!own)
    throw new UserError(`no ${language} texts for dimension ${code} of the value framework "${frameworkId}"`, {
      file: overlay.file,
      field: code,
    });
  return own;
}

/** The content hash of the project's dimension texts for a language, when it has any. */
export function overlayVersion(language: string): string | undefined {
  return overlayOf(language)?.version;
}
