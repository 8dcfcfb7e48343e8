import { UserError } from '../errors.ts';
import type { PendingScenario } from './ingest.ts';
import { openSourceTable } from './table.ts';

/**
 * Our names for CultureAtlas fields, and the publisher's positional benchmark columns they sit in
 * (benchmarK_Feb4_pos10k.csv / _neg10k.csv: header "0"…"16" plus norm_violation_rlv).
 */
export const POSITIONAL_COLUMNS = {
  country: '0',
  topic: '1',
  subtopic: '2',
  subsubtopic: '3',
  source_url: '4',
  paragraph_topic: '5',
  context: '6',
  sentence: '7',
  rewrite: '8',
  assertion: '9',
  label: '10',
  social_norm_score: '11',
  cultural_norm_score: '12',
  value_belief_score: '13',
  history_score: '14',
  politics_score: '15',
  fact_score: '16',
  norm_violation_rlv: 'norm_violation_rlv',
} as const;

/** Fields only named-column tables carry (the PACT paper's derived table). */
const NAMED_ONLY_FIELDS = ['positive_sample', 'negative_sample', 'row_id'] as const;

export type CultureAtlasField = keyof typeof POSITIONAL_COLUMNS | (typeof NAMED_ONLY_FIELDS)[number];
export const CULTUREATLAS_FIELDS: readonly CultureAtlasField[] = [
  ...(Object.keys(POSITIONAL_COLUMNS) as CultureAtlasField[]),
  ...NAMED_ONLY_FIELDS,
];
export type ColumnMapping = Partial<Record<CultureAtlasField, string>>;

/** pandas writes its index as an unnamed first column; when present it is the row id. */
const INDEX_COLUMNS = ['', 'Unnamed: 0', 'index'];

function defaultMapping(header: string[]): ColumnMapping {
  const indexColumn = INDEX_COLUMNS.find((c) => header.includes(c));
  if (header.includes('0') && header.includes('9')) {
    const positional: ColumnMapping = Object.fromEntries(
      Object.entries(POSITIONAL_COLUMNS).filter(([, col]) => header.includes(col)),
    );
    return indexColumn === undefined ? positional : { ...positional, row_id: indexColumn };
  }
  const named: ColumnMapping = Object.fromEntries(
    CULTUREATLAS_FIELDS.filter((f) => header.includes(f)).map((f) => [f, f]),
  );
  // Derived tables name the norm statement "positive_sample"; it is the assertion to build on.
  if (!named.assertion && header.includes('positive_sample')) named.assertion = 'positive_sample';
  if (!named.row_id && indexColumn !== undefined) named.row_id = indexColumn;
  return named;
}

/**
 * The one column mapping: defaults fit the publisher's positional layout (or same-named columns
 * of a derived table); `sources.cultureatlas.columns` in the config overrides any field.
 */
export function resolveColumnMapping(header: string[], overrides: Record<string, string>, file: string): ColumnMapping {
  const unknown = Object.keys(overrides).filter((k) => !CULTUREATLAS_FIELDS.includes(k as CultureAtlasField));
  if (unknown.length) {
    throw new UserError(
      `unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')} in sources.cultureatlas.columns; known fields: ${CULTUREATLAS_FIELDS.join(', ')}`,
      { field: `sources.cultureatlas.columns.${unknown[0]}` },
    );
  }
  const mapping: ColumnMapping = { ...defaultMapping(header), ...(overrides as ColumnMapping) };
  for (const [field, column] of Object.entries(mapping)) {
    if (!header.includes(column))
      throw new UserError(
        `column "${column}" (mapped to ${field} by sources.cultureatlas.columns) is not in the header`,
        { file, line: 1, column },
      );
  }
  for (const required of ['country', 'assertion'] as const) {
    if (!mapping[required]) {
      throw new UserError(
        `no column for "${required}": the header is neither the positional benchmark layout ("0"…"16") nor has a "${required === 'assertion' ? 'assertion or positive_sample' : required}" column; map it with sources.cultureatlas.columns.${required}`,
        { file, line: 1, field: `sources.cultureatlas.columns.${required}` },
      );
    }
  }
  return mapping;
}

/** Reads a CultureAtlas table (CSV, Parquet or JSONL) through the column mapping. */
export async function readCultureAtlas(
  file: string,
  overrides: Record<string, string> = {},
): Promise<{ rows: PendingScenario[]; mapping: ColumnMapping }> {
  const table = await openSourceTable(file);
  const mapping = resolveColumnMapping(table.header, overrides, file);
  const entries = Object.entries(mapping) as Array<[CultureAtlasField, string]>;
  const rows: PendingScenario[] = [];
  const seenIds = new Set<string>();
  for await (const row of table.rows) {
    const fields = Object.fromEntries(
      entries.map(([field, column]) => [field, (row.values[column] ?? '').trim()]),
    ) as Record<string, string>;
    const loc = { file, line: row.line, row: row.line === undefined ? row.row : undefined };
    if (!fields.country) throw new UserError('empty country', { ...loc, column: mapping.country });
    if (!fields.assertion) throw new UserError('empty assertion', { ...loc, column: mapping.assertion });
    const sourceId = fields.row_id || String(row.index);
    if (!/^\d+$/.test(sourceId))
      throw new UserError(`row id must be a whole number, got "${sourceId}"`, { ...loc, column: mapping.row_id });
    if (seenIds.has(sourceId)) throw new UserError(`duplicate row id ${sourceId}`, { ...loc, column: mapping.row_id });
    seenIds.add(sourceId);
    rows.push({ sourceId, sourceCountry: fields.country, line: row.line ?? row.row, fields });
  }
  return { rows, mapping };
}
