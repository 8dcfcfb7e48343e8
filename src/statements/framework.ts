import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { describeIssue } from '../config/load.ts';
import { UserError } from '../errors.ts';
import { canonicalJson } from '../io/canonical-json.ts';
import { readJsonFile } from '../io/json-file.ts';
import { PACKAGE_ROOT } from '../io/package-root.ts';
import type { Config } from '../schemas/config.ts';
import {
  FrameworkSchema,
  type Dimension,
  type Framework,
  type LocalizedText,
  type RecordedFramework,
} from '../schemas/framework.ts';
import { overlayText, overlayVersion, projectDimensionLanguages } from './dimension-overlay.ts';

/**
 * Value frameworks as data (DESIGN.md section 10). The built-in one is Hofstede's six dimensions in
 * `frameworks/hofstede.json` at the package root (shipped like `prompts/`); `framework: "path"` in
 * the config names another, in JSON or YAML.
 */
export const FRAMEWORKS_DIR = join(PACKAGE_ROOT, 'frameworks');
export const BUILT_IN_FRAMEWORK_FILE = join(FRAMEWORKS_DIR, 'hofstede.json');

/** A framework as stages use it: the file's content plus what is derived from it once. */
export interface LoadedFramework extends Framework {
  /** The file it was read from (absolute). */
  file: string;
  builtIn: boolean;
  /** sha256 of the parsed framework (canonical JSON): fingerprinted, named in provenance and cards. */
  sha256: string;
  /**
   * First 12 hex of the hash of the dimension table prompts are rendered from, folded into every
   * prompt version; for the built-in file it is the hash the Hofstede table in code always had.
   */
  promptHash: string;
  codes: readonly Dimension[];
  /** Languages every name and dimension text is written in; a panel language outside them cannot be asked. */
  languages: readonly string[];
}

function parseFile(file: string): unknown {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return readJsonFile(file);
  if (ext !== '.yaml' && ext !== '.yml')
    throw new UserError('a value framework file is JSON (.json) or YAML (.yaml, .yml)', { file, field: 'framework' });
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    if (!(err instanceof YAMLParseError)) throw err;
    throw new UserError(`not valid YAML: ${err.message}`, { file, line: err.linePos?.[0].line });
  }
}

/** The dimension table keyed by code, entries in the field order the Hofstede table in code had. */
function promptHashOf(framework: Framework): string {
  const table = Object.fromEntries(
    framework.dimensions.map((d) => [
      d.code,
      {
        code: d.code,
        name: d.name,
        definition: d.definition,
        positivePole: d.positivePole,
        negativePole: d.negativePole,
      },
    ]),
  );
  return createHash('sha256').update(JSON.stringify(table)).digest('hex').slice(0, 12);
}

/** Languages every given text is written in. */
function commonLanguages(texts: readonly LocalizedText[]): string[] {
  return texts.map((t) => Object.keys(t)).reduce((a, b) => a.filter((l) => b.includes(l)));
}

function allTexts(framework: Framework): LocalizedText[] {
  return [
    framework.name,
    ...framework.dimensions.flatMap((d) => [d.name, d.definition, d.positivePole, d.negativePole]),
  ];
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child);
  return Object.freeze(value);
}

function readFramework(file: string): LoadedFramework {
  const parsed = FrameworkSchema.safeParse(parseFile(file));
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const lines = parsed.error.issues.map((i) => `  - ${describeIssue(i)}`);
    throw new UserError(`invalid value framework:\n${lines.join('\n')}`, {
      file,
      field: first.path.join('.') || undefined,
    });
  }
  const framework = parsed.data;
  return deepFreeze({
    ...framework,
    file,
    builtIn: file === BUILT_IN_FRAMEWORK_FILE,
    sha256: createHash('sha256').update(canonicalJson(framework)).digest('hex'),
    promptHash: promptHashOf(framework),
    codes: framework.dimensions.map((d) => d.code),
    languages: commonLanguages(allTexts(framework)),
  });
}

/**
 * Frameworks read so far, by file: read again only when the file's size or modification time
 * changed, so an edited pole is seen by the next status or run, and the hashes are taken once.
 */
const loaded = new Map<string, { stamp: string; framework: LoadedFramework }>();

export function loadFramework(file: string): LoadedFramework {
  const stat = statSync(file, { throwIfNoEntry: false, bigint: true });
  if (!stat) throw new UserError('value framework file not found', { file, field: 'framework' });
  const stamp = `${stat.size}:${stat.mtimeNs}`;
  const hit = loaded.get(file);
  if (hit?.stamp === stamp) return hit.framework;
  const framework = readFramework(file);
  loaded.set(file, { stamp, framework });
  return framework;
}

