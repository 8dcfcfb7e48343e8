import { existsSync } from 'node:fs';
import { z } from 'zod';
import { InterruptedError, UserError } from '../errors.ts';
import { writeJsonl } from '../io/jsonl.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { withPanel } from './shared/panel.ts';
import { readPactHfCsv } from '../pact/pact-hf.ts';
import { defineStage, type StageContext } from './contract.ts';
import { readHumanResponses } from '../evaluation/human-data.ts';
import { evalMembers } from '../evaluation/models.ts';
import { summarisePact } from '../evaluation/pact-analysis.ts';
import { writeAuthorsDecisionsCsv } from '../evaluation/pact-export.ts';
import { pactHumanAlignment } from '../evaluation/pact-human-alignment.ts';
import { humanStudySummary } from '../evaluation/pact-human-study.ts';
import { itemFromHfRow, itemsFromInstance, type EvalPactItem } from '../evaluation/pact-items.ts';
import { pactCharts, pactHtml, pactMarkdown, type PactEvalSummary } from '../evaluation/pact-report.ts';
import { chartPngs } from '../io/svg/files.ts';
import {
  decisionRequests,
  humanStudyItems,
  humanStudyRequests,
  respondentPersonas,
  toDecisions,
  type PactRequests,
} from '../evaluation/pact-requests.ts';
import {
  DemographicConditionSchema,
  SystemPromptConditionSchema,
  type HumanResponseRow,
} from '../evaluation/records.ts';
import { coveringSample, type CellCoverage } from '../evaluation/sampling.ts';
import { DATASETS } from '../datasets/registry.ts';
import { PACT_FINAL, readPactInstances } from '../datasets/pact-instances.ts';

const DIR = DATASETS.pact.evalDir;
const FINAL = PACT_FINAL;
const PACT_INPUT = 'config?:eval.pactInput';

export const EvalPactParams = z.strictObject({
  systemPrompts: z.array(SystemPromptConditionSchema).min(1).default(['no-balance', 'balance']),
  demographics: z.array(DemographicConditionSchema).min(1).default(['full_demo', 'age_only', 'gender_only', 'no_demo']),
  /** Runs per instance × condition (the paper asks once). */
  runs: z.number().int().min(1).default(1),
  /** Runs per human-study item × question × persona setting. */
  humanRuns: z.number().int().min(1).default(1),
  models: z.array(z.string()).optional(),
  sample: z.number().int().positive().optional(),
  /** With --sample: each configuration × relation × source cell gets at least this many items (or all it has). */
  minPerCell: z.number().int().min(0).default(2),
  seed: z.number().int().default(0),
});
type Params = z.infer<typeof EvalPactParams>;

const cellOf = (i: EvalPactItem) => [i.configuration ?? 'unexpanded', i.relation, i.source].join(' · ');

/** Every cell the design has: the configurations present (or "unexpanded") × the three relations × the sources present. */
function expectedCells(items: readonly EvalPactItem[]): string[] {
  const configurations = [...new Set(items.map((i) => i.configuration ?? 'unexpanded'))];
  const sources = [...new Set(items.map((i) => i.source))];
  return configurations.flatMap((c) =>
    ['same', 'close', 'far'].flatMap((r) => sources.map((s) => [c, r, s].join(' · '))),
  );
}

interface Loaded {
  items: EvalPactItem[];
  all: EvalPactItem[];
  input: string;
  coverage: CellCoverage[] | null;
}

/** The configured PACT file: the published 11-column CSV, or normforge's own instances (JSONL). */
async function loadItems(ctx: StageContext<Params>): Promise<Loaded> {
  const input = ctx.config.eval.pactInput ? ctx.input(PACT_INPUT) : ctx.input(FINAL);
  if (!existsSync(input))
    throw new UserError(
      `no PACT instances: build them with \`normforge run pact\` or set eval.pactInput to a published PACT CSV`,
      { file: input },
    );
  const all: EvalPactItem[] = [];
  if (input.toLowerCase().endsWith('.csv')) all.push(...(await readPactHfCsv(input)).map(itemFromHfRow));
  else for await (const inst of readPactInstances(input)) all.push(...itemsFromInstance(inst));
  if (!ctx.params.sample) return { items: all, all, input, coverage: null };
  const { sample, coverage } = coveringSample(all, {
    n: ctx.params.sample,
    seed: ctx.params.seed,
    minPerCell: ctx.params.minPerCell,
    stratum: (i) => [i.source, i.receiver_country, i.relation, i.configuration ?? '-'].join('|'),
    cell: cellOf,
    id: (i) => i.instance_id,
    expectedCells: expectedCells(all),
  });
  return { items: sample, all, input, coverage };
}

