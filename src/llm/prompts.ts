import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { PACKAGE_ROOT } from '../io/package-root.ts';
import type { ChatMessage } from './types.ts';

/**
 * Prompt templates are files `prompts/<language>/<task>.md`: the system part, a line `---user---`,
 * then the user part; `{{name}}` is replaced by a variable. Item texts go inside tags
 * (`<statement>…</statement>`) so the simulator, and a reader, can find them. normforge ships
 * them at the repository root (built in); a project's own `prompts/<language>/` folder, beside its
 * config, takes precedence file by file.
 */
export const PROMPTS_DIR = join(PACKAGE_ROOT, 'prompts');
const USER_SEPARATOR = /^---user---\s*$/m;

/**
 * The project whose prompt folder is in force while a stage (or a command) runs. It is scoped to
 * that work (not a process-wide setting) so two workspaces in one process never see each other's
 * templates, and it reaches every request builder without being threaded through each of them.
 */
const projectScope = new AsyncLocalStorage<string | undefined>();

/**
 * Runs `fn` with `promptsDir` (a project's `prompts/` folder) taking precedence over the built-in
 * templates. Files are looked up afresh on entry, so a template added or edited just before a run
 * is the one the run uses (and the one its fingerprint hashed).
 */
export function withProjectPrompts<T>(promptsDir: string | undefined, fn: () => T): T {
  sources.clear();
  languageFolders.clear();
  for (const cached of files.values()) cached.checkedAt = Number.NEGATIVE_INFINITY;
  return projectScope.run(projectFolder(promptsDir), fn);
}

/** A project's prompt folder, unless it has none or it is the built-in folder itself (`npm start` in the repository). */
function projectFolder(promptsDir: string | undefined): string | undefined {
  if (!promptsDir || !existsSync(promptsDir)) return undefined;
  return realpathSync(promptsDir) === realpathSync(PROMPTS_DIR) ? undefined : promptsDir;
}

/** The project prompt folder in force (see `withProjectPrompts`), if any. */
export function activeProjectPrompts(): string | undefined {
  return projectScope.getStore();
}

export interface PromptSource {
  /** Path relative to a `prompts/` folder, e.g. `ar/relevance.md`. */
  rel: string;
  /** The file that is read: the project's when it has one, else the built-in one. */
  file: string;
  origin: 'built-in' | 'project';
}

/** Which file a relative prompt path means: the project's override when present, else the built-in. */
export function locatePrompt(rel: string, promptsDir: string | undefined): PromptSource {
  return locateIn(rel, projectFolder(promptsDir));
}

function locateIn(rel: string, project: string | undefined): PromptSource {
  const own = project && join(project, rel);
  if (own && existsSync(own)) return { rel, file: own, origin: 'project' };
  return { rel, file: join(PROMPTS_DIR, rel), origin: 'built-in' };
}

/**
 * A stage renders one template for each of up to 100,000 requests in one synchronous loop: where a
 * file lives and what it says are looked at again only after a second has passed (or on entering
 * `withProjectPrompts`), so an edited template is seen by the next stage run, not re-read per request.
 */
const RECHECK_MS = 1000;
const sources = new Map<string, { source: PromptSource; checkedAt: number }>();
const files = new Map<string, { stamp: string; text: string; checkedAt: number }>();

/** `locatePrompt` in the project in force, remembered as above. */
export function promptSource(rel: string): PromptSource {
  const project = projectScope.getStore();
  const key = `${project ?? ''}\u0000${rel}`;
  const now = performance.now();
  const hit = sources.get(key);
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.source;
  const source = locateIn(rel, project);
  sources.set(key, { source, checkedAt: now });
  return source;
}

/** Paths relative to `prompts/`, as stages list them for fingerprinting. */
export function promptFiles(task: string, languages: readonly string[]): string[] {
  return [...new Set(languages)].sort().map((language) => `${language}/${task}.md`);
}

const languageFolders = new Map<string, { languages: string[]; checkedAt: number }>();

