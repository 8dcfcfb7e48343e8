import { UserError } from '../../errors.ts';

/**
 * Fault injection for the simulator: `5xx=0.1,429=0.05,malformed=0.05,timeout=0.02,truncate=0.02,delay=0.1`.
 * Request-level faults (5xx, 429, timeout, delay) are drawn once per HTTP request; answer-level
 * faults (malformed, truncate) once per returned choice. `mistranslate` is a wrong but well-formed
 * answer to a `translate` prompt (see simulatedMistranslation), drawn by the task from the
 * answer's own seeded rng, so the same request is mistranslated on every run and every server.
 */
export const FAULT_KINDS = ['5xx', '429', 'timeout', 'delay', 'malformed', 'truncate', 'mistranslate'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultSpec = Partial<Record<FaultKind, number>>;

export function parseFaults(spec: string | undefined): FaultSpec {
  const out: FaultSpec = {};
  if (!spec?.trim()) return out;
  for (const part of spec.split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    const p = Number(value);
    if (!(FAULT_KINDS as readonly string[]).includes(name))
      throw new UserError(`unknown fault "${name}" (known: ${FAULT_KINDS.join(', ')})`, { field: 'faults' });
    if (!(p >= 0 && p <= 1))
      throw new UserError(`fault "${name}" needs a probability between 0 and 1, got "${value}"`, { field: 'faults' });
    out[name as FaultKind] = p;
  }
  return out;
}

/** The request-level fault to inject for a draw u in [0, 1), if any. */
export function requestFault(spec: FaultSpec, u: number): FaultKind | undefined {
  let edge = 0;
  for (const kind of ['5xx', '429', 'timeout', 'delay'] as const) {
    edge += spec[kind] ?? 0;
    if (u < edge) return kind;
  }
  return undefined;
}

export function answerFault(spec: FaultSpec, u: number): 'malformed' | 'truncate' | undefined {
  const malformed = spec.malformed ?? 0;
  if (u < malformed) return 'malformed';
  if (u < malformed + (spec.truncate ?? 0)) return 'truncate';
  return undefined;
}
