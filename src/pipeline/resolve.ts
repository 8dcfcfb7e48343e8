import { resolve } from 'node:path';
import type { z } from 'zod';
import type { Config } from '../schemas/config.ts';
import { UserError } from '../errors.ts';
import { describeIssue } from '../config/load.ts';
import type { Stage, StageInput } from '../stages/contract.ts';
import type { Recipe } from './recipe.ts';

interface ConfigRef {
  path: string[];
  optional: boolean;
}

function parseConfigRef(input: StageInput): ConfigRef | undefined {
  const m = /^config(\??):(.+)$/.exec(input);
  return m ? { path: m[2].split('.'), optional: m[1] === '?' } : undefined;
}

/** The file a `config:` input points at (a string value, or an object's `path`), or undefined. */
export function configInputPath(config: Config, input: StageInput): string | undefined {
  const ref = parseConfigRef(input);
  if (!ref) return undefined;
  const value = ref.path.reduce<unknown>(
    (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
    config,
  );
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { path?: unknown }).path === 'string')
    return (value as { path: string }).path;
  return undefined;
}

/** A workspace input written `?data/...` is optional: used when present, not required to chain. */
function optionalWorkspaceInput(input: StageInput): string | undefined {
  return input.startsWith('?') ? input.slice(1) : undefined;
}

/** Absolute path of an input: workspace files under the root, config references through the config. */
export function inputPath(root: string, config: Config, input: StageInput): string | undefined {
  if (parseConfigRef(input)) {
    const path = configInputPath(config, input);
    return path && resolve(root, path);
  }
  return resolve(root, optionalWorkspaceInput(input) ?? input);
}

/**
 * Refuses a recipe whose stages do not chain before anything runs: every workspace input must be
 * an output of an earlier stage, every required `config:` input must be configured.
 */
export function checkChain(recipe: Recipe, config: Config): void {
  const produced = new Map<string, string>();
  const problems: string[] = [];
  for (const stage of recipe.stages) {
    for (const input of stage.inputs) {
      const ref = parseConfigRef(input);
      if (ref) {
        if (!ref.optional && configInputPath(config, input) === undefined) {
          problems.push(`stage "${stage.name}" needs ${ref.path.join('.')} in the config, and it is not set`);
        }
        continue;
      }
      if (optionalWorkspaceInput(input) !== undefined) continue;
      if (!produced.has(input))
        problems.push(
          `stage "${stage.name}" needs ${input}, which no earlier stage of recipe "${recipe.name}" produces`,
        );
    }
    for (const output of stage.outputs) produced.set(output, stage.name);
  }
  if (problems.length)
    throw new UserError(`recipe "${recipe.name}" does not chain:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** Stage params: defaults, then values taken from the main config, then `stages.<name>` overrides. */
export function resolveParams<S extends z.ZodType>(stage: Stage<S>, config: Config): z.infer<S> {
  const merged = { ...(stage.paramsFromConfig?.(config) ?? {}), ...(config.stages[stage.name] ?? {}) };
  const parsed = stage.params.safeParse(merged);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  - stages.${stage.name}.${describeIssue(i)}`);
  throw new UserError(`invalid params for stage "${stage.name}":\n${lines.join('\n')}`);
}

/** The stages selected by --from/--to/--only, in recipe order. */
export function selectStages(recipe: Recipe, sel: { from?: string; to?: string; only?: string }): Stage[] {
  const index = (name: string) => {
    const i = recipe.stages.findIndex((s) => s.name === name);
    if (i < 0)
      throw new UserError(
        `recipe "${recipe.name}" has no stage "${name}" (stages: ${recipe.stages.map((s) => s.name).join(', ')})`,
      );
    return i;
  };
  if (sel.only) return [recipe.stages[index(sel.only)]];
  const from = sel.from ? index(sel.from) : 0;
  const to = sel.to ? index(sel.to) : recipe.stages.length - 1;
  if (from > to) throw new UserError(`--from ${sel.from} comes after --to ${sel.to}`);
  return recipe.stages.slice(from, to + 1);
}