async function loadHumans(ctx: StageContext<Params>): Promise<HumanResponseRow[] | null> {
  return ctx.config.eval.humanResponses ? readHumanResponses(ctx.config.eval.humanResponses) : null;
}

function buildRequests(ctx: StageContext<Params>, loaded: Loaded, humans: readonly HumanResponseRow[] | null) {
  const members = evalMembers(ctx.config, ctx.params.models);
  const out: PactRequests = { requests: [], asked: new Map() };
  decisionRequests(out, members, loaded.items, ctx.params.systemPrompts, ctx.params.demographics, ctx.params.runs);
  // The human study's items are asked whether or not the sample drew them: they are what the respondents answered.
  if (humans)
    humanStudyRequests(
      out,
      members,
      humanStudyItems(loaded.all, humans),
      respondentPersonas(humans),
      ctx.params.humanRuns,
    );
  return { members, ...out };
}

export const evalPactStage = defineStage({
  name: 'eval-pact',
  description:
    'Measure models on PACT: follow culture or allow preference, by condition, configuration, relation and country',
  version: 1,
  // Both possible inputs are declared so a rebuilt dataset or a new CSV makes the evaluation stale;
  // the recipe's own file hashes as absent when only a published CSV is evaluated.
  inputs: [FINAL, PACT_INPUT, 'config?:eval.humanResponses'],
  outputs: [
    `${DIR}/decisions.jsonl`,
    `${DIR}/decisions-authors.csv`,
    `${DIR}/summary.json`,
    `${DIR}/report.md`,
    `${DIR}/report.html`,
  ],
  params: EvalPactParams,
  prompts: ['en/eval-pact.md', 'en/eval-pact-balance.md', 'en/eval-pact-personal.md', 'en/eval-pact-norm.md'],
  members: (config, params) => evalMembers(config, params.models),
  async plan(ctx) {
    const loaded = await loadItems(ctx);
    const humans = await loadHumans(ctx);
    return withPanel(ctx, 'eval-pact', (panel) => panel.plan(buildRequests(ctx, loaded, humans).requests));
  },
  async run(ctx) {
    const loaded = await loadItems(ctx);
    const { items, input } = loaded;
    const humans = await loadHumans(ctx);
    const { members, requests, asked } = buildRequests(ctx, loaded, humans);
    const answers = await withPanel(ctx, 'eval-pact', (panel) => panel.ask(requests).then((r) => r.answers));
    if (ctx.signal.aborted) throw new InterruptedError();
    const decisions = toDecisions(answers, asked);
    await writeJsonl(ctx.output(`${DIR}/decisions.jsonl`), decisions);
    await writeAuthorsDecisionsCsv(ctx.output(`${DIR}/decisions-authors.csv`), decisions);
    const summary: PactEvalSummary = {
      dataset: 'pact',
      simulated: decisions.some((d) => d.simulated),
      input,
      models: members.map((m) => ({
        id: m.id,
        model: m.model,
        simulated: decisions.some((d) => d.model === m.id && d.simulated),
      })),
      conditions: ctx.params.systemPrompts.flatMap((s) => ctx.params.demographics.map((d) => `${s}/${d}`)),
      sample: ctx.params.sample
        ? {
            n: ctx.params.sample,
            seed: ctx.params.seed,
            drawn: items.length,
            of: loaded.all.length,
            minPerCell: ctx.params.minPerCell,
            coverage: loaded.coverage ?? [],
          }
        : null,
      analysis: summarisePact(decisions),
      humanStudy: humans ? humanStudySummary(humans, loaded.all) : null,
      alignment: humans ? pactHumanAlignment(decisions, humans) : null,
    };
    writeFileAtomic(ctx.output(`${DIR}/summary.json`), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileAtomic(ctx.output(`${DIR}/report.md`), pactMarkdown(summary));
    // The stage writes only its declared outputs, so the charts' PNGs travel inside report.html.
    const drawn = await chartPngs(pactCharts(summary));
    if (!drawn.pngs) ctx.log.warn(`report charts download as SVG only (no PNG): ${drawn.note}`);
    writeFileAtomic(ctx.output(`${DIR}/report.html`), pactHtml(summary, drawn.pngs ?? undefined));
    return {
      counts: {
        items: items.length,
        requests: requests.length,
        decisions: decisions.length,
        unknown: summary.analysis.decisions.unknown,
      },
      summary: {
        models: members.map((m) => m.id),
        overall: summary.analysis.overall.map((c) => ({
          model: c.keys.model,
          allowPreferenceRate: c.rate,
          unknownRate: c.unknownRate,
        })),
      },
    };
  },
});
