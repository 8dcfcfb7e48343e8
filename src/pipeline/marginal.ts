import { resolvePanel } from '../llm/default-panel.ts';
import { planTotals, type PlanTotals } from '../llm/plan.ts';
import { createLogger } from '../log/logger.ts';
import type { Config, PanelMember } from '../schemas/config.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { Recipe } from './recipe.ts';
import { runRecipe, type RunOptions, type RunReport } from './runner.ts';

/**
 * What one panel language or member costs in a plan: the plan of the same run with the config
 * without it, subtracted from the plan with it. That is what removing it saves and, read the other
 * way, what adding it to a config without it costs, with everything it changes downstream (a
 * language is also translated into; a member that translates hands that to the next member).
 */
export interface Marginal {
  /** A panel language code, or a panel member id. */
  name: string;
  /** Plan with it minus plan without it; null when the run cannot be planned without it (see `note`). */
  cost: Omit<PlanTotals, 'cached'> | null;
  note?: string;
}

export interface MarginalPlan {
  total: PlanTotals;
  languages: Marginal[];
  members: Marginal[];
}

/** The run's plan summed over its planned stages and members. */
export function reportTotals(report: RunReport): PlanTotals {
  return planTotals({ rows: report.stages.flatMap((s) => s.plan?.rows ?? []) });
}

function withPanel(config: Config, panel: PanelMember[]): Config {
  return { ...config, panel };
}

/** The config without `language`: no member speaks it; a member that spoke only it leaves the panel. */
export function withoutLanguage(config: Config, language: string): { config: Config; dropped: string[] } {
  const panel = resolvePanel(config).map((m) => ({ ...m, languages: m.languages.filter((l) => l !== language) }));
  return {
    config: withPanel(
      config,
      panel.filter((m) => m.languages.length > 0),
    ),
    dropped: panel.filter((m) => m.languages.length === 0).map((m) => m.id),
  };
}

export function withoutMember(config: Config, id: string): Config {
  return withPanel(
    config,
    resolvePanel(config).filter((m) => m.id !== id),
  );
}

/** Requests per member id over the run's planned stages. */
function requestsByMember(report: RunReport): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of report.stages)
    for (const r of s.plan?.rows ?? []) out.set(r.model, (out.get(r.model) ?? 0) + r.requests);
  return out;
}

/** Members asked more without it (e.g. the next member translating): "llama +100 requests". */
function takenOver(base: RunReport, without: RunReport): string | undefined {
  const before = requestsByMember(base);
  const more = [...requestsByMember(without)]
    .map(([id, n]) => [id, n - (before.get(id) ?? 0)] as const)
    .filter(([, extra]) => extra > 0)
    .map(([id, extra]) => `${id} +${extra} requests`);
  return more.length ? `without it: ${more.join(', ')}` : undefined;
}

function difference(a: PlanTotals, b: PlanTotals): Omit<PlanTotals, 'cached'> {
  return {
    requests: a.requests - b.requests,
    inputTokens: a.inputTokens - b.inputTokens,
    outputTokens: a.outputTokens - b.outputTokens,
    costUsd: a.costUsd - b.costUsd,
  };
}

async function marginal(
  ws: Workspace,
  recipe: Recipe,
  opts: RunOptions,
  base: RunReport,
  name: string,
  variant: Config,
  note?: string,
): Promise<Marginal> {
  // The variants' plans repeat the base plan's log lines (rate limits, capabilities): keep errors only.
  const quiet = ws.withConfig(variant, createLogger({ level: 'error' }));
  let without: RunReport;
  try {
    without = await runRecipe(quiet, recipe, { ...opts, dryRun: true });
  } catch (error) {
    return { name, cost: null, note: `cannot be planned without it: ${(error as Error).message}` };
  }
  const notes = [note, takenOver(base, without)].filter((x) => x !== undefined);
  return {
    name,
    cost: difference(reportTotals(base), reportTotals(without)),
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

/**
 * The marginal requests, tokens and cost of each panel language and each panel member in the dry
 * run `base` (the plan of `recipe` with `opts`): one more plan per language and per member, each
 * without it. Nothing is asked; like any dry run, only the cache and the inputs are read.
 */
export async function marginalPlan(
  ws: Workspace,
  recipe: Recipe,
  opts: RunOptions,
  base: RunReport,
): Promise<MarginalPlan> {
  const total = reportTotals(base);
  const panel = resolvePanel(ws.config);
  const languages: Marginal[] = [];
  for (const language of [...new Set(panel.flatMap((m) => m.languages))]) {
    const { config, dropped } = withoutLanguage(ws.config, language);
    const note = dropped.length ? `also drops ${dropped.join(', ')} (speaks only ${language})` : undefined;
    languages.push(await marginal(ws, recipe, opts, base, language, config, note));
  }
  const members: Marginal[] = [];
  for (const m of panel) members.push(await marginal(ws, recipe, opts, base, m.id, withoutMember(ws.config, m.id)));
  return { total, languages, members };
}

function describeCost(c: Omit<PlanTotals, 'cached'>): string {
  return `${c.requests} requests · ~${c.inputTokens} in / ~${c.outputTokens} out tokens · ~$${c.costUsd.toFixed(2)}`;
}

/** The lines `run --dry-run` prints under the plan. */
export function describeMarginal(m: MarginalPlan): string[] {
  const line = (kind: string, x: Marginal) =>
    `    ${`${kind} ${x.name}`.padEnd(32)} ${x.cost ? describeCost(x.cost) : ''}${x.note ? `${x.cost ? ' · ' : ''}${x.note}` : ''}`;
  return [
    `cost of each panel language and member (what removing it saves = what adding it costs), of ${describeCost(m.total)} planned:`,
    ...m.languages.map((x) => line('language', x)),
    ...m.members.map((x) => line('member', x)),
  ];
}
