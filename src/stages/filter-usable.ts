import { existsSync } from 'node:fs';
import { z } from 'zod';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { defineStage, type StageContext } from '../pipeline/stage.ts';
import type { PanelMember } from '../schemas/config.ts';
import { SourceScenarioSchema, type SourceScenario } from '../schemas/records.ts';
import { JudgeParams, collect, groupAnswers, majority, pactPromptFile, pactRequests, selectMembers, withPanel, UsableAnswerSchema } from '../pact/llm.ts';

const INPUT = 'data/interim/cultureatlas.jsonl';
const USABLE = 'data/interim/cultureatlas-usable.jsonl';
const REJECTS = 'data/interim/cultureatlas-rejects.jsonl';
const TASK = { name: 'pact-usable', schema: UsableAnswerSchema };

const Params = z.strictObject({ ...JudgeParams });
type Params = z.infer<typeof Params>;

/** Rows the source itself marks as not a norm (negatives, "[NEG NORM]") are dropped without asking. */
function sourceRejection(s: SourceScenario): string | undefined {
  if (/^false$/i.test(s.fields.label ?? '')) return 'labelled False by CultureAtlas (not a valid norm)';
  if (s.fields.assertion?.includes('[NEG NORM]')) return 'negated norm ([NEG NORM]) in CultureAtlas';
  return undefined;
}

function requestsFor(scenarios: readonly SourceScenario[], members: PanelMember[], runs: number) {
  return scenarios.flatMap((s) =>
    pactRequests(TASK, s.source_id, { country_name: s.country_name, topic: [s.fields.topic, s.fields.subtopic].filter(Boolean).join(' / '), assertion: s.fields.assertion ?? '' }, members, runs),
  );
}

async function scenariosToAsk(file: string) {
  const all = await readJsonlAll(file, SourceScenarioSchema);
  return { all, asked: all.filter((s) => !sourceRejection(s)) };
}

export const filterUsable = defineStage({
  name: 'filter-usable',
  description: 'LLM judge keeps CultureAtlas assertions that are actionable social norms; the rest go to rejects with the reason',
  version: 1,
  inputs: [INPUT],
  outputs: [USABLE, REJECTS],
  params: Params,
  prompts: [pactPromptFile(TASK.name)],
  async plan(ctx) {
    const file = ctx.ws.path(INPUT);
    if (!existsSync(file)) return { rows: [], notes: [`${INPUT} does not exist yet: run ingest-cultureatlas first to plan filter-usable`] };
    const { asked } = await scenariosToAsk(file);
    const members = selectMembers(ctx as StageContext<unknown>, ctx.params.judges, 'stages.filter-usable.judges');
    return withPanel(ctx as StageContext<unknown>, 'filter-usable', (panel) => panel.plan(requestsFor(asked, members, ctx.params.runs)));
  },
  async run(ctx) {
    const { all, asked } = await scenariosToAsk(ctx.input(INPUT));
    const members = selectMembers(ctx as StageContext<unknown>, ctx.params.judges, 'stages.filter-usable.judges');
    const answers = await withPanel(ctx as StageContext<unknown>, 'filter-usable', (panel) => panel.ask(requestsFor(asked, members, ctx.params.runs)));
    const groups = groupAnswers(answers);
    const usable: Array<SourceScenario & { simulated: boolean }> = [];
    const rejects: Array<SourceScenario & { reason: string; category: string | null; simulated: boolean }> = [];
    const categories: Record<string, number> = {};
    for (const s of all) {
      const early = sourceRejection(s);
      if (early) {
        rejects.push({ ...s, reason: early, category: null, simulated: false });
        continue;
      }
      const { values, errors, simulated } = collect(groups.get(s.source_id) ?? []);
      if (values.length === 0) {
        rejects.push({ ...s, reason: `no valid judge answer (${errors.join('; ')})`, category: null, simulated });
        continue;
      }
      const keep = majority(values.map((v) => v.usable && v.category === 'social-norm'));
      const category = keep ? 'social-norm' : (values.find((v) => !v.usable)?.category ?? values[0].category);
      categories[category] = (categories[category] ?? 0) + 1;
      if (keep) usable.push({ ...s, simulated });
      else rejects.push({ ...s, reason: values.filter((v) => !v.usable).map((v) => v.reason).join(' | ') || category, category, simulated });
    }
    await writeJsonl(ctx.output(USABLE), usable);
    await writeJsonl(ctx.output(REJECTS), rejects);
    return { counts: { seen: all.length, usable: usable.length, rejected: rejects.length }, summary: { categories, judges: members.map((m) => m.id) } };
  },
});
