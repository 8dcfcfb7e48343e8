import { existsSync } from 'node:fs';
import { z } from 'zod';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { defineStage, type StageContext } from '../pipeline/stage.ts';
import type { PanelMember } from '../schemas/config.ts';
import { PactItemSchema, type PactItem } from '../schemas/records.ts';
import { countryName } from '../pact/countries.ts';
import { collect, groupAnswers, JudgeParams, majority, pactPromptFile, pactRequests, selectMembers, ValidationAnswerSchema, withPanel } from '../pact/llm.ts';

const CANDIDATES = 'data/interim/pact-candidates.jsonl';
const ITEMS = 'data/interim/pact-items.jsonl';
const REJECTS = 'data/interim/pact-rejects.jsonl';
const TASK = { name: 'pact-validate', schema: ValidationAnswerSchema };
const CRITERIA = ['plausibility', 'clarity', 'scenario_clarity'] as const;

const Params = z.strictObject({ ...JudgeParams });

function requestsFor(items: readonly PactItem[], members: PanelMember[], runs: number) {
  return items.flatMap((i) =>
    pactRequests(
      TASK,
      i.scenario_id,
      {
        country_name: countryName(i.country),
        scenario: i.scenario,
        cultural_expectation: i.cultural_expectation,
        personal_preference: i.personal_preference,
        follow_culture_option: i.follow_culture_option,
        allow_preference_option: i.allow_preference_option,
      },
      members,
      runs,
    ),
  );
}

function judgesOf(ctx: StageContext<z.infer<typeof Params>>): PanelMember[] {
  return selectMembers(ctx as StageContext<unknown>, ctx.params.judges, 'stages.validate-items.judges');
}

export const validateItems = defineStage({
  name: 'validate-items',
  description: 'LLM judge(s) rate preference plausibility, option clarity/distinctness and scenario clarity; failed items go to rejects with the reason',
  version: 1,
  inputs: [CANDIDATES],
  outputs: [ITEMS, REJECTS],
  params: Params,
  prompts: [pactPromptFile(TASK.name)],
  async plan(ctx) {
    const file = ctx.ws.path(CANDIDATES);
    if (!existsSync(file)) return { rows: [], notes: [`${CANDIDATES} does not exist yet: run generate-preferences first to plan validate-items`] };
    const items = await readJsonlAll(file, PactItemSchema);
    return withPanel(ctx as StageContext<unknown>, 'validate-items', (panel) => panel.plan(requestsFor(items, judgesOf(ctx), ctx.params.runs)));
  },
  async run(ctx) {
    const candidates = await readJsonlAll(ctx.input(CANDIDATES), PactItemSchema);
    const members = judgesOf(ctx);
    const groups = groupAnswers(await withPanel(ctx as StageContext<unknown>, 'validate-items', (panel) => panel.ask(requestsFor(candidates, members, ctx.params.runs))));
    const kept: PactItem[] = [];
    const rejects: Array<PactItem & { reason: string }> = [];
    const failedBy: Record<string, number> = Object.fromEntries(CRITERIA.map((c) => [c, 0]));
    for (const item of candidates) {
      const { values, errors, simulated } = collect(groups.get(item.scenario_id) ?? []);
      const anySimulated = item.simulated || simulated;
      if (values.length === 0) {
        rejects.push({ ...item, simulated: anySimulated, reason: `no valid judge answer (${errors.join('; ')})` });
        continue;
      }
      const verdict = Object.fromEntries(CRITERIA.map((c) => [c, majority(values.map((v) => v[c]))])) as Record<(typeof CRITERIA)[number], boolean>;
      const failed = CRITERIA.filter((c) => !verdict[c]);
      const reasons = failed.length ? values.map((v) => v.reason).filter(Boolean) : [];
      const validated = { ...item, simulated: anySimulated, validation: { ...verdict, reasons } };
      if (failed.length === 0) {
        kept.push(validated);
        continue;
      }
      for (const c of failed) failedBy[c]++;
      rejects.push({ ...validated, reason: `failed ${failed.join(', ')}: ${reasons.join(' | ')}` });
    }
    await writeJsonl(ctx.output(ITEMS), kept);
    await writeJsonl(ctx.output(REJECTS), rejects);
    return { counts: { candidates: candidates.length, kept: kept.length, rejected: rejects.length }, summary: { failedBy, judges: members.map((m) => m.id) } };
  },
});
