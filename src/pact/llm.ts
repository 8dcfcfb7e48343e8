import { z } from 'zod';
import { UserError } from '../errors.ts';
import { resolvePanel } from '../llm/default-panel.ts';
import { renderPrompt } from '../llm/prompts.ts';
import type { LlmAnswer, LlmRequest, LlmTask } from '../llm/types.ts';
import type { Config, PanelMember } from '../schemas/config.ts';
import { PreferenceTypeSchema } from '../schemas/records.ts';

/** PACT prompts are English (the paper's); their templates live in prompts/en/pact-*.md. */
export const PACT_LANGUAGE = 'en';
export const pactPromptFile = (task: string) => `${PACT_LANGUAGE}/${task}.md`;

export const UsableAnswerSchema = z.object({
  category: z.enum(['social-norm', 'factual', 'non-social', 'non-actionable']),
  usable: z.boolean(),
  reason: z.string(),
});
export type UsableAnswer = z.infer<typeof UsableAnswerSchema>;

export const GeneratedItemSchema = z.object({
  scenario: z.string().min(20),
  cultural_expectation: z.string().min(5),
  personal_preference: z.string().min(5),
  preference_type: PreferenceTypeSchema,
  follow_culture_option: z.string().min(3),
  allow_preference_option: z.string().min(3),
});
export type GeneratedItem = z.infer<typeof GeneratedItemSchema>;

export const ValidationAnswerSchema = z.object({
  plausibility: z.boolean(),
  clarity: z.boolean(),
  scenario_clarity: z.boolean(),
  reason: z.string(),
});
export type ValidationAnswer = z.infer<typeof ValidationAnswerSchema>;

const EXPECTED_OUTPUT_TOKENS: Record<string, number> = { 'pact-usable': 40, 'pact-generate': 260, 'pact-validate': 50 };

/** Judges and generators: members named by id, else the panel's first member. */
export const JudgeParams = {
  /** Panel member ids that judge; several vote by majority. Default: the first panel member. */
  judges: z.array(z.string()).min(1).optional(),
  /**
   * Samples per judge and item; default each judge's own `runs` (the default panel: 5 at
   * temperature 1), so the verdict is a majority of samples and one stray draw cannot decide it.
   */
  runs: z.number().int().min(1).optional(),
};

export function selectMembers(config: Config, ids: readonly string[] | undefined, param: string): PanelMember[] {
  const panel = resolvePanel(config);
  if (!ids) return [panel[0]];
  const unknown = ids.filter((id) => !panel.some((m) => m.id === id));
  if (unknown.length)
    throw new UserError(`unknown panel member(s) ${unknown.join(', ')}; panel: ${panel.map((m) => m.id).join(', ')}`, {
      field: param,
    });
  return ids.map((id) => panel.find((m) => m.id === id)!);
}

/** One request per member for an item, from a prompt template in English; `runs` absent: each member's own. */
export function pactRequests<T>(
  task: { name: string; schema: z.ZodType<T> },
  itemId: string,
  vars: Record<string, string>,
  members: readonly PanelMember[],
  runs: number | undefined,
): LlmRequest<T>[] {
  const prompt = renderPrompt(task.name, PACT_LANGUAGE, vars);
  const llmTask: LlmTask<T> = {
    name: task.name,
    schema: task.schema,
    promptVersion: prompt.version,
    expectedOutputTokens: EXPECTED_OUTPUT_TOKENS[task.name],
  };
  return members.map((member) => ({
    task: llmTask,
    itemId,
    member,
    language: PACT_LANGUAGE,
    messages: prompt.messages,
    samples: runs ?? member.runs,
  }));
}

/** A sample that gave no usable value: who answered, why it failed, and the text it returned. */
export interface FailedSample {
  member: string;
  error: string;
  raw: string | null;
}

export interface Collected<T> {
  values: T[];
  failed: FailedSample[];
  simulated: boolean;
}

/** Every parsed value of an item's answers, with the samples that failed (raw text kept for the failure files). */
export function collect<T>(answers: readonly LlmAnswer<T>[]): Collected<T> {
  const out: Collected<T> = { values: [], failed: [], simulated: false };
  for (const a of answers) {
    for (const s of a.samples) {
      out.simulated ||= s.simulated;
      if (s.value !== undefined) out.values.push(s.value);
      else out.failed.push({ member: a.request.member.id, error: s.error ?? 'no answer', raw: s.raw });
    }
  }
  return out;
}

/** One line naming each failed sample's member and error. */
export function describeFailures(failed: readonly FailedSample[]): string {
  return failed.map((f) => `${f.member}: ${f.error}`).join('; ');
}

/** Strict majority of true votes; a tie does not pass (an item must convince the judges). */
export function majority(votes: readonly boolean[]): boolean {
  return votes.filter(Boolean).length * 2 > votes.length;
}
