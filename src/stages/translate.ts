import { z } from 'zod';
import { UserError } from '../errors.ts';
import { defineStage, type StageContext } from './contract.ts';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { writeCsv } from '../io/csv.ts';
import { withPanel } from './shared/panel.ts';
import { panelLanguages, resolvePanel } from '../llm/default-panel.ts';
import { renderPrompt } from '../llm/prompts.ts';
import {
  checkTranslations,
  readUserTranslations,
  translateTask,
  translateTexts,
  type CheckItem,
  translationPromptFiles,
  type Translated,
  type TranslationCheck,
  type UserTranslations,
} from '../llm/translate.ts';
import { KialoStatementSchema, type KialoStatement, type TranslatedStatement } from '../schemas/records.ts';
import type { PanelMember } from '../schemas/config.ts';
import {
  checkProvenance,
  REVIEW_COLUMNS,
  reviewCells,
  sourceLanguageOf,
  translationsToReview,
} from '../statements/translation-review.ts';
import { KIALO_KEPT } from './filter-votes.ts';
import { assumedStatementCount, scalePlan, TYPICAL_STATEMENT } from './shared/statement-count.ts';
import { TRANSLATED_FILE } from './shared/statements-judging.ts';

const TRANSLATIONS_INPUT = 'config?:sources.translations';
/** Machine translations whose back-translation scored low (or failed), for a speaker of the language to look at. */
export const TRANSLATION_REVIEW_FILE = 'data/interim/translation-review.csv';

const ParamsSchema = z.strictObject({
  /** Panel member id that translates; default the first panel member. */
  translator: z.string().optional(),
  /**
   * Back-translate every machine translation into its source language (same member) and score it
   * with chrF; false skips the check and its requests (half of this stage's).
   */
  backTranslate: z.boolean().default(true),
  /**
   * Machine translations whose back-translation scores below this chrF (0..1) are listed for review.
   * 0.5: a faithful paraphrase of a short statement scores about 0.55-0.85, one that stops a third
   * of the way through 0.3-0.45 (test/stats/chrf.test.ts, sacreBLEU's figures).
   */
  reviewBelow: z.number().min(0).max(1).default(0.5),
  assumeStatements: z.number().int().min(0).optional(),
});
type Params = z.infer<typeof ParamsSchema>;

function translatorOf(members: PanelMember[], id: string | undefined): PanelMember {
  if (id === undefined) return members[0];
  const found = members.find((m) => m.id === id);
  if (!found)
    throw new UserError(`translator "${id}" is not a panel member (members: ${members.map((m) => m.id).join(', ')})`, {
      field: 'stages.translate.translator',
    });
  return found;
}

async function userTranslations(ctx: StageContext<Params>): Promise<UserTranslations> {
  const file = ctx.config.sources.translations;
  return file ? readUserTranslations(ctx.input(TRANSLATIONS_INPUT)) : new Map();
}

/** A supplied translation that is never used is most likely a typo in its id or language: say so. */
function warnUnused(
  ctx: StageContext<Params>,
  supplied: UserTranslations,
  ids: Set<string>,
  languages: string[],
): void {
  for (const [id, byLanguage] of supplied) {
    if (!ids.has(id))
      ctx.log.warn(`${ctx.config.sources.translations}: translation of "${id}" matches no statement; ignored`);
    const unknown = [...byLanguage.keys()].filter((l) => !languages.includes(l));
    if (unknown.length)
      ctx.log.warn(
        `${ctx.config.sources.translations}: translation of "${id}" into ${unknown.join(', ')}, not a panel language (${languages.join(', ')}); ignored`,
      );
  }
}

function withTranslations(
  statement: KialoStatement,
  byLanguage: Map<string, Translated>,
  checks: readonly TranslationCheck[] | undefined,
): TranslatedStatement {
  const texts: Record<string, string> = {};
  const sources: TranslatedStatement['translation_source'] = {};
  let simulated = false;
  for (const [language, t] of byLanguage) {
    if (t.text === null)
      throw new Error(
        `statement ${statement.statement_id}: no ${language} translation (${t.error ?? 'no answer'}); rerun to retry`,
      );
    texts[language] = t.text;
    sources[language] = t.source;
    simulated ||= t.simulated;
  }
  const translated: TranslatedStatement = { ...statement, texts, translation_source: sources, simulated };
  if (!checks) return translated;
  const check: Record<string, { back_translation: string | null; chrf: number | null }> = {};
  for (const c of checks) {
    check[c.language] = { back_translation: c.backTranslation, chrf: c.chrf };
    translated.simulated ||= c.simulated;
  }
  return { ...translated, translation_check: check };
}

/** The machine translations (source "llm") to back-translate, with their statements' source texts. */
function machineTranslated(statements: readonly KialoStatement[], perStatement: Map<string, Map<string, Translated>>) {
  const items: CheckItem[] = [];
  for (const s of statements)
    for (const [language, t] of perStatement.get(s.statement_id) ?? [])
      if (t.source === 'llm' && t.text !== null)
        items.push({
          id: s.statement_id,
          source: s.thesis,
          sourceLanguage: sourceLanguageOf(s),
          translation: t.text,
          language,
        });
  return items;
}

