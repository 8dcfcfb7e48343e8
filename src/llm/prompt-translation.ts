import type { PanelMember } from '../schemas/config.ts';
import type { Panel } from './panel.ts';
import { templateShapeProblems } from './prompt-shape.ts';
import { promptVersion, renderPrompt } from './prompts.ts';
import { estimateTextTokens } from './request.ts';
import { TranslationSchema } from './translate.ts';
import type { ChatMessage, LlmRequest, LlmSample, LlmTask } from './types.ts';

/** The task (and template, `prompts/en/translate-prompt.md`) that translates prompt texts; never translated itself. */
export const PROMPT_TRANSLATION_TASK = 'translate-prompt';

type Translation = { translation: string };

/** A text of the prompt folder to translate: a whole template, or one field of the dimension texts. */
export interface PromptText {
  id: string;
  text: string;
}

export interface PromptTranslation {
  id: string;
  /** The translation, only when it keeps every placeholder, tag and `---user---` line of its source. */
  text: string | null;
  /** Why there is no usable translation (after one re-ask stating the problem). */
  problems: string[];
  reasked: boolean;
  /** The translation put back into the source language, for a reviewer to compare; null when it failed. */
  backTranslation: string | null;
  backTranslationError?: string;
  /** The simulator answered: the text is a marked stand-in. */
  simulated: boolean;
}

/** "Arabic" for `ar`: models follow a language's name more surely than its code. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function task(): LlmTask<Translation> {
  return {
    name: PROMPT_TRANSLATION_TASK,
    schema: TranslationSchema,
    promptVersion: promptVersion(PROMPT_TRANSLATION_TASK, ['en']),
    expectedOutputTokens: 400,
  };
}

/** A template's translation may be longer than its source (scripts differ in tokens per word): room for twice that. */
function maxTokensFor(text: string): number {
  return Math.max(512, 3 * estimateTextTokens(text) + 64);
}

function request(member: PanelMember, item: PromptText, from: string, to: string): LlmRequest<Translation> {
  const { messages } = renderPrompt(PROMPT_TRANSLATION_TASK, 'en', {
    // A literal `{{statement}}` in the template would be taken for its own placeholder: given as a value.
    placeholder_example: '{{statement}}',
    template: item.text,
    source_language: from,
    source_language_name: languageName(from),
    target_language: to,
    target_language_name: languageName(to),
  });
  return {
    task: task(),
    itemId: `${to}/${item.id}`,
    member,
    language: to,
    messages,
    samples: 1,
    maxTokens: maxTokensFor(item.text),
  };
}

/** The same question with the rejected translation and what it broke, asked once. */
function reask(asked: LlmRequest<Translation>, raw: string, problems: string[]): LlmRequest<Translation> {
  const messages: ChatMessage[] = [
    ...asked.messages,
    { role: 'assistant', content: raw },
    {
      role: 'user',
      content:
        `That translation cannot be used: it ${problems.join('; ')}. Translate the template again, keeping ` +
        'every {{placeholder}}, every <tag> and the ---user--- line exactly as they are in the original.',
    },
  ];
  return { ...asked, messages };
}

async function firstSamples(panel: Panel, requests: LlmRequest<Translation>[]): Promise<LlmSample<Translation>[]> {
  if (!requests.length) return [];
  const { answers } = await panel.ask(requests);
  const byRequest = new Map(answers.map((a) => [a.request, a.samples[0]]));
  return requests.map(
    (r) =>
      byRequest.get(r) ?? { index: 0, cacheKey: '', raw: null, fromCache: false, simulated: false, error: 'no answer' },
  );
}

interface Attempt {
  item: PromptText;
  request: LlmRequest<Translation>;
  sample: LlmSample<Translation>;
  problems: string[];
}

function attempt(item: PromptText, request: LlmRequest<Translation>, sample: LlmSample<Translation>): Attempt {
  const value = sample.value?.translation;
  const problems =
    value === undefined ? [`got no answer (${sample.error ?? 'no answer'})`] : templateShapeProblems(item.text, value);
  return { item, request, sample, problems };
}

/**
 * Translations put back into the language they were translated from (`to` here is that source
 * language), by id; asked like any translation, so texts translated back before come from the cache.
 */
export async function backTranslate(
  panel: Panel,
  member: PanelMember,
  translations: readonly PromptText[],
  from: string,
  to: string,
): Promise<Map<string, { text: string | null; error?: string }>> {
  const translator: PanelMember = { ...member, temperature: 0, runs: 1 };
  const samples = await firstSamples(
    panel,
    translations.map((t) => request(translator, t, from, to)),
  );
  return new Map(
    translations.map((t, i) => {
      const value = samples[i].value?.translation;
      return [t.id, value === undefined ? { text: null, error: samples[i].error ?? 'no answer' } : { text: value }];
    }),
  );
}

/**
 * Translates prompt texts from `from` into `to` through one member (deterministically, cached like
 * every answer): a translation that breaks its source's marks is asked again once, naming what it
 * broke, and listed as failed if it still does; every usable translation is translated back into
 * `from` for a reviewer to compare.
 */
export async function translatePromptTexts(
  panel: Panel,
  member: PanelMember,
  items: readonly PromptText[],
  from: string,
  to: string,
): Promise<PromptTranslation[]> {
  const translator: PanelMember = { ...member, temperature: 0, runs: 1 };
  const requests = items.map((item) => request(translator, item, from, to));
  const samples = await firstSamples(panel, requests);
  const first = items.map((item, i) => attempt(item, requests[i], samples[i]));
  const broken = first.filter((a) => a.problems.length && a.sample.value !== undefined);
  const reasks = broken.map((a) => reask(a.request, a.sample.raw ?? JSON.stringify(a.sample.value), a.problems));
  const again = await firstSamples(panel, reasks);
  const second = new Map(broken.map((a, i) => [a.item.id, attempt(a.item, reasks[i], again[i])]));
  const final = first.map((a) => second.get(a.item.id) ?? a);
  const usable = final.filter((a) => !a.problems.length);
  const back = await backTranslate(
    panel,
    translator,
    usable.map((a) => ({ id: a.item.id, text: a.sample.value?.translation ?? '' })),
    to,
    from,
  );
  return final.map((a): PromptTranslation => {
    const usableText = a.problems.length ? null : (a.sample.value?.translation ?? null);
    const backTranslated = back.get(a.item.id);
    return {
      id: a.item.id,
      text: usableText,
      problems: a.problems,
      reasked: second.has(a.item.id),
      backTranslation: backTranslated?.text ?? null,
      ...(backTranslated?.error ? { backTranslationError: backTranslated.error } : {}),
      simulated: a.sample.simulated,
    };
  });
}
