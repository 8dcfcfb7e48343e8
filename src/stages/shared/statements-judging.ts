import { withPanel } from './panel.ts';
import { existsSync } from 'node:fs';
import type { Panel } from '../../llm/panel.ts';
import { panelLanguages, resolvePanel } from '../../llm/default-panel.ts';
import { promptFiles } from '../../llm/prompts.ts';
import { languageStates } from '../../llm/prompt-review.ts';
import type { Config, PanelMember } from '../../schemas/config.ts';
import type { PromptReview } from '../../schemas/prompts.ts';
import { projectDimensionFiles } from '../../statements/dimension-overlay.ts';
import type { JudgeMode } from '../../statements/judgment-records.ts';
import type { LlmRequest } from '../../llm/types.ts';
import type { StageContext } from '../contract.ts';
import type { LlmPlan } from '../../llm/plan.ts';
import { TranslatedStatementSchema } from '../../schemas/records.ts';
import { readJsonlAll } from '../../io/jsonl.ts';
import {
  assumedStatementCount,
  describeDifference,
  describeMode,
  describeTotals,
  mergePlans,
  scalePlan,
  TYPICAL_STATEMENT,
} from './statement-count.ts';
import type { JudgedStatement } from '../../statements/requests.ts';
import { checkPanelLanguages, frameworkOf, type LoadedFramework } from '../../statements/framework.ts';
import type { JudgeSetup } from '../../statements/strategy.ts';

/** What the judge stages share: the panel, the translated statements and planning. */
export const TRANSLATED_FILE = 'data/interim/statements-translated.jsonl';
export const RELEVANCE_FILE = 'data/interim/relevance.jsonl';
export const POLARITY_FILE = 'data/interim/polarity.jsonl';

/** A judge stage's question in faithful mode; economy mode asks the framework's economy template instead. */
type JudgeTask = 'relevance' | 'polarity';

/**
 * The prompt files a judge stage may ask with: the framework's templates for its question in both
 * modes, in every panel language, and the project's dimension texts for them (fingerprinted).
 */
export function judgePromptFiles(task: JudgeTask, config: Config): string[] {
  const languages = panelLanguages(resolvePanel(config));
  const { templates } = frameworkOf(config);
  return [
    ...promptFiles(templates[task], languages),
    ...promptFiles(templates.economy, languages),
    ...projectDimensionFiles(languages),
  ];
}

/**
 * Where the prompts a judge stage asked with came from, per panel language (built in, the
 * project's, machine-translated or reviewed), for its records; and whether any of them is a
 * simulated translation, which makes every record built on it simulated.
 */
export function judgePromptStates(
  task: JudgeTask,
  mode: JudgeMode,
  members: readonly PanelMember[],
  framework: LoadedFramework,
): { review: Record<string, PromptReview>; simulated: boolean } {
  const languages = panelLanguages(members);
  const used = promptFiles(mode === 'faithful' ? framework.templates[task] : framework.templates.economy, languages);
  const states = languageStates([...used, ...projectDimensionFiles(languages)]);
  return {
    review: Object.fromEntries(Object.entries(states).map(([language, s]) => [language, s.review])),
    simulated: Object.values(states).some((s) => s.simulated),
  };
}

/**
 * Runs `fn` with the configured panel and framework, and always closes the panel. A panel
 * language the framework has no text for is refused first.
 */
export async function withJudge<R>(
  ctx: StageContext<unknown>,
  stage: string,
  fn: (judge: JudgeSetup) => Promise<R>,
): Promise<R> {
  const members = resolvePanel(ctx.config);
  const framework = frameworkOf(ctx.config);
  checkPanelLanguages(members, framework);
  return withPanel(ctx, stage, (panel) => fn({ members, panel, framework }));
}

export async function readTranslated(file: string): Promise<JudgedStatement[]> {
  return readJsonlAll(file, TranslatedStatementSchema);
}

export interface ModePlan {
  plan: LlmPlan;
  samples: number;
}

/**
 * The plan for the requests `build` makes from the real statements when they exist (and no
 * assumption is forced), else from one typical statement scaled to the assumed count; either way
 * times `perStatement` (e.g. the share of pairs expected to be relevant).
 */
export async function planFor<T>(
  ctx: StageContext<{ assumeStatements?: number }>,
  panel: Panel,
  build: (statements: JudgedStatement[]) => LlmRequest<T>[],
  perStatement = 1,
): Promise<ModePlan & { basis: string }> {
  const file = ctx.ws.path(TRANSLATED_FILE);
  if (ctx.params.assumeStatements === undefined && existsSync(file)) {
    const requests = build(await readTranslated(file));
    const plan = await panel.plan(requests);
    return {
      plan: perStatement === 1 ? plan : scalePlan(plan, perStatement),
      samples: Math.round(sampleCount(requests) * perStatement),
      basis: `statements in ${TRANSLATED_FILE}`,
    };
  }
  const { count, basis } = await assumedStatementCount(ctx);
  const requests = build([TYPICAL_STATEMENT]);
  const factor = count * perStatement;
  return {
    plan: scalePlan(await panel.plan(requests), factor),
    samples: Math.round(sampleCount(requests) * factor),
    basis: `${count} statements (${basis})`,
  };
}

function sampleCount(requests: readonly LlmRequest<unknown>[]): number {
  return requests.reduce((n, r) => n + r.samples, 0);
}

export function comparisonNote(label: string, p: ModePlan): string {
  return describeTotals(label, p.plan, p.samples);
}

/**
 * The dry-run comparison of both modes, each with its totals and per-member lines: faithful pays
 * relevance for every pair plus polarity for the relevant ones (`relevantShare` when estimated),
 * economy one all-dimension answer per statement that polarity reuses.
 */
export function modeComparisonNotes(
  relevance: ModePlan,
  polarity: ModePlan,
  economy: ModePlan,
  relevantShare: string,
): string[] {
  const faithful = mergePlans([relevance.plan, polarity.plan]);
  return [
    comparisonNote('faithful relevance', relevance),
    comparisonNote(`faithful polarity (${relevantShare})`, polarity),
    ...describeMode(
      'faithful total (relevance + polarity), per member',
      faithful,
      relevance.samples + polarity.samples,
    ),
    ...describeMode(
      'economy (relevance and polarity of all dimensions in one answer), per member',
      economy.plan,
      economy.samples,
    ),
    describeDifference(faithful, economy.plan),
  ];
}
