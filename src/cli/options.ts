import { InvalidArgumentError } from 'commander';
import { parseDecimal } from '../schemas/plain-decimal.ts';

/**
 * Commander parsers for numeric options, in plain decimal form only (`--size 0x10` is refused, not
 * 16). A bad value is a usage error: commander names the option and the value, and the CLI exits 2.
 */
export function wholeNumber(min = Number.NEGATIVE_INFINITY): (value: string) => number {
  return (value) => {
    const n = parseDecimal(value);
    if (n === undefined || !Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(
        Number.isFinite(min) ? `must be a whole number ≥ ${min}` : 'must be a whole number',
      );
    return n;
  };
}

/** A TCP port: 0 (any free port) to 65535. */
export function portNumber(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number between 0 and 65535 (0 = any free port)');
  return n;
}

export function positiveNumber(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

/** A share between 0 and 1 (e.g. `--accept-failures 0.05`). */
export function shareOption(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || n < 0 || n > 1)
    throw new InvalidArgumentError('must be a number from 0 to 1 (a share, e.g. 0.05 for 5%)');
  return n;
}

/** `--param stage.key=value` (repeatable): a stage param for this run; values are JSON when they parse, else strings. */
export function collectParam(
  value: string,
  previous: Record<string, Record<string, unknown>> = {},
): Record<string, Record<string, unknown>> {
  const m = /^([a-z0-9-]+)\.([A-Za-z0-9_]+)=(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected stage.key=value, e.g. expand-dyads.configurations=true');
  let parsed: unknown = m[3];
  try {
    parsed = JSON.parse(m[3]);
  } catch {
    // a bare word is a string value
  }
  return { ...previous, [m[1]]: { ...previous[m[1]], [m[2]]: parsed } };
}
