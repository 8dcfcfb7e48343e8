import { migrate, type Db } from '../../pipeline/store.ts';

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
];

export class Frontier {
  constructor(private readonly db: Db) {
    migrate(db, 'kialo-frontier', MIGRATIONS);
  }

  /** Adds discussions not seen before (dedupe by id); returns how many were new. */
  add(entries: Array<{ id: number; url: string }>): number {
    const insert = this.db.prepare('INSERT OR IGNORE INTO kialo_frontier (discussion_id, url, discovered_at) VALUES (?, ?, ?)');
    const now = new Date().toISOString();
    return this.db.transaction(() => entries.reduce((n, e) => n + insert.run(e.id, e.url, now).changes, 0))();
  }

  all(): FrontierEntry[] {
    return this.db.prepare('SELECT discussion_id, url, status, attempts, error FROM kialo_frontier ORDER BY discussion_id').all() as FrontierEntry[];
  }

  size(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM kialo_frontier').get() as { n: number }).n;
  }

  finish(id: number, status: FrontierStatus, httpStatus: number | null, attempts: number, error: string | null = null): void {
    this.db
      .prepare('UPDATE kialo_frontier SET status = ?, http_status = ?, attempts = attempts + ?, error = ?, fetched_at = ? WHERE discussion_id = ?')
      .run(status, httpStatus, attempts, error, new Date().toISOString(), id);
  }
}
