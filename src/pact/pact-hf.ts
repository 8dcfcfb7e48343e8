import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { NOT_DECIMAL, parseDecimal } from '../schemas/plain-decimal.ts';
import { AtomicWriter } from '../io/atomic.ts';
import { readCsv, readCsvHeader } from '../io/csv.ts';
import { PactSourceSchema, RelationSchema, type PactInstance } from '../schemas/records.ts';
import { releaseSpelling } from './countries.ts';

/**
 * PACT as released on the Hub (MichiganNLP/pact-culture-personalization): 11 columns in this
 * order, each country in one source spelling for the whole file (releaseSpelling), so code written
 * for the release reads our rebuild and counting base_country counts countries.
 */
export const PactHfRowSchema = z.object({
  pact_item_id: z.string().length(12, 'must be a 12-character id'),
  dataset: PactSourceSchema,
  source_row: z.coerce.number().int('must be a whole number'),
  base_country: z.string().min(1),
  scenario_type: RelationSchema,
  actor_country: z.string().min(1),
  receiver_country: z.string().min(1),
  scenario: z.string().min(1),
  culture_following: z.string().min(1),
  preference_allowing: z.string().min(1),
  source_gold_label: z.string(),
});
export type PactHfRow = z.infer<typeof PactHfRowSchema>;
export const PACT_HF_COLUMNS = Object.keys(PactHfRowSchema.shape) as Array<keyof PactHfRow>;

export function toPactHfRow(instance: PactInstance): PactHfRow {
  const base = releaseSpelling(instance.receiver_country);
  const actor = releaseSpelling(instance.actor_country);
  return {
    pact_item_id: instance.instance_id.slice(0, 12),
    dataset: instance.source,
    source_row: Number(instance.source_id),
    base_country: base,
    scenario_type: instance.relation,
    actor_country: actor,
    receiver_country: base,
    scenario: instance.scenario,
    culture_following: instance.follow_culture_option,
    preference_allowing: instance.allow_preference_option,
    source_gold_label: instance.source_gold_label ?? '',
  };
}

/** Streams instances into a pact-hf CSV, written atomically. Returns the row count. */
export async function writePactHfCsv(
  target: string,
  instances: AsyncIterable<PactInstance> | Iterable<PactInstance>,
): Promise<number> {
  const writer = new AtomicWriter(target);
  const csv = stringify({ header: true, columns: PACT_HF_COLUMNS });
  const pump = (async () => {
    for await (const chunk of csv) await writer.write(chunk as Buffer);
  })();
  let count = 0;
  try {
    for await (const instance of instances as AsyncIterable<PactInstance>) {
      const row = toPactHfRow(instance);
      if (!csv.write(PACT_HF_COLUMNS.map((c) => row[c]))) await new Promise((r) => csv.once('drain', r));
      count++;
    }
    csv.end();
    await pump;
    await writer.commit();
    return count;
  } catch (err) {
    csv.destroy();
    await pump.catch(() => undefined);
    await writer.abort();
    throw err;
  }
}

/** Streams a CSV in PACT's published layout; a missing column or bad cell names file, line and column. */
export async function* streamPactHfCsv(file: string): AsyncGenerator<PactHfRow & { line: number }> {
  const header = await readCsvHeader(file);
  const missing = PACT_HF_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    throw new UserError(`not a PACT CSV: missing column(s) ${missing.join(', ')}`, {
      file,
      line: 1,
      column: missing[0],
    });
  for await (const { line, values } of readCsv(file)) {
    // z.coerce would read "0x10" as 16; the row number must be typed as a plain decimal.
    if (parseDecimal(values.source_row) === undefined)
      throw new UserError(`"${values.source_row}" ${NOT_DECIMAL}`, { file, line, column: 'source_row' });
    const parsed = PactHfRowSchema.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(issue.message, { file, line, column: String(issue.path[0]) });
    }
    yield { ...parsed.data, line };
  }
}

/** Reads a whole PACT CSV (the release or our pact-hf export); ids stay strings, source_row a number. */
export async function readPactHfCsv(file: string): Promise<PactHfRow[]> {
  const rows: PactHfRow[] = [];
  for await (const { line: _line, ...row } of streamPactHfCsv(file)) rows.push(row);
  return rows;
}
