import { renderPrompt } from '../llm/prompts.ts';
import type { LlmAnswer, LlmRequest } from '../llm/types.ts';
import type { PanelMember } from '../schemas/config.ts';
import { countryName } from '../pact/countries.ts';
import { describePerson, pactDecisionOf, promptVars, type EvalPactItem } from './pact-items.ts';
import { personaKey } from './pact-human-alignment.ts';
import {
  PactAnswerSchema,
  type DemographicCondition,
  type HumanResponseRow,
  type PactAnswer,
  type PactDecision,
  type PactQuestion,
  type Persona,
  type SystemPromptCondition,
} from './pact-records.ts';

const MAX_TOKENS = 300;
export const HUMAN_STUDY_TASKS = { personal: 'eval-pact-personal', norm: 'eval-pact-norm' } as const;

/** What one request asked, to turn its answers into decisions. */
export interface Asked {
  item: EvalPactItem;
  /** The id the answers are compared under: the item's scenario, or the human study's item id. */
  scenarioId: string;
  question: PactQuestion;
  persona: Persona | null;
  systemPrompt: SystemPromptCondition;
  demographics: DemographicCondition;
  /** Letter the culture option was shown under: the survey always shows it as A. */
  cultureOption: 'A' | 'B';
}

export interface PactRequests {
  requests: LlmRequest<PactAnswer>[];
  asked: Map<string, Asked>;
}

/** `template` is the prompt file; `task` the LLM task name (both PACT system prompts are one task, as before). */
function add(
  out: PactRequests,
  member: PanelMember,
  template: string,
  task: string,
  vars: Record<string, string>,
  asked: Asked,
  itemId: string,
  runs: number,
): void {
  const { messages, version } = renderPrompt(template, 'en', vars);
  out.asked.set(itemId, asked);
  out.requests.push({
    task: { name: task, schema: PactAnswerSchema, promptVersion: version },
    itemId,
    member,
    language: 'en',
    messages,
    samples: runs,
    maxTokens: MAX_TOKENS,
  });
}

/** PACT's own question: follow the culture or allow the preference, under each system prompt and demographic condition. */
export function decisionRequests(
  out: PactRequests,
  members: readonly PanelMember[],
  items: readonly EvalPactItem[],
  systemPrompts: readonly SystemPromptCondition[],
  demographics: readonly DemographicCondition[],
  runs: number,
): void {
  for (const member of members)
    for (const systemPrompt of systemPrompts) {
      const task = systemPrompt === 'balance' ? 'eval-pact-balance' : 'eval-pact';
      for (const condition of demographics)
        for (const item of items) {
          const asked: Asked = {
            item,
            scenarioId: item.scenario_id,
            question: 'decision',
            persona: null,
            systemPrompt,
            demographics: condition,
            cultureOption: item.culture_option,
          };
          add(
            out,
            member,
            task,
            'eval-pact',
            promptVars(item, condition),
            asked,
            `${item.instance_id}|${systemPrompt}/${condition}`,
            runs,
          );
        }
    }
}

function displayCountry(country: string): string {
  return /^[A-Z]{2}$/.test(country) ? countryName(country) : country;
}

/** "a younger woman from India", in the words of the survey's demographics. */
export function describeRespondent(p: Persona): string {
  const age = p.age === 'younger' ? 'a younger' : p.age === 'older' ? 'an older' : `an (age ${p.age})`;
  const who = p.gender === 'female' ? 'woman' : p.gender === 'male' ? 'man' : `person (${p.gender})`;
  return `${age} ${who} from ${displayCountry(p.country)}`;
}

/** The item each human-study id names: an instance by its id, else the first item of that scenario. */
export function humanStudyItems(
  items: readonly EvalPactItem[],
  humans: readonly HumanResponseRow[],
): Map<string, EvalPactItem> {
  const byInstance = new Map(items.map((i) => [i.instance_id, i]));
  const byScenario = new Map<string, EvalPactItem>();
  for (const i of items) if (!byScenario.has(i.scenario_id)) byScenario.set(i.scenario_id, i);
  const out = new Map<string, EvalPactItem>();
  for (const id of new Set(humans.map((h) => h.scenario_id))) {
    const item = byInstance.get(id) ?? byScenario.get(id);
    if (item) out.set(id, item);
  }
  return out;
}

