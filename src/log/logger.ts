/**
 * Logging to stderr with secrets scrubbed: every value of an environment variable that names a
 * key (registered through `registerSecretEnv`) and anything shaped like a provider token is
 * replaced before it reaches a terminal or a file.
 */
const secretEnvNames = new Set<string>(['HF_TOKEN', 'OPENAI_API_KEY']);
const TOKEN_PATTERNS = [/\bhf_[A-Za-z0-9]{8,}\b/g, /\bsk-[A-Za-z0-9_-]{8,}\b/g];

export function registerSecretEnv(name: string | undefined): void {
  if (name) secretEnvNames.add(name);
}

export function redact(text: string): string {
  let out = text;
  for (const name of secretEnvNames) {
    const value = process.env[name];
    if (value && value.length >= 4) out = out.split(value).join(`[${name}]`);
  }
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  child(scope: string): Logger;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(opts: { scope?: string; level?: LogLevel; sink?: (line: string) => void } = {}): Logger {
  const min = LEVELS[opts.level ?? ((process.env.NORMFORGE_LOG as LogLevel) || 'info')] ?? LEVELS.info;
  const sink = opts.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: LogLevel, msg: string) => {
    if (LEVELS[level] < min) return;
    const prefix = opts.scope ? `[${opts.scope}] ` : '';
    const tag = level === 'info' ? '' : `${level}: `;
    sink(redact(`${prefix}${tag}${msg}`));
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (scope) => createLogger({ ...opts, scope: opts.scope ? `${opts.scope}:${scope}` : scope }),
  };
}
