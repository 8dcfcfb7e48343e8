import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { countJsonl, readJsonl } from '../io/jsonl.ts';
import { CONFIGURATION_NAMES, INSTANCES_PER_ITEM } from '../pact/dyads.ts';
import { describeRelationRule } from '../pact/relations.ts';
import { resolveParams } from '../pipeline/resolve.ts';
import { RunLog } from '../pipeline/runs.ts';
import { pactStage } from '../recipes/pact.ts';
import { SourceScenarioSchema, type PactInstance } from '../schemas/records.ts';
import { panelInfo, panelTable } from './panel-info.ts';
import { acceptedFailuresNote, producingStageRuns, recordedMembers } from './run-provenance.ts';
import { pactLlmSteps, panelRecordsOf, type PactLlmStep } from './pact-steps.ts';
import type { CardContext } from './spec.ts';
import { ExpandDyadsParams } from '../pact/expand.ts';

const SOURCES = [
  { name: 'NormAd-ETI', key: 'normad', file: 'data/interim/normad.jsonl' },
  { name: 'CultureAtlas', key: 'cultureatlas', file: 'data/interim/cultureatlas.jsonl' },
] as const;

/** Source files as the ingest stages stamped them on the interim records: name, sha256, rows. */
async function sourceFiles(ctx: CardContext, source: (typeof SOURCES)[number]): Promise<string> {
  const interim = ctx.ws.path(source.file);
  if (!existsSync(interim)) {
    const configured = ctx.ws.config.sources[source.key];
    const file = typeof configured === 'string' ? configured : configured?.path;
    return `- ${source.name}: ${file ? `\`${basename(file)}\` (sha256 not recorded: \`${source.file}\` is absent)` : 'not used (not set in the config)'}`;
  }
  const files = new Map<string, number>();
  for await (const s of readJsonl(interim, SourceScenarioSchema)) {
    const key = `\`${s.source_file}\` (sha256 \`${s.source_sha256}\`)`;
    files.set(key, (files.get(key) ?? 0) + 1);
  }
  if (files.size === 0) return `- ${source.name}: not used (no rows ingested)`;
  return [...files].map(([file, rows]) => `- ${source.name}: ${file}, ${rows} rows ingested`).join('\n');
}

async function countOf(ctx: CardContext, rel: string): Promise<number | null> {
  const file = ctx.ws.path(rel);
  return existsSync(file) ? countJsonl(file) : null;
}

async function filterLine(ctx: CardContext): Promise<string> {
  const [usable, rejects] = await Promise.all([
    countOf(ctx, 'data/interim/cultureatlas-usable.jsonl'),
    countOf(ctx, 'data/interim/cultureatlas-rejects.jsonl'),
  ]);
  const counts =
    usable === null || rejects === null
      ? ''
      : ` In this build ${usable} CultureAtlas rows were kept and ${rejects} rejected (the build keeps their reasons; they are not part of this release).`;
  return `**Usable filter.** CultureAtlas rows the source itself labels \`False\` or marks \`[NEG NORM]\` are dropped without asking; every other assertion goes to the usable-filter judges (rule below), who keep actionable social norms and reject factual, non-social or non-actionable ones. NormAd-ETI stories are all used.${counts}`;
}

/** The validation verdict of each released item, by scenario id (null: the item carries none). */
export type ItemVerdicts = ReadonlyMap<string, PactInstance['validation']>;

function releasedVerdicts(items: ItemVerdicts): string {
  const validated = [...items.values()].filter((v) => v !== null);
  const passing = validated.filter((v) => v?.plausibility && v.clarity && v.scenario_clarity).length;
  return ` ${validated.length} of ${items.size} released items carry the judges' verdicts (column \`validation\`); ${passing} pass all three.`;
}

async function validationLine(ctx: CardContext, verdicts?: ItemVerdicts): Promise<string> {
  const [candidates, rejects] = await Promise.all([
    countOf(ctx, 'data/interim/pact-candidates.jsonl'),
    countOf(ctx, 'data/interim/pact-rejects.jsonl'),
  ]);
  const build =
    candidates === null || rejects === null
      ? ''
      : ` In this build ${rejects} of ${candidates} generated items were rejected (the build keeps their reasons; they are not part of this release).`;
  return `**Validation criteria.** The validation judges rate each generated item on three criteria: *plausibility* (a real person could plausibly hold the preference, for an individual motivation, without mocking the practice), *clarity* (the two options are clear, parallel and distinct actions, one following the norm and one acting on the preference) and *scenario clarity* (the scenario sets up the choice without saying which option is right).${verdicts ? releasedVerdicts(verdicts) : ''}${build}`;
}

