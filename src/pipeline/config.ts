import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigSchema, type Config } from '../schemas/config.ts';
import { UserError } from '../errors.ts';

/** Config fields that hold paths; they are resolved against the config file's folder. */
const PATH_FIELDS: readonly (readonly string[])[] = [
  ['sources', 'kialo', 'seeds'],
  ['sources', 'normad'],
  ['sources', 'cultureatlas', 'path'],
  ['sources', 'countryAliases'],
  ['sources', 'countryRelations'],
  ['sources', 'translations'],
  ['eval', 'humanScores'],
  ['eval', 'humanResponses'],
  ['eval', 'pactInput'],
];

export interface LoadedConfig {
  config: Config;
  /** The file read, or undefined when the built-in defaults are in force. */
  file?: string;
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${field}: ` : '';
    return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `${field}: ${issue.message}`;
}

/**
 * Reads and validates the config. An explicit `--config` must exist; the default
 * `normforge.config.json` in the working directory is optional (built-in defaults otherwise).
 */
export function loadConfig(explicitPath: string | undefined, cwd = process.cwd()): LoadedConfig {
  const file = resolve(cwd, explicitPath ?? 'normforge.config.json');
  if (!existsSync(file)) {
    if (explicitPath) throw new UserError('config file not found', { file });
    return { config: ConfigSchema.parse({}) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`not valid JSON: ${(err as Error).message}`, { file });
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${describeIssue(i)}`);
    throw new UserError(`invalid config:\n${lines.join('\n')}`, { file });
  }
  return { config: resolvePaths(parsed.data, dirname(file)), file };
}

function resolvePaths(config: Config, base: string): Config {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const path of PATH_FIELDS) {
    const parent = path.slice(0, -1).reduce<Record<string, unknown> | undefined>((o, k) => o?.[k] as Record<string, unknown> | undefined, copy);
    const key = path[path.length - 1];
    const value = parent?.[key];
    if (parent && typeof value === 'string' && !isAbsolute(value)) parent[key] = resolve(base, value);
  }
  return copy as unknown as Config;
}

/** Reads `.env` from the working directory; variables already set in the environment win. */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = resolve(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
