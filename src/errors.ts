/**
 * Errors a user can act on. `UserError` means bad usage or bad input (exit 2); it names the place
 * (file, sheet, row/line, column/field) so the user can go straight to it.
 */
export interface ErrorLocation {
  file?: string;
  sheet?: string;
  line?: number;
  row?: number;
  column?: string;
  field?: string;
}

export class UserError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly location: ErrorLocation = {},
  ) {
    super(formatLocated(message, location));
    this.name = 'UserError';
  }
}

/**
 * A failure the user can understand without our source code (a server that is down, a port in
 * use): exit 1, printed as its message, without a stack trace. It names what failed (endpoint,
 * option, file).
 */
export class FailureError extends Error {
  readonly exitCode = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FailureError';
  }
}

/** Raised when the user interrupts a run (SIGINT/SIGTERM); finished work is kept. */
export class InterruptedError extends Error {
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'InterruptedError';
  }
}

/**
 * Raised when a stage ended with failed samples beyond what the run accepts: its outputs are not
 * put in place, it is not fresh, and a plain rerun asks only the failed samples (exit 1).
 */
export class DegradedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DegradedError';
  }
}

/** Raised when a run would pass its cost budget; everything answered so far is kept. */
export class BudgetExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

export function formatLocated(message: string, loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.sheet) parts.push(`sheet "${loc.sheet}"`);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column) parts.push(`column "${loc.column}"`);
  if (loc.field) parts.push(`field "${loc.field}"`);
  return parts.length ? `${parts.join(', ')}: ${message}` : message;
}
