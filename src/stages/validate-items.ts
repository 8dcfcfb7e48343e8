import { existsSync } from 'node:fs';
import { z } from 'zod';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { defineStage } from './contract.ts';
import { PactItemSchema, type PactItem } from '../schemas/records.ts';
import { countryName } from '../pact/countries.ts';
import {
  JudgeParams,
  majority,
  pactPromptFile,
  ValidationAnswerSchema,
  type FailedSample,
  type ValidationAnswer,
} from '../pact/llm.ts';
import {
  distinctReasons,
  judgesOf,
  judgeAndSplit,
  planJudging,
  type Decision,
  type JudgeSpec,
} from './shared/pact-judging.ts';
import { VALIDATION_RULE } from '../pact/rules.ts';

const CANDIDATES = 'data/interim/pact-candidates.jsonl';
const ITEMS = 'data/interim/pact-items.jsonl';
const REJECTS = 'data/interim/pact-rejects.jsonl';
const CRITERIA = ['plausibility', 'clarity', 'scenario_clarity'] as const;
type Criterion = (typeof CRITERIA)[number];

const Params = z.strictObject({ ...JudgeParams });

type Reject = PactItem & { reason: string; failed_criteria: Criterion[]; failed_answers?: FailedSample[] };

const SPEC: JudgeSpec<PactItem, ValidationAnswer> = {
  stage: 'validate-items',
  task: { name: 'pact-validate', schema: ValidationAnswerSchema },
  idOf: (i) => i.scenario_id,
  varsOf: (i) => ({
    country_name: countryName(i.country),
    scenario: i.scenario,
    cultural_expectation: i.cultural_expectation,
    personal_preference: i.personal_preference,
    follow_culture_option: i.follow_culture_option,
    allow_preference_option: i.allow_preference_option,
  }),
};

/** Each criterion passes by a strict majority of all samples; an item is kept when all three pass. */
function decide(
  item: PactItem,
  { values, simulated }: { values: ValidationAnswer[]; simulated: boolean },
): Decision<PactItem, Reject> {
  const verdict = Object.fromEntries(CRITERIA.map((c) => [c, majority(values.map((v) => v[c]))])) as Record<
    Criterion,
    boolean
  >;
  const failed = CRITERIA.filter((c) => !verdict[c]);
  const reasons = failed.length
    ? distinctReasons(values.filter((v) => failed.some((c) => !v[c])).map((v) => v.reason))
    : [];
  const validated = { ...item, simulated: item.simulated || simulated, validation: { ...verdict, reasons } };
  if (failed.length === 0) return { keep: validated };
  return {
    reject: { ...validated, failed_criteria: failed, reason: `failed ${failed.join(', ')}: ${reasons.join(' | ')}` },
  };
}

export const validateItems = defineStage({
  name: 'validate-items',
  description:
    'LLM judge(s) rate preference plausibility, option clarity/distinctness and scenario clarity; failed items go to rejects with the reason',
  version: 2,
  inputs: [CANDIDATES],
  outputs: [ITEMS, REJECTS],
  params: Params,
  prompts: [pactPromptFile(SPEC.task.name)],
  members: (config, params) => judgesOf(config, params, SPEC.stage),
  async plan(ctx) {
    const file = ctx.ws.path(CANDIDATES);
    if (!existsSync(file))
      return {
        rows: [],
        notes: [`${CANDIDATES} does not exist yet: run generate-preferences first to plan validate-items`],
      };
    return planJudging(ctx, SPEC, await readJsonlAll(file, PactItemSchema));
  },
  async run(ctx) {
    const candidates = await readJsonlAll(ctx.input(CANDIDATES), PactItemSchema);
    const split = await judgeAndSplit(
      ctx,
      SPEC,
      candidates,
      decide,
      (item, reason, { failed, simulated }): Reject => ({
        ...item,
        simulated: item.simulated || simulated,
        reason,
        failed_criteria: [],
        failed_answers: failed,
      }),
    );
    const failedBy = Object.fromEntries(
      CRITERIA.map((c) => [c, split.rejects.filter((r) => r.failed_criteria.includes(c)).length]),
    );
    await writeJsonl(ctx.output(ITEMS), split.kept);
    await writeJsonl(ctx.output(REJECTS), split.rejects);
    return {
      counts: { candidates: candidates.length, kept: split.kept.length, rejected: split.rejects.length },
      summary: { failedBy, judges: split.judges },
      provenance: { rule: VALIDATION_RULE },
    };
  },
});
