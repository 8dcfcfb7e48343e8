import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/**
 * The run store: one SQLite file (WAL) shared by the runner, the LLM cache, the scrape frontier,
 * batch jobs and the cost ledger. Each component owns its tables and migrates them itself through
 * `migrate`, so components evolve independently and the applied versions are recorded.
 */
export function openStore(file: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version))`);
  return db;
}

/** Applies the component's migrations that are not yet applied, in order, each in a transaction. */
export function migrate(db: Db, component: string, migrations: readonly string[]): void {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE component = ?').get(component) as {
    v: number | null;
  };
  const current = row.v ?? 0;
  migrations.slice(current).forEach((sql, i) => {
    const version = current + i + 1;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (component, version, applied_at) VALUES (?, ?, ?)').run(
        component,
        version,
        new Date().toISOString(),
      );
    })();
  });
}
