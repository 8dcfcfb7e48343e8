import { existsSync } from 'node:fs';
import { z } from 'zod';
import { InterruptedError, UserError } from '../errors.ts';
import { readJsonl, writeJsonl } from '../io/jsonl.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { withPanel } from '../llm/stage-panel.ts';
import { renderPrompt } from '../llm/prompts.ts';
import type { LlmAnswer, LlmRequest } from '../llm/types.ts';
import { readPactHfCsv } from '../pact/pact-hf.ts';
import { defineStage, type StageContext } from '../pipeline/stage.ts';
import { PactInstanceSchema } from '../schemas/records.ts';
import { readHumanResponses } from '../eval/human-data.ts';
import { evalMembers } from '../eval/models.ts';
import { summarisePact } from '../eval/pact-analysis.ts';
import { pactAlignment } from '../eval/pact-alignment.ts';
import { itemFromHfRow, itemsFromInstance, pactDecisionOf, promptVars, type EvalPactItem } from '../eval/pact-items.ts';
import { pactHtml, pactMarkdown, type PactEvalSummary } from '../eval/pact-report.ts';
import { DemographicConditionSchema, PactAnswerSchema, SystemPromptConditionSchema, type PactAnswer, type PactDecision } from '../eval/records.ts';
import { stratifiedSample } from '../eval/sampling.ts';

const DIR = 'data/final/eval/pact';
const FINAL = 'data/final/pact.jsonl';
const PACT_INPUT = 'config?:eval.pactInput';
const MAX_TOKENS = 300;

export const EvalPactParams = z.strictObject({
  systemPrompts: z.array(SystemPromptConditionSchema).min(1).default(['no-balance', 'balance']),
  demographics: z.array(DemographicConditionSchema).min(1).default(['full_demo', 'age_only', 'gender_only', 'no_demo']),
  /** Runs per instance × condition (the paper asks once). */
  runs: z.number().int().min(1).default(1),
  models: z.array(z.string()).optional(),
  sample: z.number().int().positive().optional(),
  seed: z.number().int().default(0),
});
type Params = z.infer<typeof EvalPactParams>;

/** The configured PACT file: the published 11-column CSV, or normforge's own instances (JSONL). */
async function loadItems(ctx: StageContext<Params>): Promise<{ items: EvalPactItem[]; input: string; total: number }> {
  const input = ctx.config.eval.pactInput ? ctx.input(PACT_INPUT) : ctx.input(FINAL);
  if (!existsSync(input)) throw new UserError(`no PACT instances: build them with \`normforge run pact\` or set eval.pactInput to a published PACT CSV`, { file: input });
  let items: EvalPactItem[];
  if (input.toLowerCase().endsWith('.csv')) items = (await readPactHfCsv(input)).map(itemFromHfRow);
  else {
    items = [];
    for await (const inst of readJsonl(input, PactInstanceSchema)) items.push(...itemsFromInstance(inst));
  }
  const total = items.length;
  if (ctx.params.sample) {
    const stratum = (i: EvalPactItem) => [i.source, i.receiver_country, i.relation, i.configuration ?? '-'].join('|');
    items = stratifiedSample(items, ctx.params.sample, ctx.params.seed, stratum, (i) => i.instance_id);
  }
  return { items, input, total };
}

interface Asked {
  item: EvalPactItem;
  systemPrompt: PactDecision['system_prompt'];
  demographics: PactDecision['demographics'];
}

function buildRequests(ctx: StageContext<Params>, items: EvalPactItem[]) {
  const members = evalMembers(ctx.config, ctx.params.models);
  const requests: LlmRequest<PactAnswer>[] = [];
  const asked = new Map<string, Asked>();
  for (const member of members) {
    for (const systemPrompt of ctx.params.systemPrompts) {
      const task = systemPrompt === 'balance' ? 'eval-pact-balance' : 'eval-pact';
      for (const demographics of ctx.params.demographics) {
        for (const item of items) {
          const { messages, version } = renderPrompt(task, 'en', promptVars(item, demographics));
          const itemId = `${item.instance_id}|${systemPrompt}/${demographics}`;
          asked.set(itemId, { item, systemPrompt, demographics });
          requests.push({ task: { name: 'eval-pact', schema: PactAnswerSchema, promptVersion: version }, itemId, member, language: 'en', messages, samples: ctx.params.runs, maxTokens: MAX_TOKENS });
        }
      }
    }
  }
  return { members, requests, asked };
}

