import { InvalidArgumentError } from 'commander';

/**
 * Commander parsers for numeric options. A bad value is a usage error: commander names the option
 * and the value, and the CLI exits 2.
 */
/** Plain decimal notation only: `Number()` alone would read "0x10" as 16 and "" as 0. */
const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function decimal(value: string): number {
  return PLAIN_DECIMAL.test(value.trim()) ? Number(value) : Number.NaN;
}

export function wholeNumber(min = Number.NEGATIVE_INFINITY): (value: string) => number {
  return (value) => {
    const n = decimal(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(Number.isFinite(min) ? `must be a whole number ≥ ${min}` : 'must be a whole number');
    return n;
  };
}

export function positiveNumber(value: string): number {
  const n = decimal(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

/** A share between 0 and 1 (e.g. `--accept-failures 0.05`). */
export function shareOption(value: string): number {
  const n = decimal(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('must be a number from 0 to 1 (a share, e.g. 0.05 for 5%)');
  return n;
}
