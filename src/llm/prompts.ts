import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import type { ChatMessage } from './types.ts';

/**
 * Prompt templates are files `prompts/<language>/<task>.md` at the repository root: the system
 * part, a line `---user---`, then the user part; `{{name}}` is replaced by a variable. Item texts
 * go inside tags (`<statement>…</statement>`) so the simulator, and a reader, can find them.
 */
export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));
const USER_SEPARATOR = /^---user---\s*$/m;

/** Paths relative to `prompts/`, as stages list them for fingerprinting. */
export function promptFiles(task: string, languages: readonly string[]): string[] {
  return [...new Set(languages)].sort().map((language) => `${language}/${task}.md`);
}

/**
 * A stage renders one template for each of up to 100,000 requests in one synchronous loop: the
 * file is read once and looked at again (size and modification time) only after a second has
 * passed, so an edited template is seen by the next stage run, not re-read per request.
 */
const templates = new Map<string, { stamp: string; text: string; checkedAt: number }>();
const RECHECK_MS = 1000;

function readTemplate(rel: string): string {
  const now = performance.now();
  const hit = templates.get(rel);
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.text;
  const file = join(PROMPTS_DIR, rel);
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new UserError(`no prompt template for this task and language`, { file });
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const text = hit?.stamp === stamp ? hit.text : readFileSync(file, 'utf8');
  templates.set(rel, { stamp, text, checkedAt: now });
  return text;
}

/**
 * Content hash (first 12 hex of sha256) of the task's templates in these languages, kept with the
 * texts it was taken from: a stage asks it once per rendered request, and it is hashed again only
 * when a template's text changed.
 */
const versions = new Map<string, { texts: string[]; version: string }>();

export function promptVersion(task: string, languages: readonly string[]): string {
  const files = promptFiles(task, languages);
  return versionOf(files, files.map(readTemplate));
}

function versionOf(files: readonly string[], texts: readonly string[]): string {
  const key = files.join('\u0000');
  const hit = versions.get(key);
  if (hit?.texts.every((t, i) => t === texts[i])) return hit.version;
  const hash = createHash('sha256');
  files.forEach((rel, i) => hash.update(`${rel}\u0000${texts[i]}\u0000`));
  const version = hash.digest('hex').slice(0, 12);
  versions.set(key, { texts: [...texts], version });
  return version;
}

export function hasPrompt(task: string, language: string): boolean {
  return existsSync(join(PROMPTS_DIR, language, `${task}.md`));
}

export function renderPrompt(
  task: string,
  language: string,
  vars: Record<string, string | number>,
): { messages: ChatMessage[]; version: string } {
  const rel = `${language}/${task}.md`;
  const template = readTemplate(rel);
  const parts = compiled(template);
  let filled = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    if (!(name in vars))
      throw new UserError(`template uses {{${name}}} but no value was given`, { file: join(PROMPTS_DIR, rel) });
    filled += String(vars[name]) + parts[i + 1];
  }
  const [system, user] = splitTemplate(filled, rel);
  const messages: ChatMessage[] = system
    ? [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ]
    : [{ role: 'user', content: user }];
  // The version of the very text rendered (what `promptVersion(task, [language])` gives).
  return { messages, version: versionOf([rel], [template]) };
}

/** A template cut at its {{variables}}: text, name, text, name, …, text (kept per template text; a stage renders one template 100,000 times). */
const compiledTemplates = new Map<string, string[]>();
function compiled(template: string): string[] {
  let parts = compiledTemplates.get(template);
  if (!parts) {
    parts = template.split(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/);
    compiledTemplates.set(template, parts);
  }
  return parts;
}

function splitTemplate(text: string, rel: string): [string, string] {
  const parts = text.split(USER_SEPARATOR);
  if (parts.length > 2) throw new UserError('more than one ---user--- line', { file: join(PROMPTS_DIR, rel) });
  if (parts.length === 1) return ['', parts[0].trim()];
  return [parts[0].trim(), parts[1].trim()];
}
