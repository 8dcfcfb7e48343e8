import { z } from 'zod';
import { UserError } from '../errors.ts';
import { defineStage, type StageContext } from './contract.ts';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { withPanel } from './shared/panel.ts';
import { panelLanguages, resolvePanel } from '../llm/default-panel.ts';
import { renderPrompt } from '../llm/prompts.ts';
import {
  readUserTranslations,
  translateTask,
  translateTexts,
  translationPromptFiles,
  type Translated,
  type UserTranslations,
} from '../llm/translate.ts';
import { KialoStatementSchema, type KialoStatement, type TranslatedStatement } from '../schemas/records.ts';
import type { PanelMember } from '../schemas/config.ts';
import { KIALO_KEPT } from './filter-votes.ts';
import { assumedStatementCount, scalePlan, TYPICAL_STATEMENT } from './shared/statement-count.ts';
import { TRANSLATED_FILE } from './shared/statements-judging.ts';

const TRANSLATIONS_INPUT = 'config?:sources.translations';

const ParamsSchema = z.strictObject({
  /** Panel member id that translates; default the first panel member. */
  translator: z.string().optional(),
  assumeStatements: z.number().int().min(0).optional(),
});
type Params = z.infer<typeof ParamsSchema>;

/** Kialo records carry BCP 47 tags (en-US); the panel speaks base languages (en, zh). */
function sourceLanguage(s: KialoStatement): string {
  return (s.language ?? 'en').split('-')[0].toLowerCase();
}

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

function withTranslations(statement: KialoStatement, byLanguage: Map<string, Translated>): TranslatedStatement {
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
  return { ...statement, texts, translation_source: sources, simulated };
}

export const translate = defineStage({
  name: 'translate',
  description:
    'Puts every statement into every panel language (user translations win, the rest through the panel, cached)',
  version: 1,
  inputs: [KIALO_KEPT, TRANSLATIONS_INPUT],
  outputs: [TRANSLATED_FILE],
  params: ParamsSchema,
  cosmeticParams: ['assumeStatements'],
  prompts: (config) => translationPromptFiles(panelLanguages(resolvePanel(config))),
  members: (config, params) => [translatorOf(resolvePanel(config), params.translator)],

  async plan(ctx) {
    const members = resolvePanel(ctx.config);
    const member = translatorOf(members, ctx.params.translator);
    const targets = panelLanguages(members).filter((l) => l !== 'en');
    const { count, basis } = await assumedStatementCount(ctx);
    return withPanel(ctx, 'translate', async (panel) => {
      const requests = targets.map((language) => ({
        task: translateTask(language),
        itemId: TYPICAL_STATEMENT.statement_id,
        member: { ...member, temperature: 0, runs: 1 },
        language,
        messages: renderPrompt('translate', 'en', {
          text: TYPICAL_STATEMENT.texts.en,
          source_language: 'en',
          target_language: language,
        }).messages,
        samples: 1,
      }));
      const plan = scalePlan(await panel.plan(requests), count);
      return {
        ...plan,
        notes: [
          `${count} statements (${basis}), English sources assumed, into ${targets.join(', ') || 'no other language'}; cached translations and user translations are not asked`,
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
    const items = statements.map((s) => ({ id: s.statement_id, text: s.thesis, sourceLanguage: sourceLanguage(s) }));
    const perStatement = new Map(statements.map((s) => [s.statement_id, new Map<string, Translated>()]));
    await withPanel(ctx, 'translate', async (panel) => {
      for (const language of panelLanguages(members)) {
        for (const t of await translateTexts(panel, member, items, language, supplied))
          perStatement.get(t.id)?.set(language, t);
      }
    });
    const out = statements.map((s) => withTranslations(s, perStatement.get(s.statement_id)!));
    await writeJsonl(ctx.output(TRANSLATED_FILE), out);
    const bySource = (source: string) =>
      out.reduce((n, s) => n + Object.values(s.translation_source).filter((v) => v === source).length, 0);
    return {
      counts: { statements: out.length, original: bySource('original'), user: bySource('user'), llm: bySource('llm') },
      summary: { languages: panelLanguages(members), translator: member.id },
    };
  },
});
