import { readFileSync, existsSync } from 'node:fs';
import { resolvePanel } from '../llm/default-panel.ts';
import { locatePrompt } from '../llm/prompts.ts';
import { projectPromptStates, type PromptState } from '../llm/prompt-review.ts';
import { PACT_LANGUAGE } from '../pact/llm.ts';
import { sha256 } from '../pipeline/fingerprint.ts';
import { resolveParams } from '../pipeline/resolve.ts';
import { RunLog, type StageRun } from '../pipeline/runs.ts';
import type { Stage } from '../stages/contract.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { Config } from '../schemas/config.ts';
import type { RecordedMember } from './run-provenance.ts';
import { USABLE_RULE, VALIDATION_RULE } from '../pact/rules.ts';
import { pactStage } from '../recipes/pact.ts';

/** One LLM step of the PACT recipe as the card reports it. */
export interface PactLlmStep {
  stage: string;
  role: string;
  members: string[];
  /** Samples per member and item; null = each member's own `runs`. */
  runs: number | null;
  rule: string;
  /** Prompt template file → sha256 of its content. */
  prompts: Record<string, string | null>;
  /** The templates among `prompts` that were the project's own, with their review state. */
  projectPrompts: Record<string, PromptState>;
  /** Whether this comes from a recorded successful run (else from the current config and templates). */
  recorded: boolean;
}

interface StepDefinition {
  /** A stage of the PACT recipe. */
  stage: string;
  role: string;
  rule: string;
  /** Member ids named by the stage's params; undefined = the panel's first member. */
  memberIds(params: Record<string, unknown>): string[] | undefined;
  /** Member ids a finished run reports in its summary. */
  membersOfRun(summary: Record<string, unknown>): string[] | undefined;
  runsOf(params: Record<string, unknown>): number | null;
}

const stringList = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
const judgeRuns = (params: Record<string, unknown>) => (typeof params.runs === 'number' ? params.runs : null);

/** The rules here restate the decision functions of the stages named beside them. */
const STEPS: StepDefinition[] = [
  {
    stage: 'filter-usable',
    role: 'usable filter, CultureAtlas',
    rule: USABLE_RULE,
    memberIds: (p) => stringList(p.judges),
    membersOfRun: (s) => stringList(s.judges),
    runsOf: judgeRuns,
  },
  {
    stage: 'generate-preferences',
    role: 'generator',
    rule: 'one answer per scenario; the target preference type is assigned from the seed, balanced over convenience, habit and value-style',
    memberIds: (p) => (typeof p.generator === 'string' ? [p.generator] : undefined),
    membersOfRun: (s) => (typeof s.generator === 'string' ? [s.generator] : undefined),
    runsOf: () => 1,
  },
  {
    stage: 'validate-items',
    role: 'validation judges',
    rule: VALIDATION_RULE,
    memberIds: (p) => stringList(p.judges),
    membersOfRun: (s) => stringList(s.judges),
    runsOf: judgeRuns,
  },
];

function currentPromptHashes(stage: Stage, ws: Workspace, params: unknown): Record<string, string | null> {
  return Object.fromEntries(
    (stage.prompts?.(ws.config, params) ?? []).map((rel) => {
      const { file } = locatePrompt(rel, ws.promptsDir);
      return [rel, existsSync(file) ? sha256(readFileSync(file)) : null];
    }),
  );
}

function fromRun(def: StepDefinition, run: StageRun, config: Config): PactLlmStep {
  const members = def.membersOfRun(run.summary) ?? def.memberIds(run.parts.params) ?? [resolvePanel(config)[0].id];
  // The rule the run recorded; runs from before provenance was recorded fall back to today's wording.
  const rule = typeof run.provenance.rule === 'string' ? run.provenance.rule : def.rule;
  return {
    stage: def.stage,
    role: def.role,
    rule,
    members,
    runs: def.runsOf(run.parts.params),
    prompts: run.parts.prompts,
    projectPrompts: run.parts.projectPrompts ?? {},
    recorded: true,
  };
}

function fromConfig(def: StepDefinition, ws: Workspace): PactLlmStep {
  const { config } = ws;
  const stage = pactStage(def.stage);
  const params = resolveParams(stage, config) as Record<string, unknown>;
  const members = def.memberIds(params) ?? [resolvePanel(config)[0].id];
  return {
    stage: def.stage,
    role: def.role,
    rule: def.rule,
    members,
    runs: def.runsOf(params),
    prompts: currentPromptHashes(stage, ws, params),
    projectPrompts: projectPromptStates(stage.prompts?.(config, params) ?? [], ws.promptsDir),
    recorded: false,
  };
}

/**
 * The LLM steps that built the PACT records: from the last successful run of each stage in the
 * run store (members, samples, prompt hashes as they ran), else from the config and templates.
 */
export function pactLlmSteps(ws: Workspace): PactLlmStep[] {
  const runs = new RunLog(ws.store);
  return STEPS.map((def) => {
    const run = runs.lastOk(def.stage);
    return run ? fromRun(def, run, ws.config) : fromConfig(def, ws);
  });
}

/** Records shaped like the statement labels, so `panelInfo` describes PACT's panel the same way. */
export function panelRecordsOf(steps: readonly PactLlmStep[], panel: readonly RecordedMember[], simulated: boolean) {
  return steps.map((step) => ({
    models: step.members,
    simulated,
    votes: step.members.flatMap((model) => {
      const runs = step.runs ?? panel.find((m) => m.id === model)?.runs;
      return runs ? [{ model, language: PACT_LANGUAGE, answers: new Array<unknown>(runs) }] : [];
    }),
  }));
}
