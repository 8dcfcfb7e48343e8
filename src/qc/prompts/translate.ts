import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.ts';
import { writeFileAtomic } from '../../io/atomic.ts';
import { resolvePanel } from '../../llm/default-panel.ts';
import { createPanel, type Panel } from '../../llm/panel.ts';
import type { Simulator } from '../../llm/sim/local.ts';
import { sha256Hex } from '../../llm/prompt-review.ts';
import { backTranslate, translatePromptTexts, type PromptTranslation } from '../../llm/prompt-translation.ts';
import { withProjectPrompts } from '../../llm/prompts.ts';
import { sweepLeftovers } from '../../pipeline/sweep.ts';
import type { Config, PanelMember } from '../../schemas/config.ts';
import type { Framework } from '../../schemas/framework.ts';
import { frameworkOf } from '../../statements/framework.ts';
import { canonicalLanguage, notALanguage } from '../../schemas/language.ts';
import type { PromptManifest, PromptManifestEntry } from '../../schemas/prompts.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { loadManifest, saveManifest } from './manifest.ts';
import { type ReviewRow, writeReviewSheet } from './sheet.ts';
import {
  DIMENSIONS_FILE,
  fileContent,
  fileOf,
  fileTexts,
  SOURCE_LANGUAGE,
  sourceTexts,
  translatableTemplates,
} from './texts.ts';

export interface TranslateOptions {
  /** The language to translate into (any BCP-47 tag). */
  to: string;
  /** The translator: a panel or evaluation member id (default: the translate stage's translator, else the first panel member). */
  member?: string;
  /** Translate again files the project already has for this language. */
  force?: boolean;
  signal?: AbortSignal;
  /** Answers members without `baseURL` (the offline simulator), when the caller has one. */
  simulator?: Simulator;
}

export interface TranslateResult {
  language: string;
  dir: string;
  translator: { member: string; model: string };
  written: string[];
  /** Files the project already had for the language (kept unless `force`). */
  kept: string[];
  /** Files not written: their translation broke placeholders, tags or the `---user---` line twice, or failed. */
  failed: Array<{ file: string; problems: string[] }>;
  /** The review sheet, listing every machine-translated file of the language not reviewed yet. */
  sheet?: string;
  simulated: boolean;
}

export const REVIEW_FILE = 'review.xlsx';

/** The member that translates: `--member`, else the translate stage's `translator`, else the first panel member. */
export function translatorMember(config: Config, id: string | undefined): PanelMember {
  const candidates = [...resolvePanel(config), ...(config.eval.models ?? [])];
  const configured = config.stages.translate?.translator;
  const wanted = id ?? (typeof configured === 'string' ? configured : undefined);
  if (wanted === undefined) return candidates[0];
  const found = candidates.find((m) => m.id === wanted);
  if (!found)
    throw new UserError(
      `translator "${wanted}" is neither a panel nor an evaluation member (${candidates.map((m) => m.id).join(', ')})`,
      { field: id === undefined ? 'stages.translate.translator' : '--member' },
    );
  return found;
}

export function targetLanguage(tag: string): string {
  const language = canonicalLanguage(tag);
  if (language === undefined) throw new UserError(`--to: ${notALanguage(tag)}`);
  if (language === SOURCE_LANGUAGE)
    throw new UserError(`--to ${language}: the prompts are written in ${SOURCE_LANGUAGE}; choose another language`);
  return language;
}

/**
 * `normforge prompts translate --to LANG`: every built-in English template and the dimension
 * texts, translated through the translator member with their placeholders, tags and `---user---`
 * line checked, back-translated, written to the project's `prompts/<lang>/` with a manifest
 * (machine-translated, unreviewed) and listed in a review sheet for a native speaker.
 */
export async function translatePrompts(ws: Workspace, opts: TranslateOptions): Promise<TranslateResult> {
  sweepLeftovers(ws);
  const language = targetLanguage(opts.to);
  const member = translatorMember(ws.config, opts.member);
  const panel = createPanel({
    store: ws.store,
    log: ws.log,
    stage: 'prompts-translate',
    signal: opts.signal,
    maxCostUsd: ws.config.budget.maxCostUsd,
    simulator: opts.simulator,
  });
  try {
    return await withProjectPrompts(ws.promptsDir, () => translateWith(ws, panel, member, language, opts.force));
  } finally {
    await panel.close();
  }
}