function toDecisions(answers: LlmAnswer<unknown>[], asked: Map<string, Asked>): PactDecision[] {
  return answers.flatMap((a) => {
    const { item, systemPrompt, demographics } = asked.get(a.request.itemId)!;
    return a.samples.map((s) => {
      const value = s.value as PactAnswer | undefined;
      return {
        instance_id: item.instance_id,
        scenario_id: item.scenario_id,
        model: a.request.member.id,
        condition: `${systemPrompt}/${demographics}`,
        system_prompt: systemPrompt,
        demographics,
        configuration: item.configuration,
        relation: item.relation,
        source: item.source,
        actor_country: item.actor_country,
        receiver_country: item.receiver_country,
        receiver_region: item.receiver_region,
        culture_option: item.culture_option,
        run: s.index,
        decision: pactDecisionOf(value?.choice, item.culture_option),
        error: value ? null : (s.error ?? 'no answer'),
        cache_key: s.cacheKey,
        prompt_version: a.request.task.promptVersion,
        simulated: s.simulated,
      };
    });
  });
}

export const evalPactStage = defineStage({
  name: 'eval-pact',
  description: 'Measure models on PACT: follow culture or allow preference, by condition, configuration, relation and country',
  version: 1,
  // Both possible inputs are declared so a rebuilt dataset or a new CSV makes the evaluation stale;
  // the recipe's own file hashes as absent when only a published CSV is evaluated.
  inputs: [FINAL, PACT_INPUT, 'config?:eval.humanResponses'],
  outputs: [`${DIR}/decisions.jsonl`, `${DIR}/summary.json`, `${DIR}/report.md`, `${DIR}/report.html`],
  params: EvalPactParams,
  prompts: ['en/eval-pact.md', 'en/eval-pact-balance.md'],
  members: (config, params) => evalMembers(config, params.models),
  async plan(ctx) {
    const { items } = await loadItems(ctx);
    return withPanel(ctx, 'eval-pact', (panel) => panel.plan(buildRequests(ctx, items).requests));
  },
  async run(ctx) {
    const { items, input, total } = await loadItems(ctx);
    const { members, requests, asked } = buildRequests(ctx, items);
    const answers = await withPanel(ctx, 'eval-pact', (panel) => panel.ask(requests).then((r) => r.answers));
    if (ctx.signal.aborted) throw new InterruptedError();
    const decisions = toDecisions(answers, asked);
    await writeJsonl(ctx.output(`${DIR}/decisions.jsonl`), decisions);
    const humans = ctx.config.eval.humanResponses ? await readHumanResponses(ctx.config.eval.humanResponses) : null;
    const summary: PactEvalSummary = {
      dataset: 'pact',
      simulated: decisions.some((d) => d.simulated),
      input,
      models: members.map((m) => ({ id: m.id, model: m.model, simulated: decisions.some((d) => d.model === m.id && d.simulated) })),
      conditions: ctx.params.systemPrompts.flatMap((s) => ctx.params.demographics.map((d) => `${s}/${d}`)),
      sample: ctx.params.sample ? { n: ctx.params.sample, seed: ctx.params.seed, drawn: items.length, of: total } : null,
      analysis: summarisePact(decisions),
      alignment: humans ? pactAlignment(decisions, humans) : null,
    };
    writeFileAtomic(ctx.output(`${DIR}/summary.json`), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileAtomic(ctx.output(`${DIR}/report.md`), pactMarkdown(summary));
    writeFileAtomic(ctx.output(`${DIR}/report.html`), pactHtml(summary));
    return {
      counts: { items: items.length, requests: requests.length, decisions: decisions.length, unknown: summary.analysis.decisions.unknown },
      summary: { models: members.map((m) => m.id), overall: summary.analysis.overall.map((c) => ({ model: c.keys.model, allowPreferenceRate: c.rate })) },
    };
  },
});