/** Writes the review list (empty when the check is off), says how many need a look, and gives the provenance. */
function reportCheck(
  ctx: StageContext<Params>,
  out: TranslatedStatement[],
): { toReview: number; provenance: Record<string, unknown> } {
  const review = ctx.params.backTranslate ? translationsToReview(out, ctx.params.reviewBelow) : [];
  writeCsv(ctx.output(TRANSLATION_REVIEW_FILE), REVIEW_COLUMNS, review.map(reviewCells));
  if (!ctx.params.backTranslate) return { toReview: 0, provenance: { off: 'stages.translate.backTranslate is false' } };
  const checked = out.reduce((n, s) => n + Object.keys(s.translation_check ?? {}).length, 0);
  const message =
    `${review.length} of ${checked} machine translations scored below chrF ${ctx.params.reviewBelow} ` +
    'on back-translation (or could not be back-translated)';
  if (review.length) ctx.log.warn(`${message}: listed for review in ${TRANSLATION_REVIEW_FILE}`);
  else ctx.log.info(message);
  return { toReview: review.length, provenance: checkProvenance(out, review, ctx.params.reviewBelow) };
}

function byStatement(checks: readonly TranslationCheck[]): Map<string, TranslationCheck[]> {
  const out = new Map<string, TranslationCheck[]>();
  for (const c of checks) out.set(c.id, [...(out.get(c.id) ?? []), c]);
  return out;
}

export const translate = defineStage({
  name: 'translate',
  description:
    'Puts every statement into every panel language (user translations win, the rest through the panel, cached), ' +
    'back-translates machine translations and lists those scoring low (chrF) for review',
  version: 2,
  inputs: [KIALO_KEPT, TRANSLATIONS_INPUT],
  outputs: [TRANSLATED_FILE, TRANSLATION_REVIEW_FILE],
  params: ParamsSchema,
  cosmeticParams: ['assumeStatements'],
  prompts: (config) => translationPromptFiles(panelLanguages(resolvePanel(config))),
  members: (config, params) => [translatorOf(resolvePanel(config), params.translator)],

  async plan(ctx) {
    const members = resolvePanel(ctx.config);
    const member = translatorOf(members, ctx.params.translator);
    const targets = panelLanguages(members).filter((l) => l !== 'en');
    const { count, basis } = await assumedStatementCount(ctx);
    const asked = (text: string, from: string, to: string) => ({
      task: translateTask(to),
      itemId: TYPICAL_STATEMENT.statement_id,
      member: { ...member, temperature: 0, runs: 1 },
      language: to,
      messages: renderPrompt('translate', 'en', { text, source_language: from, target_language: to }).messages,
      samples: 1,
    });
    // A typical statement's translation into a language without one on hand is sized as the English text.
    const translated = (language: string) => TYPICAL_STATEMENT.texts[language] ?? TYPICAL_STATEMENT.texts.en;
    return withPanel(ctx, 'translate', async (panel) => {
      const requests = targets.flatMap((language) => [
        asked(TYPICAL_STATEMENT.texts.en, 'en', language),
        ...(ctx.params.backTranslate ? [asked(translated(language), language, 'en')] : []),
      ]);
      const plan = scalePlan(await panel.plan(requests), count);
      const check = ctx.params.backTranslate ? ', each back-translated into English to check it' : '';
      return {
        ...plan,
        notes: [
          `${count} statements (${basis}), English sources assumed, into ${targets.join(', ') || 'no other language'}` +
            `${check}; cached translations and user translations are not asked`,
        ],
      };
    });
  },

  async run(ctx) {
    const statements = await readJsonlAll(ctx.input(KIALO_KEPT), KialoStatementSchema);
    const members = resolvePanel(ctx.config);
    const member = translatorOf(members, ctx.params.translator);
    const supplied = await userTranslations(ctx);
    warnUnused(ctx, supplied, new Set(statements.map((s) => s.statement_id)), panelLanguages(members));
    const items = statements.map((s) => ({ id: s.statement_id, text: s.thesis, sourceLanguage: sourceLanguageOf(s) }));
    const perStatement = new Map(statements.map((s) => [s.statement_id, new Map<string, Translated>()]));
    const checks = await withPanel(ctx, 'translate', async (panel) => {
      for (const language of panelLanguages(members)) {
        for (const t of await translateTexts(panel, member, items, language, supplied))
          perStatement.get(t.id)?.set(language, t);
      }
      if (!ctx.params.backTranslate) return undefined;
      return checkTranslations(panel, member, machineTranslated(statements, perStatement));
    });
    const checksOf = checks && byStatement(checks);
    const out = statements.map((s) =>
      withTranslations(s, perStatement.get(s.statement_id)!, checksOf && (checksOf.get(s.statement_id) ?? [])),
    );
    await writeJsonl(ctx.output(TRANSLATED_FILE), out);
    const { toReview, provenance } = reportCheck(ctx, out);
    const bySource = (source: string) =>
      out.reduce((n, s) => n + Object.values(s.translation_source).filter((v) => v === source).length, 0);
    return {
      counts: {
        statements: out.length,
        original: bySource('original'),
        user: bySource('user'),
        llm: bySource('llm'),
        back_translated: checks?.length ?? 0,
        to_review: toReview,
      },
      summary: { languages: panelLanguages(members), translator: member.id, reviewFile: TRANSLATION_REVIEW_FILE },
      provenance: { translationCheck: provenance },
    };
  },
});
