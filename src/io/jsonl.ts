import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { UserError } from '../errors.ts';
import { AtomicWriter } from './atomic.ts';
import { requireInputFile } from './input-file.ts';

/** Streams the records of a JSONL file; every bad line is reported with its file and line number. */
export async function* readJsonl<S extends z.ZodType>(file: string, schema?: S): AsyncGenerator<z.infer<S>> {
  requireInputFile(file);
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new UserError(`not valid JSON (${(err as Error).message})`, { file, line: lineNo });
    }
    if (!schema) {
      yield value as z.infer<S>;
      continue;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(issue?.message ?? 'invalid record', {
        file,
        line: lineNo,
        field: issue?.path.join('.') || undefined,
      });
    }
    yield parsed.data;
  }
}

export async function readJsonlAll<S extends z.ZodType>(file: string, schema?: S): Promise<z.infer<S>[]> {
  const out: z.infer<S>[] = [];
  for await (const rec of readJsonl(file, schema)) out.push(rec);
  return out;
}

/** Writes records atomically, streaming: the file appears complete or not at all. Returns the count. */
export async function writeJsonl(file: string, records: Iterable<unknown> | AsyncIterable<unknown>): Promise<number> {
  const writer = new AtomicWriter(file);
  let count = 0;
  try {
    for await (const rec of records as AsyncIterable<unknown>) {
      await writer.write(`${JSON.stringify(rec)}\n`);
      count++;
    }
    await writer.commit();
    return count;
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/** Counts records without parsing them (used for status and summaries). */
export async function countJsonl(file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  let n = 0;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') n++;
  return n;
}
