import { existsSync } from 'node:fs';
import { z } from 'zod';
import { InterruptedError, UserError } from '../errors.ts';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { withPanel } from './shared/panel.ts';
import { defineStage, type StageContext } from './contract.ts';
import { StatementLabelSchema, TranslatedStatementSchema } from '../schemas/records.ts';
import { readHumanScores } from '../evaluation/human-data.ts';
import { evalMembers } from '../evaluation/models.ts';
import { agreeRequests, statementDecisions } from '../evaluation/statements-requests.ts';
import { stratifiedSample } from '../evaluation/sampling.ts';
import { statementsCharts, statementsHtml, statementsMarkdown } from '../evaluation/statements-report.ts';
import { chartPngs } from '../io/svg/files.ts';
import { scoredLabels, summariseStatements } from '../evaluation/statements-summary.ts';
import { DATASETS } from '../datasets/registry.ts';
import { withFrameworkDimensions } from '../schemas/framework.ts';
import { frameworkOf, frameworkTable, recordedFramework, type LoadedFramework } from '../statements/framework.ts';
import { promptFiles } from '../llm/prompts.ts';
import { LanguageTagSchema } from '../schemas/language.ts';

const DIR = DATASETS['sociocultural-statements'].evalDir;
const LABELS = DATASETS['sociocultural-statements'].final.jsonl;
const TRANSLATED = 'data/interim/statements-translated.jsonl';

export const EvalStatementsParams = z.strictObject({
  languages: z.array(LanguageTagSchema).min(1).default(['en', 'zh']),
  /** Runs per model × language × statement; default the member's `runs`. */
  runs: z.number().int().min(1).optional(),
  models: z.array(z.string()).optional(),
  sample: z.number().int().positive().optional(),
  seed: z.number().int().default(0),
  resamples: z.number().int().min(100).default(10_000),
  alpha: z.number().gt(0).lt(1).default(0.05),
  figureOnlyDiffering: z.boolean().default(false),
});
type Params = z.infer<typeof EvalStatementsParams>;

async function loadStatements(ctx: StageContext<Params>, framework: LoadedFramework) {
  const labelsFile = ctx.input(LABELS);
  if (!existsSync(labelsFile))
    throw new UserError(`no statements to evaluate: build them with \`normforge run sociocultural-statements\``, {
      file: labelsFile,
    });
  const labels = await readJsonlAll(labelsFile, withFrameworkDimensions(StatementLabelSchema, framework));
  const scored = scoredLabels(labels);
  // Optional: without translations only the original (first-language) texts are asked.
  const translatedFile = ctx.input(TRANSLATED);
  const translated = existsSync(translatedFile) ? await readJsonlAll(translatedFile, TranslatedStatementSchema) : [];
  const texts = new Map(translated.map((t) => [t.statement_id, t.texts]));
  const original = new Map(labels.filter((l) => l.statement !== null).map((l) => [l.statement_id, l.statement!]));
  const firstDimension = new Map(scored.map((l) => [l.statement_id, l.dimension]));
  let ids = [...firstDimension.keys()].sort();
  if (ctx.params.sample)
    ids = stratifiedSample(
      ids,
      ctx.params.sample,
      ctx.params.seed,
      (id) => firstDimension.get(id)!,
      (id) => id,
    );
  const textOf = (id: string, language: string) =>
    texts.get(id)?.[language] ?? (language === ctx.params.languages[0] ? original.get(id) : undefined);
  return { scored: scored.filter((l) => ids.includes(l.statement_id)), ids, textOf };
}

function buildRequests(
  ctx: StageContext<Params>,
  ids: string[],
  textOf: (id: string, lang: string) => string | undefined,
) {
  const members = evalMembers(ctx.config, ctx.params.models);
  return { members, ...agreeRequests(members, ctx.params.languages, ids, textOf, ctx.params.runs) };
}

export const evalStatementsStage = defineStage({
  name: 'eval-statements',
  description:
    'Measure models on Sociocultural Statements: agree/disagree per language, ' +
    'profiles on the value framework, Table 3, Figure 1',
  version: 1,
  inputs: [LABELS, TRANSLATED, 'config?:eval.humanScores'],
  outputs: [`${DIR}/decisions.jsonl`, `${DIR}/summary.json`, `${DIR}/report.md`, `${DIR}/report.html`],
  params: EvalStatementsParams,
  prompts: (_config, params) => promptFiles('eval-agree', params.languages),
  members: (config, params) => evalMembers(config, params.models),
  tables: (config) => frameworkTable(frameworkOf(config)),
  async plan(ctx) {
    const { ids, textOf } = await loadStatements(ctx, frameworkOf(ctx.config));
    return withPanel(ctx, 'eval-statements', (panel) => panel.plan(buildRequests(ctx, ids, textOf).requests));
  },
  async run(ctx) {
    const framework = frameworkOf(ctx.config);
    const { scored, ids, textOf } = await loadStatements(ctx, framework);
    const { members, requests, missing } = buildRequests(ctx, ids, textOf);
    if (missing)
      ctx.log.warn(
        `${missing} (statement, language) pairs have no text in that language and are not asked (run translate first)`,
      );
    const answers = await withPanel(ctx, 'eval-statements', (panel) => panel.ask(requests).then((r) => r.answers));
    if (ctx.signal.aborted) throw new InterruptedError();
    const decisions = statementDecisions(answers);
    await writeJsonl(ctx.output(`${DIR}/decisions.jsonl`), decisions);
    const humanFile = ctx.config.eval.humanScores;
    const summary = summariseStatements(decisions, scored, {
      framework,
      models: members,
      languages: ctx.params.languages,
      resamples: ctx.params.resamples,
      seed: ctx.params.seed,
      alpha: ctx.params.alpha,
      onlyDiffering: ctx.params.figureOnlyDiffering,
      human: humanFile ? await readHumanScores(humanFile, framework) : [],
      humanSource: humanFile ?? null,
    });
    writeFileAtomic(ctx.output(`${DIR}/summary.json`), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileAtomic(ctx.output(`${DIR}/report.md`), statementsMarkdown(summary));
    const drawn = await chartPngs(statementsCharts(summary));
    if (!drawn.pngs) ctx.log.warn(`report charts download as SVG only (no PNG): ${drawn.note}`);
    writeFileAtomic(ctx.output(`${DIR}/report.html`), statementsHtml(summary, drawn.pngs ?? undefined));
    return {
      counts: {
        statements: ids.length,
        requests: requests.length,
        decisions: decisions.length,
        unparseable: summary.counts.unparseable,
        missing_texts: missing,
      },
      summary: {
        models: members.map((m) => m.id),
        languages: ctx.params.languages,
        significant: summary.table3.flatMap((r) =>
          r.comparisons.flatMap((c) =>
            c.dimensions
              .filter((d) => 'significant' in d && d.significant)
              .map((d) => `${r.model}:${d.dimension}:${c.base}-${c.other}`),
          ),
        ),
      },
      provenance: { framework: recordedFramework(framework) },
    };
  },
});
