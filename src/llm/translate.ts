import { z } from 'zod';
import { UserError } from '../errors.ts';
import { readCsv, readCsvHeader } from '../io/csv.ts';
import { chrf } from '../stats/chrf.ts';
import type { PanelMember } from '../schemas/config.ts';
import { canonicalLanguage, notALanguage } from '../schemas/language.ts';
import type { Panel } from './panel.ts';
import { estimateTextTokens } from './request.ts';
import { hasPrompt, promptFiles, promptVersion, renderPrompt } from './prompts.ts';
import { languageStates } from './prompt-review.ts';
import type { LlmRequest, LlmTask } from './types.ts';

export const TranslationSchema = z.object({ translation: z.string().min(1) });

export interface TranslateItem {
  id: string;
  text: string;
  sourceLanguage: string;
}

export interface Translated {
  id: string;
  text: string | null;
  source: 'original' | 'user' | 'llm';
  simulated: boolean;
  error?: string;
}

/** User-supplied translations: id -> language -> text. */
export type UserTranslations = Map<string, Map<string, string>>;

const COLUMNS = ['id', 'language', 'text'];

/** Reads a CSV `id,language,text` of translations the user supplies (they win over the model's). */
export async function readUserTranslations(file: string): Promise<UserTranslations> {
  const header = await readCsvHeader(file);
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    throw new UserError(`translations file needs columns ${COLUMNS.join(',')}; missing ${missing.join(', ')}`, {
      file,
      line: 1,
    });
  const out: UserTranslations = new Map();
  for await (const { line, values } of readCsv(file)) {
    for (const column of COLUMNS) {
      if (!values[column]?.trim()) throw new UserError('empty value', { file, line, column });
    }
    const language = canonicalLanguage(values.language);
    if (language === undefined) throw new UserError(notALanguage(values.language), { file, line, column: 'language' });
    const byLanguage = out.get(values.id) ?? new Map<string, string>();
    if (byLanguage.has(language))
      throw new UserError(`duplicate translation of "${values.id}" into ${language}`, { file, line });
    byLanguage.set(language, values.text);
    out.set(values.id, byLanguage);
  }
  return out;
}

/** The template language for a target: its own when a template exists (built in or the project's), else English. */
export function translationTemplateLanguage(target: string): string {
  return hasPrompt('translate', target) ? target : 'en';
}

/** The `translate` templates used to put texts into these languages (for fingerprints). */
export function translationPromptFiles(targets: readonly string[]): string[] {
  return promptFiles('translate', targets.map(translationTemplateLanguage));
}

export function translateTask(targetLanguage: string): LlmTask<z.infer<typeof TranslationSchema>> {
  return {
    name: 'translate',
    schema: TranslationSchema,
    promptVersion: promptVersion('translate', [translationTemplateLanguage(targetLanguage)]),
    expectedOutputTokens: 200,
  };
}

/**
 * `max_tokens` of a translation: twice the source's token estimate (a translation rarely needs
 * more, whichever way between English and Chinese) plus room for the JSON around it.
 */
export function translationMaxTokens(text: string): number {
  return Math.max(256, 2 * estimateTextTokens(text) + 64);
}

/**
 * Translates texts into `targetLanguage` through the panel (one deterministic sample each, cached
 * like any answer). Texts already in the target language stay as they are; user translations win.
 */
export async function translateTexts(
  panel: Panel,
  member: PanelMember,
  items: TranslateItem[],
  targetLanguage: string,
  userTranslations: UserTranslations = new Map(),
): Promise<Translated[]> {
  const task = translateTask(targetLanguage);
  // A template that is itself a simulated translation makes every text it produced a stand-in too.
  const template = promptFiles('translate', [translationTemplateLanguage(targetLanguage)]);
  const templateSimulated = Object.values(languageStates(template)).some((s) => s.simulated);
  const translator: PanelMember = { ...member, temperature: 0, runs: 1 };
  const requests: LlmRequest<z.infer<typeof TranslationSchema>>[] = [];
  const results = items.map((item): Translated | LlmRequest<z.infer<typeof TranslationSchema>> => {
    if (item.sourceLanguage === targetLanguage)
      return { id: item.id, text: item.text, source: 'original', simulated: false };
    const supplied = userTranslations.get(item.id)?.get(targetLanguage);
    if (supplied) return { id: item.id, text: supplied, source: 'user', simulated: false };
    const vars = { text: item.text, source_language: item.sourceLanguage, target_language: targetLanguage };
    const messages = renderPrompt('translate', translationTemplateLanguage(targetLanguage), vars).messages;
    const request = {
      task,
      itemId: item.id,
      member: translator,
      language: targetLanguage,
      messages,
      samples: 1,
      maxTokens: translationMaxTokens(item.text),
    };
    requests.push(request);
    return request;
  });
  const answers = new Map((await panel.ask(requests)).answers.map((a) => [a.request, a]));
  return results.map((r) => {
    if (!('task' in r)) return r;
    const sample = answers.get(r)?.samples[0];
    return {
      id: r.itemId,
      text: sample?.value?.translation ?? null,
      source: 'llm',
      simulated: (sample?.simulated ?? false) || templateSimulated,
      error: sample?.error,
    };
  });
}

/** A machine translation to check: the statement's source text and its translation into `language`. */
export interface CheckItem {
  id: string;
  source: string;
  sourceLanguage: string;
  translation: string;
  language: string;
}

export interface TranslationCheck {
  id: string;
  language: string;
  /** The translation translated back into the source language; null when that failed. */
  backTranslation: string | null;
  /** chrF of the back-translation against the source text, in [0, 1]; null without a back-translation. */
  chrf: number | null;
  simulated: boolean;
  error?: string;
}

/**
 * Back-translates machine translations into their source languages through the same member (one
 * deterministic, cached sample each, as forward) and scores each back-translation against the
 * source text with chrF: a low score says meaning was lost (or added) on the way.
 */
export async function checkTranslations(
  panel: Panel,
  member: PanelMember,
  items: CheckItem[],
): Promise<TranslationCheck[]> {
  const byPair = new Map<string, CheckItem[]>();
  for (const item of items) {
    const key = `${item.language}>${item.sourceLanguage}`;
    byPair.set(key, [...(byPair.get(key) ?? []), item]);
  }
  const checks: TranslationCheck[] = [];
  // One ask per (translation language, source language) pair: within it a statement id is one item.
  for (const group of byPair.values()) {
    const asked = group.map((i) => ({ id: i.id, text: i.translation, sourceLanguage: i.language }));
    const back = await translateTexts(panel, member, asked, group[0].sourceLanguage);
    group.forEach((item, k) => {
      const { text, simulated, error } = back[k];
      const chrfScore = text === null ? null : chrf(text, item.source);
      checks.push({ id: item.id, language: item.language, backTranslation: text, chrf: chrfScore, simulated, error });
    });
  }
  return checks;
}