/** The language folders of the project's prompt folder in force (none without one), remembered as above. */
export function projectLanguages(): string[] {
  const project = activeProjectPrompts();
  if (!project) return [];
  const now = performance.now();
  const hit = languageFolders.get(project);
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.languages;
  const languages = readdirSync(project, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  languageFolders.set(project, { languages, checkedAt: now });
  return languages;
}

/** The text of a prompt-folder file (template or dimension texts), or undefined when neither folder has it. */
export function readPromptFile(rel: string): string | undefined {
  const { file } = promptSource(rel);
  const now = performance.now();
  const hit = files.get(file);
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.text;
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return undefined;
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const text = hit?.stamp === stamp ? hit.text : readFileSync(file, 'utf8');
  files.set(file, { stamp, text, checkedAt: now });
  return text;
}

function readTemplate(rel: string): string {
  const text = readPromptFile(rel);
  if (text !== undefined) return text;
  const project = activeProjectPrompts();
  const [language] = rel.split('/');
  throw new UserError(
    `no prompt template ${rel}, neither built in nor in the project` +
      `${project ? ` (${project})` : ''}; run \`normforge prompts translate --to ${language}\` or write it`,
    { file: promptSource(rel).file },
  );
}

/**
 * Content hash (first 12 hex of sha256) of the task's templates in these languages, kept with the
 * texts it was taken from: a stage asks it once per rendered request, and it is hashed again only
 * when a template's text changed.
 */
const versions = new Map<string, { texts: string[]; version: string }>();

export function promptVersion(task: string, languages: readonly string[]): string {
  const rels = promptFiles(task, languages);
  return versionOf(rels, rels.map(readTemplate));
}

function versionOf(rels: readonly string[], texts: readonly string[]): string {
  const key = rels.join('\u0000');
  const hit = versions.get(key);
  if (hit?.texts.every((t, i) => t === texts[i])) return hit.version;
  const hash = createHash('sha256');
  rels.forEach((rel, i) => hash.update(`${rel}\u0000${texts[i]}\u0000`));
  const version = hash.digest('hex').slice(0, 12);
  versions.set(key, { texts: [...texts], version });
  return version;
}

export function hasPrompt(task: string, language: string): boolean {
  return existsSync(promptSource(`${language}/${task}.md`).file);
}

export function renderPrompt(
  task: string,
  language: string,
  vars: Record<string, string | number>,
): { messages: ChatMessage[]; version: string } {
  const rel = `${language}/${task}.md`;
  const template = readTemplate(rel);
  const { system, user } = compiled(template, rel);
  const fill = (parts: string[]) => {
    let filled = parts[0];
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i];
      if (!(name in vars))
        throw new UserError(`template uses {{${name}}} but no value was given`, { file: promptSource(rel).file });
      filled += String(vars[name]) + parts[i + 1];
    }
    return filled.trim();
  };
  const systemText = system ? fill(system) : '';
  const messages: ChatMessage[] = systemText
    ? [
        { role: 'system', content: systemText },
        { role: 'user', content: fill(user) },
      ]
    : [{ role: 'user', content: fill(user) }];
  // The version of the very text rendered (what `promptVersion(task, [language])` gives).
  return { messages, version: versionOf([rel], [template]) };
}

/**
 * A template cut at its `---user---` line, then each part at its {{variables}}: text, name, text,
 * …, text. Cut before values go in, so a value holding such a line (a template being translated)
 * stays inside its part. Kept per template text: a stage renders one template 100,000 times.
 */
interface CompiledTemplate {
  system?: string[];
  user: string[];
}
const compiledTemplates = new Map<string, CompiledTemplate>();
const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/;

function compiled(template: string, rel: string): CompiledTemplate {
  let parts = compiledTemplates.get(template);
  if (!parts) {
    const halves = template.split(USER_SEPARATOR);
    if (halves.length > 2) throw new UserError('more than one ---user--- line', { file: promptSource(rel).file });
    parts =
      halves.length === 1
        ? { user: halves[0].split(VARIABLE) }
        : { system: halves[0].split(VARIABLE), user: halves[1].split(VARIABLE) };
    compiledTemplates.set(template, parts);
  }
  return parts;
}
