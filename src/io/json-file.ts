import { readFileSync } from 'node:fs';
import { UserError, type ErrorLocation } from '../errors.ts';

/** Reads a JSON file; bad JSON is a `UserError` naming the file (and line/column when V8 gives a position). */
export function readJsonFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserError(`not valid JSON: ${(err as Error).message}`, {
      file,
      ...jsonErrorLocation(text, err as Error),
    });
  }
}

function jsonErrorLocation(text: string, err: Error): ErrorLocation {
  const m = /position (\d+)/.exec(err.message);
  if (!m) return {};
  const before = text.slice(0, Number(m[1])).split('\n');
  return { line: before.length, column: String(before[before.length - 1].length + 1) };
}