/** The respondent subgroups of the study (country, age group, gender), each a persona the model answers as. */
export function respondentPersonas(humans: readonly HumanResponseRow[]): Persona[] {
  const seen = new Map<string, Persona>();
  for (const h of humans) {
    if (!h.respondent_age || !h.respondent_gender) continue;
    const p = { country: h.respondent_country, age: h.respondent_age, gender: h.respondent_gender };
    seen.set(personaKey(p), p);
  }
  return [...seen.values()].sort((a, b) => personaKey(a).localeCompare(personaKey(b)));
}

/**
 * The human study's two questions (what would you do; what does the norm expect), asked as the
 * survey asked them (A = the culture option), without a persona and as each respondent subgroup.
 */
export function humanStudyRequests(
  out: PactRequests,
  members: readonly PanelMember[],
  studyItems: ReadonlyMap<string, EvalPactItem>,
  personas: readonly Persona[],
  runs: number,
): void {
  for (const member of members)
    for (const [scenarioId, item] of studyItems)
      for (const question of ['personal', 'norm'] as const)
        for (const persona of [null, ...personas]) {
          const culture = item.culture_option === 'A' ? item.option_a : item.option_b;
          const preference = item.culture_option === 'A' ? item.option_b : item.option_a;
          const vars = {
            scenario: item.scenario,
            actor: describePerson(item.actor, item.actor_country, 'full_demo'),
            receiver: describePerson(item.receiver, item.receiver_country, 'full_demo'),
            norm: item.norm,
            preference: item.preference,
            option_a: culture,
            option_b: preference,
            respondent: persona
              ? `You are answering as a survey respondent: ${describeRespondent(persona)}.`
              : 'You are answering a survey.',
          };
          const asked: Asked = {
            item,
            scenarioId,
            question,
            persona,
            systemPrompt: 'no-balance',
            demographics: 'full_demo',
            cultureOption: 'A',
          };
          add(
            out,
            member,
            HUMAN_STUDY_TASKS[question],
            HUMAN_STUDY_TASKS[question],
            vars,
            asked,
            `${scenarioId}|${question}|${persona ? personaKey(persona) : '-'}`,
            runs,
          );
        }
}

export function toDecisions(answers: readonly LlmAnswer<unknown>[], asked: ReadonlyMap<string, Asked>): PactDecision[] {
  return answers.flatMap((a) => {
    const q = asked.get(a.request.itemId)!;
    const { item } = q;
    return a.samples.map((s): PactDecision => {
      const value = s.value as PactAnswer | undefined;
      return {
        instance_id: item.instance_id,
        scenario_id: q.scenarioId,
        model: a.request.member.id,
        question: q.question,
        persona: q.persona,
        condition: `${q.systemPrompt}/${q.demographics}`,
        system_prompt: q.systemPrompt,
        demographics: q.demographics,
        configuration: item.configuration,
        relation: item.relation,
        source: item.source,
        preference_type: item.preference_type,
        actor_country: item.actor_country,
        actor_region: item.actor_region,
        actor_age: item.actor.age,
        actor_gender: item.actor.gender,
        receiver_country: item.receiver_country,
        receiver_region: item.receiver_region,
        receiver_age: item.receiver.age,
        receiver_gender: item.receiver.gender,
        culture_option: q.cultureOption,
        run: s.index,
        decision: pactDecisionOf(value?.choice, q.cultureOption),
        error: value ? null : (s.error ?? 'no answer'),
        cache_key: s.cacheKey,
        prompt_version: a.request.task.promptVersion,
        simulated: s.simulated,
      };
    });
  });
}
