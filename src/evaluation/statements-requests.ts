import { renderPrompt } from '../llm/prompts.ts';
import type { LlmAnswer, LlmRequest } from '../llm/types.ts';
import type { PanelMember } from '../schemas/config.ts';
import { AgreeAnswerSchema, type AgreeAnswer, type StatementDecision } from './records.ts';

/** Room for the arguments for and against before the final answer. */
const MAX_TOKENS = 700;

export interface AgreeRequestPlan {
  requests: LlmRequest<AgreeAnswer>[];
  /** (statement, language) pairs not asked because the statement has no text in that language. */
  missing: number;
}

/**
 * The agree/disagree requests of the evaluation: each member, in each of its languages, about each
 * statement; `runs` overrides the member's own number of runs.
 */
export function agreeRequests(
  members: readonly PanelMember[],
  languages: readonly string[],
  ids: readonly string[],
  textOf: (id: string, language: string) => string | undefined,
  runs?: number,
): AgreeRequestPlan {
  const requests: LlmRequest<AgreeAnswer>[] = [];
  let missing = 0;
  for (const member of members) {
    for (const language of languages.filter((l) => member.languages.includes(l))) {
      for (const id of ids) {
        const text = textOf(id, language);
        if (text === undefined) {
          missing++;
          continue;
        }
        const { messages, version } = renderPrompt('eval-agree', language, { statement: text });
        requests.push({
          task: { name: 'eval-agree', schema: AgreeAnswerSchema, promptVersion: version },
          itemId: `${id}:${language}`,
          member,
          language,
          messages,
          samples: runs ?? member.runs,
          maxTokens: MAX_TOKENS,
        });
      }
    }
  }
  return { requests, missing };
}

/** One decision per sample; an answer today's parser rejects is `unparseable`, with the reason. */
export function statementDecisions(answers: readonly LlmAnswer<AgreeAnswer>[]): StatementDecision[] {
  return answers.flatMap((a) =>
    a.samples.map((s) => ({
      statement_id: a.request.itemId.slice(0, a.request.itemId.lastIndexOf(':')),
      model: a.request.member.id,
      language: a.request.language,
      run: s.index,
      decision: s.value?.answer ?? 'unparseable',
      error: s.value ? null : (s.error ?? 'no answer'),
      cache_key: s.cacheKey,
      prompt_version: a.request.task.promptVersion,
      simulated: s.simulated,
    })),
  );
}
