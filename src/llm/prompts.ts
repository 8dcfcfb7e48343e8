import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

function readTemplate(rel: string): string {
  const file = join(PROMPTS_DIR, rel);
  if (!existsSync(file)) throw new UserError(`no prompt template for this task and language`, { file });
  return readFileSync(file, 'utf8');
}

/** Content hash (first 12 hex of sha256) of the task's templates in these languages. */
export function promptVersion(task: string, languages: readonly string[]): string {
  const hash = createHash('sha256');
  for (const rel of promptFiles(task, languages)) hash.update(`${rel}\u0000${readTemplate(rel)}\u0000`);
  return hash.digest('hex').slice(0, 12);
}

export function hasPrompt(task: string, language: string): boolean {
  return existsSync(join(PROMPTS_DIR, language, `${task}.md`));
}

export function renderPrompt(task: string, language: string, vars: Record<string, string | number>): { messages: ChatMessage[]; version: string } {
  const rel = `${language}/${task}.md`;
  const template = readTemplate(rel);
  const filled = template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in vars)) throw new UserError(`template uses {{${name}}} but no value was given`, { file: join(PROMPTS_DIR, rel) });
    return String(vars[name]);
  });
  const [system, user] = splitTemplate(filled, rel);
  const messages: ChatMessage[] = system ? [{ role: 'system', content: system }, { role: 'user', content: user }] : [{ role: 'user', content: user }];
  return { messages, version: promptVersion(task, [language]) };
}

function splitTemplate(text: string, rel: string): [string, string] {
  const parts = text.split(USER_SEPARATOR);
  if (parts.length > 2) throw new UserError('more than one ---user--- line', { file: join(PROMPTS_DIR, rel) });
  if (parts.length === 1) return ['', parts[0].trim()];
  return [parts[0].trim(), parts[1].trim()];
}
