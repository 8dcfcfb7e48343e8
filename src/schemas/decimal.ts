import { z } from 'zod';
import { NOT_DECIMAL, PLAIN_DECIMAL } from './plain-decimal.ts';

/** A text cell holding a plain decimal number, as a number. */
export const DecimalTextSchema = z
  .string()
  .trim()
  .regex(PLAIN_DECIMAL, { error: (issue) => `"${String(issue.input)}" ${NOT_DECIMAL}` })
  .transform(Number);
