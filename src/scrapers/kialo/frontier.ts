import { migrate, type Db } from '../../store/run-store.ts';
import { ListingRowSchema, type ListingRow } from './api.ts';
import type { Discovered } from './discovery.ts';

/**
 * The scrape frontier in the run store. `fetched` (snapshot complete), `not-found` and `disallowed`
 * are finished and never fetched again; `pending`, `failed` (retries exhausted) and `api-missing`
 * (an API answer the vote count needs stayed 429/5xx after every retry) are fetched by the next run.
 * The snapshots on disk have the last word on `fetched` (see `unfetched` in scrape.ts).
 */
export type FrontierStatus = 'pending' | 'fetched' | 'not-found' | 'disallowed' | 'failed' | 'api-missing';

export interface FrontierEntry {
  discussion_id: number;
  url: string;
  status: FrontierStatus;
  attempts: number;
  error: string | null;
  /** The listing row discovery found (votes, participants, language, tags), kept for extraction. */
  row?: ListingRow;
}

const MIGRATIONS = [
  `CREATE TABLE kialo_frontier (
     discussion_id INTEGER PRIMARY KEY,
     url TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'pending',
     attempts INTEGER NOT NULL DEFAULT 0,
     http_status INTEGER,
     error TEXT,
     discovered_at TEXT NOT NULL,
     fetched_at TEXT
   )`,
  // Listing rows travel with the frontier so a resumed scrape still has them.
  'ALTER TABLE kialo_frontier ADD COLUMN listing TEXT',
];

const rowOf = (json: string | null): ListingRow | undefined =>
  json === null ? undefined : ListingRowSchema.parse(JSON.parse(json));

export class Frontier {
  constructor(private readonly db: Db) {
    migrate(db, 'kialo-frontier', MIGRATIONS);
  }

  /** Adds discussions not seen before (dedupe by id) and refreshes known ones' listing rows; returns how many were new. */
  add(entries: Discovered[]): number {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO kialo_frontier (discussion_id, url, discovered_at, listing) VALUES (?, ?, ?, ?)',
    );
    const refresh = this.db.prepare('UPDATE kialo_frontier SET listing = ? WHERE discussion_id = ?');
    const now = new Date().toISOString();
    return this.db.transaction(() =>
      entries.reduce((n, e) => {
        const listing = e.row ? JSON.stringify(e.row) : null;
        const added = insert.run(e.id, e.url, now, listing).changes;
        if (!added && listing) refresh.run(listing, e.id);
        return n + added;
      }, 0),
    )();
  }

  all(): FrontierEntry[] {
    const rows = this.db
      .prepare('SELECT discussion_id, url, status, attempts, error, listing FROM kialo_frontier ORDER BY discussion_id')
      .all() as Array<Omit<FrontierEntry, 'row'> & { listing: string | null }>;
    return rows.map(({ listing, ...entry }) => ({ ...entry, ...(listing === null ? {} : { row: rowOf(listing) }) }));
  }

  size(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM kialo_frontier').get() as { n: number }).n;
  }

  finish(
    id: number,
    status: FrontierStatus,
    httpStatus: number | null,
    attempts: number,
    error: string | null = null,
  ): void {
    this.db
      .prepare(
        'UPDATE kialo_frontier SET status = ?, http_status = ?, attempts = attempts + ?, error = ?, fetched_at = ? WHERE discussion_id = ?',
      )
      .run(status, httpStatus, attempts, error, new Date().toISOString(), id);
  }
}
