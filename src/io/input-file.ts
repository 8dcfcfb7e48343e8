import { existsSync, statSync } from 'node:fs';
import { UserError } from '../errors.ts';

/**
 * A path given as an input file must be one: a missing path or a folder (even one named like a
 * file, `x-608.txt`) is bad input naming it, not a stack trace from deep inside a reader.
 */
export function requireInputFile(file: string): void {
  if (!existsSync(file)) throw new UserError('file not found', { file });
  if (!statSync(file).isFile()) throw new UserError('not a file (a directory); name the file itself', { file });
}
