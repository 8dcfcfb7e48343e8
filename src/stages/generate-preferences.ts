import { withPanel } from './shared/panel.ts';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { readJsonlAll, writeJsonl } from '../io/jsonl.ts';
import { defineStage } from './contract.ts';
import type { Config, PanelMember } from '../schemas/config.ts';
import { SourceScenarioSchema, type PactItem, type SourceScenario } from '../schemas/records.ts';
import {
  assignPreferenceTypes,
  generationVars,
  PREFERENCE_TYPES,
  scenarioIdOf,
  sourceGoldLabel,
  type PreferenceType,
} from '../pact/generate.ts';
import {
  collect,
  describeFailures,
  GeneratedItemSchema,
  groupAnswers,
  pactPromptFile,
  pactRequests,
  selectMembers,
  type FailedSample,
} from '../pact/llm.ts';

const NORMAD = 'data/interim/normad.jsonl';
const USABLE = 'data/interim/cultureatlas-usable.jsonl';
const CANDIDATES = 'data/interim/pact-candidates.jsonl';
const FAILURES = 'data/interim/pact-generation-failures.jsonl';
const TASK = { name: 'pact-generate', schema: GeneratedItemSchema };

const Params = z.strictObject({
  /** Panel member id that writes the items; default the first panel member. */
  generator: z.string().optional(),
  /** Seed of the preference-type assignment. */
  seed: z.number().int().default(13),
});

async function readScenarios(files: string[]): Promise<SourceScenario[]> {
  const lists = await Promise.all(files.map((f) => readJsonlAll(f, SourceScenarioSchema)));
  return lists.flat();
}

function requestsFor(scenarios: readonly SourceScenario[], types: Map<string, PreferenceType>, member: PanelMember) {
  return scenarios.flatMap((s) =>
    pactRequests(
      TASK,
      scenarioIdOf(s),
      { country_name: s.country_name, target_type: types.get(scenarioIdOf(s))!, ...generationVars(s) },
      [member],
      1,
    ),
  );
}

function generatorOf(ctx: { config: Config; params: z.infer<typeof Params> }): PanelMember {
  return selectMembers(
    ctx.config,
    ctx.params.generator ? [ctx.params.generator] : undefined,
    'stages.generate-preferences.generator',
  )[0];
}

export const generatePreferences = defineStage({
  name: 'generate-preferences',
  description:
    'One structured LLM answer per usable scenario: neutral scenario, cultural expectation, personal preference (type-balanced), two parallel options',
  version: 1,
  inputs: [NORMAD, USABLE],
  outputs: [CANDIDATES, FAILURES],
  params: Params,
  prompts: [pactPromptFile(TASK.name)],
  members: (config, params) => [generatorOf({ config, params })],
  async plan(ctx) {
    const files = [NORMAD, USABLE].map((f) => ctx.ws.path(f));
    if (!files.every(existsSync))
      return { rows: [], notes: ['run ingest-normad and filter-usable first to plan generate-preferences'] };
    const scenarios = await readScenarios(files);
    const types = assignPreferenceTypes(scenarios.map(scenarioIdOf), ctx.params.seed);
    return withPanel(ctx, 'generate-preferences', (panel) =>
      panel.plan(requestsFor(scenarios, types, generatorOf(ctx))),
    );
  },
  async run(ctx) {
    const scenarios = await readScenarios([ctx.input(NORMAD), ctx.input(USABLE)]);
    const types = assignPreferenceTypes(scenarios.map(scenarioIdOf), ctx.params.seed);
    const member = generatorOf(ctx);
    const groups = groupAnswers(
      await withPanel(ctx, 'generate-preferences', (panel) =>
        panel.ask(requestsFor(scenarios, types, member)).then((r) => r.answers),
      ),
    );
    const items: PactItem[] = [];
    // A failed generation keeps what the model returned, so a prompt or parser problem can be seen.
    const failures: Array<{
      scenario_id: string;
      source: string;
      source_id: string;
      reason: string;
      failed_answers: FailedSample[];
    }> = [];
    const targeted = Object.fromEntries(PREFERENCE_TYPES.map((t) => [t, 0])) as Record<PreferenceType, number>;
    const produced = { ...targeted };
    for (const s of scenarios) {
      const id = scenarioIdOf(s);
      const { values, failed, simulated } = collect(groups.get(id) ?? []);
      const answer = values[0];
      if (!answer) {
        failures.push({
          scenario_id: id,
          source: s.source,
          source_id: s.source_id,
          reason: `no valid answer (${describeFailures(failed)})`,
          failed_answers: failed,
        });
        continue;
      }
      targeted[types.get(id)!]++;
      produced[answer.preference_type]++;
      items.push({
        scenario_id: id,
        source: s.source,
        source_id: s.source_id,
        country: s.country,
        ...answer,
        validation: null,
        simulated,
        source_country: s.source_country,
        source_gold_label: sourceGoldLabel(s),
      });
    }
    await writeJsonl(ctx.output(CANDIDATES), items);
    await writeJsonl(ctx.output(FAILURES), failures);
    const byType = Object.fromEntries(PREFERENCE_TYPES.map((t) => [`type_${t}`, produced[t]]));
    return {
      counts: { scenarios: scenarios.length, items: items.length, failed: failures.length, ...byType },
      summary: { generator: member.id, targetedTypes: targeted, producedTypes: produced },
    };
  },
});
