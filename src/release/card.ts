import { parse, stringify } from 'yaml';
import { UserError } from '../errors.ts';

/** The Hub's valid `size_categories` buckets (it rejects anything else, e.g. `n>100K`). */
const SIZE_BUCKETS: Array<[number, string]> = [
  [1e3, 'n<1K'],
  [1e4, '1K<n<10K'],
  [1e5, '10K<n<100K'],
  [1e6, '100K<n<1M'],
  [1e7, '1M<n<10M'],
  [1e8, '10M<n<100M'],
  [1e9, '100M<n<1B'],
  [1e10, '1B<n<10B'],
  [1e11, '10B<n<100B'],
  [1e12, '100B<n<1T'],
];

export function sizeCategory(rows: number): string {
  for (const [limit, label] of SIZE_BUCKETS) if (rows < limit) return label;
  return 'n>1T';
}

export interface DataFilesEntry {
  split: string;
  path: string;
}

export interface HubConfig {
  config_name: string;
  data_files: DataFilesEntry[] | string;
  [key: string]: unknown;
}

export type CardHeader = Record<string, unknown> & { configs: HubConfig[] };

export interface CardSection {
  heading: string;
  body: string;
}

export const SIMULATED_MARKER = '<!-- normforge:simulated -->';
const IDS_ONLY_OPEN = '<!-- normforge:ids-only -->';
const IDS_ONLY_CLOSE = '<!-- /normforge:ids-only -->';
const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n/;

export function parseFrontMatter(card: string, file?: string): { header: Record<string, unknown>; body: string } {
  const match = FRONT_MATTER.exec(card);
  if (!match) return { header: {}, body: card };
  try {
    const header = parse(match[1]) as unknown;
    return {
      header: header && typeof header === 'object' ? (header as Record<string, unknown>) : {},
      body: card.slice(match[0].length),
    };
  } catch (err) {
    throw new UserError(`dataset card YAML header does not parse: ${(err as Error).message}`, { file });
  }
}

function dataFilePaths(config: HubConfig): string[] {
  if (typeof config.data_files === 'string') return [config.data_files];
  return config.data_files.map((entry) => entry.path);
}

/** Matches a Hub `data_files` pattern (`*` within one folder, `**` across folders) against a path. */
export function globMatches(pattern: string, path: string): boolean {
  const regex = pattern
    .split(/(\*\*\/|\*\*|\*|\?)/)
    .map((part) => {
      if (part === '**/') return '(?:.*/)?';
      if (part === '**') return '.*';
      if (part === '*') return '[^/]*';
      if (part === '?') return '[^/]';
      return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${regex}$`).test(path);
}

const BUILDERS: Record<string, string> = {
  parquet: 'parquet',
  jsonl: 'json',
  json: 'json',
  csv: 'csv',
  tsv: 'csv',
  txt: 'text',
};

/** The `datasets` packaged builder that reads a data file, by its extension. */
export function builderOf(path: string): string {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  return BUILDERS[ext] ?? ext;
}

function matchedFiles(config: HubConfig, files: readonly string[]): string[] {
  return files.filter((f) => dataFilePaths(config).some((pattern) => globMatches(pattern, f)));
}

/**
 * What would keep `datasets` from loading every config a card declares: a data_files pattern
 * that matches no file, or configs whose files need different builders (`datasets` infers one
 * builder from the data files and uses it for every config of the repository).
 */
export function configProblems(configs: readonly HubConfig[], files: readonly string[]): string[] {
  const problems: string[] = [];
  const builders = new Map<string, string>();
  for (const config of configs) {
    for (const pattern of dataFilePaths(config)) {
      if (!files.some((f) => globMatches(pattern, f)))
        problems.push(`config "${config.config_name}": data_files "${pattern}" matches no file of the release`);
    }
    for (const file of matchedFiles(config, files)) builders.set(file, builderOf(file));
  }
  const kinds = [...new Set(builders.values())];
  if (kinds.length > 1)
    problems.push(`configs need different builders (${kinds.join(', ')}); datasets loads all configs with one`);
  return problems;
}

/**
 * Our configs replace same-named existing ones; other existing configs are kept when their
 * `data_files` still match a file of the release (a config pointing at nothing breaks the Hub viewer)
 * and need the same builder as ours (see `configProblems`).
 */
export function mergeConfigs(
  existing: unknown,
  ours: HubConfig[],
  files: string[],
): { configs: HubConfig[]; dropped: string[] } {
  const ourNames = new Set(ours.map((c) => c.config_name));
  const kept: HubConfig[] = [];
  const dropped: string[] = [];
  for (const config of Array.isArray(existing) ? (existing as HubConfig[]) : []) {
    if (!config || typeof config.config_name !== 'string' || ourNames.has(config.config_name)) continue;
    if (configProblems([...ours, ...kept, config], files).length === 0) kept.push(config);
    else dropped.push(config.config_name);
  }
  return { configs: [...ours, ...kept], dropped };
}

export function simulatedWarning(): string {
  return [
    SIMULATED_MARKER,
    '> [!WARNING]',
    '> **Simulated data.** Some or all labels in this release were produced by the offline simulator, not by',
    '> real language models. They exercise the pipeline only and must not be used for research. `normforge publish`',
    '> refuses to upload this release.',
  ].join('\n');
}

function idsOnlyBlock(note: string): string {
  return `${IDS_ONLY_OPEN}\n${note}\n${IDS_ONLY_CLOSE}\n\n`;
}

/** Removes the ids-only note, turning an ids-only card into the full release's card byte for byte. */
export function stripIdsOnlyBlock(card: string): string {
  const start = card.indexOf(IDS_ONLY_OPEN);
  if (start < 0) return card;
  const end = card.indexOf(IDS_ONLY_CLOSE, start);
  return card.slice(0, start) + card.slice(end + IDS_ONLY_CLOSE.length + 2);
}

export interface CardInput {
  header: CardHeader;
  title: string;
  simulated: boolean;
  idsOnlyNote?: string;
  sections: CardSection[];
}

export function renderCard(input: CardInput): string {
  const parts = [`---\n${stringify(input.header, { lineWidth: 0 }).trimEnd()}\n---\n`, `# ${input.title}\n`];
  if (input.simulated) parts.push(`${simulatedWarning()}\n`);
  const body = input.sections.map((s) => `## ${s.heading}\n\n${s.body.trim()}\n`).join('\n');
  return `${parts.join('\n')}\n${input.idsOnlyNote ? idsOnlyBlock(input.idsOnlyNote) : ''}${body}`;
}
