/**
 * Statistics of a release, recounted from its rows (pure functions). A table groups rows by a key
 * and counts, per group, all rows and the rows each column's predicate accepts.
 */
export type Row = Record<string, unknown>;

export interface StatColumn {
  name: string;
  accepts(row: Row): boolean;
}

export interface StatTable {
  title: string;
  keyName: string;
  key(row: Row): string;
  columns?: StatColumn[];
}

export interface TabulatedRow {
  key: string;
  rows: number;
  counts: number[];
}

export function tabulate(rows: readonly Row[], table: StatTable): TabulatedRow[] {
  const columns = table.columns ?? [];
  const groups = new Map<string, TabulatedRow>();
  for (const row of rows) {
    const key = table.key(row);
    let group = groups.get(key);
    if (!group) {
      group = { key, rows: 0, counts: columns.map(() => 0) };
      groups.set(key, group);
    }
    group.rows++;
    columns.forEach((col, i) => {
      if (col.accepts(row)) group.counts[i]++;
    });
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function renderTable(rows: readonly Row[], table: StatTable): string {
  const columns = table.columns ?? [];
  const header = `| ${table.keyName} | rows |${columns.map((c) => ` ${c.name} |`).join('')}`;
  const rule = `|---|---:|${columns.map(() => '---:|').join('')}`;
  const body = tabulate(rows, table).map((t) => `| ${t.key} | ${t.rows} |${t.counts.map((n) => ` ${n} |`).join('')}`);
  return [`### ${table.title}`, '', header, rule, ...body].join('\n');
}

/** Groups by a field's value, `(none)` for null or missing. */
export function byField(title: string, field: string, columns?: StatColumn[]): StatTable {
  return {
    title,
    keyName: field,
    key: (row) => (row[field] === null || row[field] === undefined ? '(none)' : String(row[field])),
    columns,
  };
}

export function distinctCount(rows: readonly Row[], field: string): number {
  return new Set(rows.map((r) => JSON.stringify(r[field]))).size;
}
