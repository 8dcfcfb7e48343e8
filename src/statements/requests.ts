import { renderPrompt } from '../llm/prompts.ts';
import type { LlmRequest, LlmTask } from '../llm/types.ts';
import type { PanelMember } from '../schemas/config.ts';
import type { Dimension } from '../schemas/framework.ts';
import { dimensionText, promptHashIn, readerText, type LoadedFramework } from './framework.ts';
import {
  economyAnswerSchema,
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

/**
 * Typical answer length of the JSON itself, for plans; reasoning models (deepseek-r1) also bill
 * their thinking. An economy answer grows with the framework: 110 tokens for Hofstede's six.
 */
const EXPECTED_OUTPUT_TOKENS = { relevance: 8, polarity: 8 } as const;
const ECONOMY_TOKENS_PER_DIMENSION = 110 / 6;

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

/** The prompt version recorded with each answer covers the template and the framework's dimension texts. */
function versioned<T>(
  name: string,
  schema: LlmTask<T>['schema'],
  promptVersion: string,
  expectedOutputTokens: number,
  votes?: LlmTask<T>['votes'],
): LlmTask<T> {
  return {
    name,
    schema,
    promptVersion,
    expectedOutputTokens,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
    ...(votes ? { votes } : {}),
  };
}

/**
 * One task object per prompt version for all the requests of one build: a stage builds up to
 * 100,000 requests, and the hashes in the version are taken once (framework load, template read).
 */
function taskMemo<T>(
  framework: LoadedFramework,
  make: (promptVersion: string) => LlmTask<T>,
): (templateVersion: string, language: string) => LlmTask<T> {
  const made = new Map<string, LlmTask<T>>();
  return (templateVersion, language) => {
    const promptVersion = `${templateVersion}.${promptHashIn(framework, language)}`;
    let task = made.get(promptVersion);
    if (!task) made.set(promptVersion, (task = make(promptVersion)));
    return task;
  };
}

/** Prompt variables every framework template may use besides the dimension's texts. */
function frameworkVars(framework: LoadedFramework, language: string): { framework: string } {
  // A language the project adds dimension texts for may leave the framework's name untranslated.
  return { framework: framework.name[language] ?? readerText(framework.name) };
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
  framework: LoadedFramework,
): LlmRequest<RelevanceAnswer>[];
export function questionRequests(
  kind: 'polarity',
  pairs: ReadonlyArray<{ statement: JudgedStatement; dimension: Dimension }>,
  members: readonly PanelMember[],
  framework: LoadedFramework,
): LlmRequest<PolarityAnswer>[];
export function questionRequests(
  kind: QuestionKind,
  pairs: ReadonlyArray<{ statement: JudgedStatement; dimension: Dimension }>,
  members: readonly PanelMember[],
  framework: LoadedFramework,
): LlmRequest<RelevanceAnswer | PolarityAnswer>[] {
  const out: LlmRequest<RelevanceAnswer | PolarityAnswer>[] = [];
  const schema = SCHEMAS[kind] as LlmTask<RelevanceAnswer | PolarityAnswer>['schema'];
  const taskOf = taskMemo(framework, (version) =>
    versioned(kind, schema, version, EXPECTED_OUTPUT_TOKENS[kind], runVote),
  );
  for (const { statement, dimension } of pairs) {
    for (const member of members) {
      for (const language of member.languages) {
        const prompt = renderPrompt(framework.templates[kind], language, {
          ...frameworkVars(framework, language),
          ...dimensionText(framework, dimension, language),
          statement: textIn(statement, language),
        });
        out.push({
          task: taskOf(prompt.version, language),
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

/**
 * Every dimension as one block of prompt text, in the prompt's language, one line each starting
 * `- CODE (name):` (the simulator reads the codes asked from these lines).
 */
function dimensionsBlock(framework: LoadedFramework, language: string): string {
  return framework.codes
    .map((d) => {
      const t = dimensionText(framework, d, language);
      return `- ${d} (${t.name}): ${t.definition} (+) ${t.positive}; (-) ${t.negative}`;
    })
    .join('\n');
}

/**
 * Economy mode: all dimensions in one answer, per statement x member x language. The task is
 * named after the template (`hofstede-economy` for the built-in framework, as it always was).
 */
export function economyRequests(
  statements: readonly JudgedStatement[],
  members: readonly PanelMember[],
  framework: LoadedFramework,
): LlmRequest<EconomyAnswer>[] {
  const out: LlmRequest<EconomyAnswer>[] = [];
  const template = framework.templates.economy;
  const schema = economyAnswerSchema(framework.codes);
  const expectedTokens = Math.round(ECONOMY_TOKENS_PER_DIMENSION * framework.codes.length);
  const taskOf = taskMemo(framework, (version) => versioned(template, schema, version, expectedTokens));
  for (const statement of statements) {
    for (const member of members) {
      for (const language of member.languages) {
        const prompt = renderPrompt(template, language, {
          ...frameworkVars(framework, language),
          count: framework.codes.length,
          codes: framework.codes.join(', '),
          dimensions: dimensionsBlock(framework, language),
          statement: textIn(statement, language),
        });
        out.push({
          task: taskOf(prompt.version, language),
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

/** Every pair of the given statements with every dimension of the framework. */
export function allPairs(
  statements: readonly JudgedStatement[],
  framework: LoadedFramework,
): Array<{ statement: JudgedStatement; dimension: Dimension }> {
  return statements.flatMap((statement) => framework.codes.map((dimension) => ({ statement, dimension })));
}
