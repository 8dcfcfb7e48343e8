/**
 * Numbers typed by people (sheets, ratings tables, CSV sources, options) are read only in plain
 * decimal form: an optional sign, digits, an optional fraction. `Number()` also accepts "0x10" (16),
 * "0b1", "1e3", "Infinity" and "" (0), none of which an annotator or a data file means as a number.
 * (No zod here: the CLI's option parsers use it while only `--help` is asked for.)
 */
export const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export const NOT_DECIMAL =
  'is not a plain decimal number (digits, an optional sign and fraction; no hex, exponent or blank)';

/** The number a text holds in plain decimal form (surrounding spaces ignored), or undefined. */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  return PLAIN_DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}