export function builtInFramework(): LoadedFramework {
  return loadFramework(BUILT_IN_FRAMEWORK_FILE);
}

/** The framework the config names (`framework`, resolved against the config's folder), else the built-in one. */
export function frameworkOf(config: Config): LoadedFramework {
  return loadFramework(config.framework ?? BUILT_IN_FRAMEWORK_FILE);
}

/** The framework's entry in a stage's fingerprint: editing any of it makes the stage stale, and status says so. */
export function frameworkTable(framework: LoadedFramework): Record<string, string> {
  return { [`framework ${framework.id}`]: framework.sha256 };
}

/** What a stage run records of its framework (provenance), for cards and reports written later. */
export function recordedFramework(framework: LoadedFramework): RecordedFramework {
  const { file, builtIn, sha256, promptHash: _prompt, codes: _codes, languages: _languages, ...content } = framework;
  return { ...content, sha256, origin: builtIn ? 'built-in' : basename(file) };
}

/**
 * One dimension's text in one language, for prompt variables. The one lookup of dimension texts:
 * everything that shows a dimension to a model goes through it.
 */
export function dimensionText(
  framework: Framework,
  code: Dimension,
  language: string,
): { code: Dimension; name: string; definition: string; positive: string; negative: string } {
  const d = framework.dimensions.find((x) => x.code === code);
  if (!d) throw new Error(`dimension ${code} is not in the value framework "${framework.id}"`);
  // The project's texts for a language (prompts/<lang>/dimensions.json) win over the file's.
  const own = overlayText(framework.id, code, language);
  if (own)
    return {
      code,
      name: own.name,
      definition: own.definition,
      positive: own.positivePole,
      negative: own.negativePole,
    };
  const text = (field: 'name' | 'definition' | 'positivePole' | 'negativePole') => {
    const value = d[field][language];
    if (value === undefined) throw new Error(`dimension ${code} has no ${language} ${field}`);
    return value;
  };
  return {
    code,
    name: text('name'),
    definition: text('definition'),
    positive: text('positivePole'),
    negative: text('negativePole'),
  };
}

/** Languages a panel may ask in: those the framework is written in, and those the project adds texts for. */
export function frameworkLanguages(framework: LoadedFramework): string[] {
  return [...new Set([...framework.languages, ...projectDimensionLanguages()])];
}

/** Prompt-version hashes of frameworks with a language's project texts folded in, by both hashes. */
const withOverlay = new Map<string, string>();

/**
 * The framework part of a prompt version for questions in `language`: the framework's prompt hash,
 * combined with the project's dimension texts for that language when it has them.
 */
export function promptHashIn(framework: LoadedFramework, language: string): string {
  const overlay = overlayVersion(language);
  if (overlay === undefined) return framework.promptHash;
  const key = `${framework.promptHash}.${overlay}`;
  let hash = withOverlay.get(key);
  if (hash === undefined) {
    hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
    withOverlay.set(key, hash);
  }
  return hash;
}

/** A text for people (cards, sheets, reports): English when written, else the first language given. */
export function readerText(text: LocalizedText): string {
  return text.en ?? Object.values(text)[0];
}

/**
 * The field that lacks a language, e.g. `dimensions.2.positivePole`, so the error sends the user to
 * the line to add.
 */
function fieldWithout(framework: Framework, language: string): string {
  if (!(language in framework.name)) return 'name';
  for (const [i, d] of framework.dimensions.entries())
    for (const field of ['name', 'definition', 'positivePole', 'negativePole'] as const)
      if (!(language in d[field])) return `dimensions.${i}.${field}`;
  return 'name';
}

/**
 * A panel language the framework is not written in cannot be asked; say so, naming the file and
 * the field to add, before any request.
 */
export function checkPanelLanguages(
  members: ReadonlyArray<{ id: string; languages: readonly string[] }>,
  framework: LoadedFramework,
): void {
  for (const member of members) {
    const known = frameworkLanguages(framework);
    const missing = member.languages.find((l) => !known.includes(l));
    if (missing === undefined) continue;
    const field = fieldWithout(framework, missing);
    throw new UserError(
      `panel member "${member.id}" asks in ${missing} (panel.languages), but ${field} of the value framework ` +
        `"${framework.id}" has no ${missing} text (written in ${known.join(', ')}); run ` +
        `\`normforge prompts translate --to ${missing}\` (it writes the project's prompts/${missing}/ with its ` +
        `dimensions.json) or add the language to the framework file and prompts/${missing}/`,
      { file: framework.file, field: `${field}.${missing}` },
    );
  }
}
