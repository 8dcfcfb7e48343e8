import { InvalidArgumentError } from 'commander';

/**
 * Commander parsers for numeric options. A bad value is a usage error: commander names the option
 * and the value, and the CLI exits 2.
 */
export function wholeNumber(min = Number.NEGATIVE_INFINITY): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(Number.isFinite(min) ? `must be a whole number ≥ ${min}` : 'must be a whole number');
    return n;
  };
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}
