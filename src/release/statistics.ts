/**
 * Statistics of a release, counted from its rows as they stream past. A table groups rows by a key
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

/**
 * Counts rows as they stream past: the groups of each table, and the distinct values of some
 * fields. Holds one entry per group and per distinct value, never the rows.
 */
export class RowTally {
  count = 0;
  private readonly groups: Array<Map<string, TabulatedRow>>;
  private readonly distinct: Map<string, Set<string>>;

  constructor(
    readonly tables: readonly StatTable[],
    distinctFields: readonly string[] = [],
  ) {
    this.groups = tables.map(() => new Map());
    this.distinct = new Map(distinctFields.map((f) => [f, new Set<string>()]));
  }

  add(row: Row): void {
    this.count++;
    this.tables.forEach((table, t) => this.addTo(this.groups[t], table, row));
    for (const [field, values] of this.distinct) values.add(JSON.stringify(row[field]));
  }

  private addTo(groups: Map<string, TabulatedRow>, table: StatTable, row: Row): void {
    const columns = table.columns ?? [];
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

  /** How many distinct values `field` took (a field named at construction). */
  distinctCount(field: string): number {
    const values = this.distinct.get(field);
    if (!values) throw new Error(`distinct values of "${field}" were not counted`);
    return values.size;
  }

  /** Every table as markdown, in the order given. */
  render(): string {
    return this.tables.map((table, t) => renderTable(table, this.groups[t])).join('\n\n');
  }
}

function renderTable(table: StatTable, groups: Map<string, TabulatedRow>): string {
  const columns = table.columns ?? [];
  const header = `| ${table.keyName} | rows |${columns.map((c) => ` ${c.name} |`).join('')}`;
  const rule = `|---|---:|${columns.map(() => '---:|').join('')}`;
  const sorted = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const body = sorted.map((t) => `| ${t.key} | ${t.rows} |${t.counts.map((n) => ` ${n} |`).join('')}`);
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
