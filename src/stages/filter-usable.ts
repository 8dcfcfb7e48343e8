import { existsSync } from 'node:fs';
import { z } from 'zod';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { defineStage } from './contract.ts';
import { SourceScenarioSchema, type SourceScenario } from '../schemas/records.ts';
import {
  JudgeParams,
  pactPromptFile,
  majority,
  UsableAnswerSchema,
  type FailedSample,
  type UsableAnswer,
} from '../pact/llm.ts';
import {
  distinctReasons,
  judgesOf,
  judgeAndSplit,
  planJudging,
  type Decision,
  type JudgeSpec,
} from './shared/pact-judging.ts';
import { USABLE_RULE } from '../pact/rules.ts';

const INPUT = 'data/interim/cultureatlas.jsonl';
const USABLE = 'data/interim/cultureatlas-usable.jsonl';
const REJECTS = 'data/interim/cultureatlas-rejects.jsonl';

const Params = z.strictObject({ ...JudgeParams });

type Usable = SourceScenario & { simulated: boolean };
type Reject = SourceScenario & {
  reason: string;
  category: string | null;
  simulated: boolean;
  failed_answers?: FailedSample[];
};

const SPEC: JudgeSpec<SourceScenario, UsableAnswer> = {
  stage: 'filter-usable',
  task: { name: 'pact-usable', schema: UsableAnswerSchema },
  idOf: (s) => s.source_id,
  varsOf: (s) => ({
    country_name: s.country_name,
    topic: [s.fields.topic, s.fields.subtopic].filter(Boolean).join(' / '),
    assertion: s.fields.assertion ?? '',
  }),
};

/** Rows the source itself marks as not a norm (negatives, "[NEG NORM]") are dropped without asking. */
function sourceRejection(s: SourceScenario): string | undefined {
  if (/^false$/i.test(s.fields.label ?? '')) return 'labelled False by CultureAtlas (not a valid norm)';
  if (s.fields.assertion?.includes('[NEG NORM]')) return 'negated norm ([NEG NORM]) in CultureAtlas';
  return undefined;
}

/** Kept when a strict majority of all samples (judges × runs) call it a usable social norm. */
function decide(
  s: SourceScenario,
  { values, simulated }: { values: UsableAnswer[]; simulated: boolean },
): Decision<Usable, Reject> {
  if (majority(values.map((v) => v.usable && v.category === 'social-norm'))) return { keep: { ...s, simulated } };
  const dissent = values.filter((v) => !(v.usable && v.category === 'social-norm'));
  const category = mostCommon(dissent.map((v) => v.category));
  return {
    reject: {
      ...s,
      reason: distinctReasons(dissent.map((v) => v.reason)).join(' | ') || category,
      category,
      simulated,
    },
  };
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

async function readScenarios(file: string) {
  const all = await readJsonlAll(file, SourceScenarioSchema);
  return { all, asked: all.filter((s) => !sourceRejection(s)) };
}

export const filterUsable = defineStage({
  name: 'filter-usable',
  description:
    'LLM judge keeps CultureAtlas assertions that are actionable social norms; the rest go to rejects with the reason',
  version: 2,
  inputs: [INPUT],
  outputs: [USABLE, REJECTS],
  params: Params,
  prompts: [pactPromptFile(SPEC.task.name)],
  members: (config, params) => judgesOf(config, params, SPEC.stage),
  async plan(ctx) {
    const file = ctx.ws.path(INPUT);
    if (!existsSync(file))
      return { rows: [], notes: [`${INPUT} does not exist yet: run ingest-cultureatlas first to plan filter-usable`] };
    return planJudging(ctx, SPEC, (await readScenarios(file)).asked);
  },
  async run(ctx) {
    const { all, asked } = await readScenarios(ctx.input(INPUT));
    const early: Reject[] = all.flatMap((s) => {
      const reason = sourceRejection(s);
      return reason ? [{ ...s, reason, category: null, simulated: false }] : [];
    });
    const split = await judgeAndSplit(
      ctx,
      SPEC,
      asked,
      decide,
      (s, reason, { failed, simulated }): Reject => ({
        ...s,
        reason,
        category: null,
        simulated,
        failed_answers: failed,
      }),
    );
    const rejects = [...early, ...split.rejects];
    const categories: Record<string, number> = { 'social-norm': split.kept.length };
    for (const r of split.rejects) if (r.category) categories[r.category] = (categories[r.category] ?? 0) + 1;
    await writeJsonl(ctx.output(USABLE), split.kept);
    await writeJsonl(ctx.output(REJECTS), rejects);
    return {
      counts: { seen: all.length, usable: split.kept.length, rejected: rejects.length },
      summary: { categories, judges: split.judges },
      provenance: { rule: USABLE_RULE },
    };
  },
});