function stepsTable(steps: readonly PactLlmStep[]): string {
  const rows = steps.map((s) => {
    const prompts =
      Object.entries(s.prompts)
        .map(([file, hash]) => {
          const own = s.projectPrompts[file];
          const origin = own ? ` (the project's, ${own.review})` : '';
          return `\`${file}\` \`${hash ? hash.slice(0, 12) : 'missing'}\`${origin}`;
        })
        .join(', ') || '-';
    const origin = s.recorded ? 'recorded run' : 'config (no recorded run)';
    return `| \`${s.stage}\` (${s.role}) | ${s.members.map((m) => `\`${m}\``).join(', ')} | ${s.runs ?? "each member's runs"} | ${s.rule} | ${prompts} | ${origin} |`;
  });
  return [
    '| step | members | samples per member and item | decision rule (threshold) | prompt version (template sha256, first 12 hex) | from |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Relation rule and seed of the last successful expansion, else what the config would use. */
function expansionSettings(ctx: CardContext): { userTable: boolean; seed: number } {
  const expandDyads = pactStage('expand-dyads');
  const run = new RunLog(ctx.ws.store).lastOk(expandDyads.name);
  if (run) return { userTable: run.summary.relationRule === 'user table', seed: Number(run.parts.params.seed) };
  return {
    userTable: ctx.ws.config.sources.countryRelations !== undefined,
    seed: ExpandDyadsParams.parse(resolveParams(expandDyads, ctx.ws.config)).seed,
  };
}

function dyadsLine(ctx: CardContext): string {
  const { userTable, seed } = expansionSettings(ctx);
  const rule = userTable
    ? 'a user relation table (`sources.countryRelations`) replaced the built-in rule for the countries it lists'
    : 'the built-in rule applied';
  const configurations = Object.entries(CONFIGURATION_NAMES)
    .map(([c, name]) => `${c} (\`${name}\`)`)
    .join(', ');
  return [
    `**Dyads.** Each validated item is expanded into ${INSTANCES_PER_ITEM} instances: actor-receiver relation (\`same\`, \`close\`, \`far\`) × actor age (\`younger\`/\`older\`) × actor gender (\`female\`/\`male\`) × receiver age × receiver gender. Option order is balanced from the seed: \`culture_option\` says which of \`option_a\`/\`option_b\` follows the culture. Seed ${seed}.`,
    `**Same / close / far relation rule** (in this build ${rule}):\n\n${describeRelationRule()}`,
    `**Configurations.** ${configurations}: C1 the actor prefers the personal option and the receiver expects the norm, C2 the reverse, C3 both prefer the personal option. Without \`--configurations\` each record carries the three wordings in \`configuration_texts\` (\`configuration\` is null); with it, each instance is written once per configuration.`,
  ].join('\n\n');
}

/**
 * The PACT card's "How it was built": sources, filters, panel, rules, prompt versions, dyads.
 * `verdicts` (from the normforge layout's rows) adds the released items' validation counts.
 */
export async function pactBuildSection(ctx: CardContext, verdicts?: ItemVerdicts): Promise<string> {
  const steps = pactLlmSteps(ctx.ws);
  const llmRuns = producingStageRuns(
    ctx.ws,
    steps.map((s) => s.stage),
  );
  const members = recordedMembers(llmRuns);
  const sources = await Promise.all(SOURCES.map((s) => sourceFiles(ctx, s)));
  return [
    `**Sources.** Scenarios from NormAd-ETI (etiquette stories per country) and CultureAtlas (cultural norm assertions), countries normalised to ISO 3166-1:\n\n${sources.join('\n')}`,
    await filterLine(ctx),
    '**Generation.** For each usable scenario the generator writes a neutral scenario, the cultural expectation, a personal preference that conflicts with it (types: convenience, habit, value-style) and two parallel options: follow the culture or allow the preference.',
    await validationLine(ctx, verdicts),
    '**Panel.** Prompts are English. The members, with their model versions, languages, samples and temperature:',
    panelTable(panelInfo(panelRecordsOf(steps, members, ctx.simulated), members)),
    '**Steps, thresholds and aggregation.** Unparseable answers count as missing, never guessed; an item without a single valid answer is rejected, its failed samples kept with the build (not in this release).',
    stepsTable(steps),
    acceptedFailuresNote(llmRuns),
    dyadsLine(ctx),
  ]
    .filter(Boolean)
    .join('\n\n');
}
