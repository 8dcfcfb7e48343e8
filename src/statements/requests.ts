import { renderPrompt } from '../llm/prompts.ts';
import type { LlmRequest, LlmTask } from '../llm/types.ts';
import type { PanelMember } from '../schemas/config.ts';
import type { Dimension } from '../schemas/records.ts';
import { UserError } from '../errors.ts';
import { DIMENSIONS, dimensionText, hofstedeLanguages, hofstedeVersion } from './hofstede.ts';
import {
  EconomyAnswerSchema,
  PolarityAnswerSchema,
  RelevanceAnswerSchema,
  type EconomyAnswer,
  type PolarityAnswer,
  type RelevanceAnswer,
} from './answers.ts';

/** A statement as the judge stages see it: its id and its text in every panel language. */
export interface JudgedStatement {
  statement_id: string;
  texts: Record<string, string>;
}

export type QuestionKind = 'relevance' | 'polarity';

const SCHEMAS = { relevance: RelevanceAnswerSchema, polarity: PolarityAnswerSchema } as const;

/** Typical answer length of the JSON itself, for plans; reasoning models (deepseek-r1) also bill their thinking. */
const EXPECTED_OUTPUT_TOKENS = { relevance: 8, polarity: 8, 'hofstede-economy': 110 } as const;

/**
 * `max_tokens` sent with every question (and reserved by the budget): generous, because reasoning
 * models think before the JSON and a tight cap would truncate them into failures.
 */
const MAX_OUTPUT_TOKENS = 4096;

function textIn(statement: JudgedStatement, language: string): string {
  const text = statement.texts[language];
  if (text === undefined)
    throw new Error(`statement ${statement.statement_id} has no ${language} text; rerun translate`);
  return text;
}

/** The prompt version recorded with each answer covers the template and the Hofstede table. */
function versioned<T>(
  name: keyof typeof EXPECTED_OUTPUT_TOKENS,
  schema: LlmTask<T>['schema'],
  templateVersion: string,
): LlmTask<T> {
  return {
    name,
    schema,
    promptVersion: `${templateVersion}.${hofstedeVersion()}`,
    expectedOutputTokens: EXPECTED_OUTPUT_TOKENS[name],
    maxOutputTokens: MAX_OUTPUT_TOKENS,
  };
}

/**
 * What one run votes in faithful mode (its label's mode of runs, see aggregate.ts): lets members
 * with `earlyStop` stop once that mode is settled. Economy answers (six labels, polarity only where
 * relevant) are always asked in full.
 */
function runVote(value: RelevanceAnswer | PolarityAnswer): Array<boolean | number> {
  return 'relevant' in value ? [value.relevant] : [value.score];
}

/** Faithful mode: one question per statement x dimension, per member x language, `runs` samples each. */
export function questionRequests(
  kind: 'relevance',
  pairs: ReadonlyArray<{ statement: JudgedStatement; dimension: Dimension }>,
  members: readonly PanelMember[],
): LlmRequest<RelevanceAnswer>[];
export function questionRequests(
  kind: 'polarity',
  pairs: ReadonlyArray<{ statement: JudgedStatement; dimension: Dimension }>,
  members: readonly PanelMember[],
): LlmRequest<PolarityAnswer>[];
export function questionRequests(
  kind: QuestionKind,
  pairs: ReadonlyArray<{ statement: JudgedStatement; dimension: Dimension }>,
  members: readonly PanelMember[],
): LlmRequest<RelevanceAnswer | PolarityAnswer>[] {
  const out: LlmRequest<RelevanceAnswer | PolarityAnswer>[] = [];
  for (const { statement, dimension } of pairs) {
    for (const member of members) {
      for (const language of member.languages) {
        const prompt = renderPrompt(kind, language, {
          ...dimensionText(dimension, language),
          statement: textIn(statement, language),
        });
        out.push({
          task: {
            ...versioned(kind, SCHEMAS[kind] as LlmTask<RelevanceAnswer | PolarityAnswer>['schema'], prompt.version),
            votes: runVote,
          },
          itemId: `${statement.statement_id}:${dimension}`,
          member,
          language,
          messages: prompt.messages,
          samples: member.runs,
        });
      }
    }
  }
  return out;
}

/** The six dimensions as one block of prompt text, in the prompt's language. */
function dimensionsBlock(language: string): string {
  return DIMENSIONS.map((d) => {
    const t = dimensionText(d, language);
    return `- ${d} (${t.name}): ${t.definition} (+) ${t.positive}; (-) ${t.negative}`;
  }).join('\n');
}

/** Economy mode: all six dimensions in one answer, per statement x member x language. */
export function economyRequests(
  statements: readonly JudgedStatement[],
  members: readonly PanelMember[],
): LlmRequest<EconomyAnswer>[] {
  const out: LlmRequest<EconomyAnswer>[] = [];
  for (const statement of statements) {
    for (const member of members) {
      for (const language of member.languages) {
        const prompt = renderPrompt('hofstede-economy', language, {
          dimensions: dimensionsBlock(language),
          statement: textIn(statement, language),
        });
        out.push({
          task: versioned('hofstede-economy', EconomyAnswerSchema, prompt.version),
          itemId: statement.statement_id,
          member,
          language,
          messages: prompt.messages,
          samples: member.runs,
        });
      }
    }
  }
  return out;
}

/** Every pair of the given statements with every dimension. */
export function allPairs(
  statements: readonly JudgedStatement[],
): Array<{ statement: JudgedStatement; dimension: Dimension }> {
  return statements.flatMap((statement) => DIMENSIONS.map((dimension) => ({ statement, dimension })));
}

/** A panel language the Hofstede table is not written in cannot be asked; say so before any request. */
export function checkPanelLanguages(members: readonly PanelMember[]): void {
  const known = hofstedeLanguages();
  for (const member of members) {
    const missing = member.languages.filter((l) => !known.includes(l));
    if (missing.length) {
      throw new UserError(
        `panel member "${member.id}" asks in ${missing.join(', ')}, but the Hofstede dimensions are written only in ` +
          `${known.join(', ')}; run \`normforge prompts translate --to ${missing[0]}\` (it writes the project's ` +
          `prompts/${missing[0]}/ and prompts/${missing[0]}/dimensions.json) or write them`,
        { field: 'panel.languages' },
      );
    }
  }
}
