import { z } from 'zod';
import { UserError } from '../errors.ts';
import type { PendingScenario } from './ingest.ts';
import { openSourceTable, type TableRow } from './table.ts';

/** The published columns of normad_etiquette_final_data.csv, in order (note "Gold Label", "Rule-of-Thumb"). */
export const NORMAD_COLUMNS = [
  'ID',
  'Country',
  'Background',
  'Axis',
  'Subaxis',
  'Value',
  'Rule-of-Thumb',
  'Story',
  'Explanation',
  'Gold Label',
] as const;

/** Typed NormAd fields as stored in a source scenario's `fields`. */
export const NormadFieldsSchema = z.object({
  ID: z.string().regex(/^\d+$/, 'must be a whole number'),
  Country: z.string().min(1, 'must not be empty'),
  Background: z.string(),
  Axis: z.string(),
  Subaxis: z.string(),
  Value: z.string(),
  'Rule-of-Thumb': z.string().min(1, 'must not be empty'),
  Story: z.string().min(1, 'must not be empty'),
  Explanation: z.string(),
  'Gold Label': z.enum(['yes', 'no', 'neutral'], { error: 'must be yes, no or neutral' }),
});
export type NormadFields = z.infer<typeof NormadFieldsSchema>;

function where(file: string, row: TableRow) {
  return { file, line: row.line, row: row.line === undefined ? row.row : undefined };
}

/** Reads a NormAd-ETI file (CSV, Parquet or JSONL) into validated rows; errors name file, line and column. */
export async function readNormad(file: string): Promise<PendingScenario[]> {
  const table = await openSourceTable(file);
  const missing = NORMAD_COLUMNS.filter((c) => !table.header.includes(c));
  if (missing.length) {
    throw new UserError(
      `not a NormAd-ETI file: missing column(s) ${missing.map((c) => `"${c}"`).join(', ')} (expected ${NORMAD_COLUMNS.join(', ')})`,
      { file, line: 1, column: missing[0] },
    );
  }
  const out: PendingScenario[] = [];
  const seenIds = new Set<string>();
  for await (const row of table.rows) {
    const values = Object.fromEntries(NORMAD_COLUMNS.map((c) => [c, (row.values[c] ?? '').trim()]));
    values['Gold Label'] = values['Gold Label'].toLowerCase();
    const parsed = NormadFieldsSchema.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const column = String(issue.path[0]);
      throw new UserError(`${issue.message} (got "${values[column]}")`, { ...where(file, row), column });
    }
    if (seenIds.has(parsed.data.ID))
      throw new UserError(`duplicate ID ${parsed.data.ID}`, { ...where(file, row), column: 'ID' });
    seenIds.add(parsed.data.ID);
    // Background keeps its Markdown line breaks; only the surrounding whitespace is trimmed.
    out.push({
      sourceId: parsed.data.ID,
      sourceCountry: parsed.data.Country,
      line: row.line ?? row.row,
      fields: parsed.data,
    });
  }
  return out;
}