async function translateWith(
  ws: Workspace,
  panel: Panel,
  member: PanelMember,
  language: string,
  force = false,
): Promise<TranslateResult> {
  const dir = join(ws.promptsDir, language);
  const framework = frameworkOf(ws.config);
  const files = [...translatableTemplates(), DIMENSIONS_FILE];
  const kept = force ? [] : files.filter((f) => existsSync(join(dir, f)));
  const wanted = files.filter((f) => !kept.includes(f));
  const results = await translatePromptTexts(
    panel,
    member,
    wanted.flatMap((f) => sourceTexts(f, framework)),
    SOURCE_LANGUAGE,
    language,
  );
  const manifest = loadManifest(dir, language);
  const written: string[] = [];
  const failed: TranslateResult['failed'] = [];
  for (const file of wanted) {
    const own = results.filter((r) => fileOf(r.id) === file);
    const problems = own.flatMap((r) => r.problems.map((p) => (r.id === file ? p : `${r.id.split('#')[1]}: ${p}`)));
    if (problems.length) {
      failed.push({ file, problems });
      continue;
    }
    const content = fileContent(file, new Map(own.map((r) => [r.id, r.text ?? ''])), framework);
    writeFileAtomic(join(dir, file), content);
    manifest.files[file] = entryFor(file, content, member, own, framework);
    written.push(file);
  }
  if (written.length) saveManifest(dir, manifest);
  const sheet = await writeSheet(ws, panel, member, dir, manifest, results, framework);
  return {
    language,
    dir,
    translator: { member: member.id, model: member.model },
    written,
    kept,
    failed,
    sheet,
    simulated: results.some((r) => r.simulated && r.text !== null),
  };
}

function entryFor(
  file: string,
  content: string,
  member: PanelMember,
  own: PromptTranslation[],
  framework: Framework,
): PromptManifestEntry {
  const source = sourceTexts(file, framework);
  return {
    source: file === DIMENSIONS_FILE ? `dimension texts (${SOURCE_LANGUAGE})` : `${SOURCE_LANGUAGE}/${file}`,
    source_sha256: sha256Hex(source.map((t) => t.text).join('\u0000')),
    sha256: sha256Hex(content),
    translator: { member: member.id, model: member.model },
    status: 'machine-translated',
    simulated: own.some((r) => r.simulated),
    review_sheet_sha256: null,
    translated_at: new Date().toISOString(),
    reviewed_at: null,
  };
}

/**
 * The review sheet lists every file of the language still machine-translated, not only those of
 * this run, so none is forgotten; back-translations of earlier files come from the cache.
 */
async function writeSheet(
  ws: Workspace,
  panel: Panel,
  member: PanelMember,
  dir: string,
  manifest: PromptManifest,
  fresh: PromptTranslation[],
  framework: Framework,
): Promise<string | undefined> {
  const pending = Object.entries(manifest.files)
    .filter(([file, e]) => e.status === 'machine-translated' && existsSync(join(dir, file)))
    .filter(([file, e]) => sha256Hex(readFileSync(join(dir, file))) === e.sha256)
    .map(([file]) => file);
  if (!pending.length) return undefined;
  const texts = pending.flatMap((file) => fileTexts(file, readFileSync(join(dir, file), 'utf8'), framework));
  const thisRun = new Map(fresh.map((r) => [r.id, r]));
  const translatedNow = (id: string, text: string) => {
    const r = thisRun.get(id);
    return r && r.text?.trimEnd() === text ? r : undefined;
  };
  const earlier = texts.filter((t) => !translatedNow(t.id, t.text));
  const back = await backTranslate(panel, member, earlier, manifest.language, SOURCE_LANGUAGE);
  const sources = new Map(pending.flatMap((f) => sourceTexts(f, framework)).map((t) => [t.id, t.text]));
  const rows: ReviewRow[] = texts.map((t) => {
    const now = translatedNow(t.id, t.text);
    const backText = now ? now.backTranslation : back.get(t.id)?.text;
    const error = now ? now.backTranslationError : back.get(t.id)?.error;
    return {
      item: `${manifest.language}/${t.id}`,
      source: (sources.get(t.id) ?? '').trimEnd(),
      translation: t.text,
      backTranslation: backText ?? `(no back-translation: ${error ?? 'no answer'})`,
    };
  });
  const file = join(dir, REVIEW_FILE);
  const simulated = pending.some((f) => manifest.files[f].simulated);
  await writeReviewSheet(file, rows, { language: manifest.language, translator: describe(member), simulated });
  ws.log.info(`wrote ${file} (${rows.length} rows for review)`);
  return file;
}

const describe = (m: PanelMember) => `${m.id} (model ${m.model}${m.baseURL ? '' : ', the offline simulator'})`;
