import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROMPT_TRANSLATION_TASK, type PromptText } from '../../llm/prompt-translation.ts';
import { PROMPTS_DIR, readPromptFile } from '../../llm/prompts.ts';
import type { Framework } from '../../schemas/framework.ts';
import { DimensionTextsSchema, type DimensionTexts } from '../../statements/dimension-overlay.ts';

/**
 * What a language's prompts are made of, as `prompts translate` translates them and the review
 * sheet lists them: each template is one text (`relevance.md`), the dimension texts of the value
 * framework in force one text per dimension and field (`dimensions.json#PDI.name`).
 */
export const SOURCE_LANGUAGE = 'en';
export const DIMENSIONS_FILE = 'dimensions.json';
const FIELDS = ['name', 'definition', 'positivePole', 'negativePole'] as const;
type Field = (typeof FIELDS)[number];

/** Every built-in English template except the one that translates prompts (which is never sent in another language). */
export function translatableTemplates(): string[] {
  return readdirSync(join(PROMPTS_DIR, SOURCE_LANGUAGE))
    .filter((f) => f.endsWith('.md') && f !== `${PROMPT_TRANSLATION_TASK}.md`)
    .sort();
}

/** The English text of a file (the project's own English template, when it has one, is what it uses). */
export function sourceTexts(file: string, framework: Framework): PromptText[] {
  if (file === DIMENSIONS_FILE) return englishDimensionTexts(framework);
  const text = readPromptFile(`${SOURCE_LANGUAGE}/${file}`);
  if (text === undefined) throw new Error(`no English template ${file}`);
  return [{ id: file, text }];
}

/** The framework file's own English texts (what a translation is made from, whatever the project overrides). */
function englishDimensionTexts(framework: Framework): PromptText[] {
  return framework.dimensions.flatMap((d) =>
    FIELDS.map((field) => {
      const text = d[field][SOURCE_LANGUAGE];
      if (text === undefined)
        throw new Error(`dimension ${d.code} of the value framework "${framework.id}" has no English ${field}`);
      return { id: `${DIMENSIONS_FILE}#${d.code}.${field}`, text };
    }),
  );
}

/** A translated file's texts, split the way its English source is (to compare, row by row, in the sheet). */
export function fileTexts(file: string, content: string, framework: Framework): PromptText[] {
  if (file !== DIMENSIONS_FILE) return [{ id: file, text: content.trimEnd() }];
  const texts = DimensionTextsSchema.parse(JSON.parse(content));
  return framework.dimensions.flatMap(({ code }) =>
    FIELDS.map((field) => ({ id: `${DIMENSIONS_FILE}#${code}.${field}`, text: texts[code]?.[field] ?? '' })),
  );
}

/** The file's content from its texts by id: a template as written (one trailing newline), the dimension texts as JSON. */
export function fileContent(file: string, texts: ReadonlyMap<string, string>, framework: Framework): string {
  if (file !== DIMENSIONS_FILE) return `${(texts.get(file) ?? '').trimEnd()}\n`;
  const out = Object.fromEntries(
    framework.dimensions.map(({ code }) => [
      code,
      Object.fromEntries(FIELDS.map((f) => [f, texts.get(`${DIMENSIONS_FILE}#${code}.${f}`)])),
    ]),
  );
  const parsed: DimensionTexts = DimensionTextsSchema.parse(out);
  return `${JSON.stringify(parsed, null, 2)}\n`;
}

/** The file a text belongs to: `dimensions.json#PDI.name` → `dimensions.json`. */
export const fileOf = (id: string) => id.split('#')[0];

/** A sheet's item id (`ar/relevance.md`, `ar/dimensions.json#PDI.name`) as language and text id; undefined when malformed. */
export function parseItem(item: string, framework: Framework): { language: string; id: string } | undefined {
  const m = /^([^/]+)\/(.+)$/.exec(item.trim());
  if (!m) return undefined;
  const [, language, id] = m;
  const [file, field] = id.split('#');
  if (!file.endsWith('.md') && file !== DIMENSIONS_FILE) return undefined;
  if (file === DIMENSIONS_FILE) {
    const [dim, name] = (field ?? '').split('.');
    if (!framework.dimensions.some((d) => d.code === dim) || !FIELDS.includes(name as Field)) return undefined;
  } else if (field !== undefined) return undefined;
  return { language, id };
}
