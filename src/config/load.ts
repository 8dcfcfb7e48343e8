import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigSchema, type Config } from '../schemas/config.ts';
import { UserError } from '../errors.ts';
import { readJsonFile } from '../io/json-file.ts';

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
  const parsed = ConfigSchema.safeParse(readJsonFile(file));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${describeIssue(i)}`);
    throw new UserError(`invalid config:\n${lines.join('\n')}`, { file });
  }
  return { config: resolvePaths(parsed.data, dirname(file)), file };
}

type Walkable = z.ZodType & { def: { type: string; innerType?: Walkable; shape?: Record<string, Walkable> } };

function unwrap(schema: Walkable): Walkable {
  let s = schema;
  while (s.def.innerType && ['optional', 'nullable', 'default', 'prefault'].includes(s.def.type)) s = s.def.innerType;
  return s;
}

/** Resolves every value whose schema is marked `{ path: true }` (see `PathSchema`) against `base`. */
function resolvePathsIn(schema: Walkable, value: unknown, base: string): unknown {
  const inner = unwrap(schema);
  if (typeof value === 'string')
    return z.globalRegistry.get(inner)?.path && !isAbsolute(value) ? resolve(base, value) : value;
  if (inner.def.type !== 'object' || !value || typeof value !== 'object') return value;
  const shape = (inner as unknown as z.ZodObject).shape as Record<string, Walkable>;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, shape[k] ? resolvePathsIn(shape[k], v, base) : v]),
  );
}

function resolvePaths(config: Config, base: string): Config {
  return resolvePathsIn(ConfigSchema as unknown as Walkable, config, base) as Config;
}

/** Reads `.env` from the working directory; variables already set in the environment win. */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = resolve(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
