import type { Db } from '../store/run-store.ts';
import { migrate } from '../store/run-store.ts';
import type { FingerprintParts } from './fingerprint.ts';
import { pidAlive } from './sweep.ts';

export type RunStatus = 'running' | 'ok' | 'degraded' | 'failed' | 'interrupted' | 'crashed' | 'budget-exceeded';

export interface StageRun {
  id: number;
  recipe: string;
  stage: string;
  fingerprint: string;
  parts: FingerprintParts;
  outputs: Record<string, string | null>;
  status: RunStatus;
  started_at: string;
  ended_at: string | null;
  counts: Record<string, number>;
  summary: Record<string, unknown>;
  error: string | null;
  pid: number;
  /** What the run used (see provenance.ts); empty for runs recorded before provenance was. */
  provenance: Record<string, unknown>;
}

const MIGRATIONS = [
  `CREATE TABLE stage_runs (
     id INTEGER PRIMARY KEY AUTOINCREMENT, recipe TEXT NOT NULL, stage TEXT NOT NULL,
     fingerprint TEXT NOT NULL, parts TEXT NOT NULL, outputs TEXT NOT NULL DEFAULT '{}',
     status TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,
     counts TEXT NOT NULL DEFAULT '{}', summary TEXT NOT NULL DEFAULT '{}', error TEXT, pid INTEGER NOT NULL);
   CREATE INDEX stage_runs_stage ON stage_runs (stage, id);`,
  `ALTER TABLE stage_runs ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}'`,
];

interface Row {
  id: number;
  recipe: string;
  stage: string;
  fingerprint: string;
  parts: string;
  outputs: string;
  status: RunStatus;
  started_at: string;
  ended_at: string | null;
  counts: string;
  summary: string;
  error: string | null;
  pid: number;
  provenance: string;
}

function fromRow(row: Row): StageRun {
  return {
    ...row,
    parts: JSON.parse(row.parts),
    outputs: JSON.parse(row.outputs),
    counts: JSON.parse(row.counts),
    summary: JSON.parse(row.summary),
    provenance: JSON.parse(row.provenance),
  };
}

export interface RunDetail {
  counts?: Record<string, number>;
  summary?: Record<string, unknown>;
  outputs?: Record<string, string | null>;
  error?: string;
  provenance?: Record<string, unknown>;
}

/** Every stage run, recorded in the run store (start, end, fingerprint, counts, status, error). */
export class RunLog {
  constructor(private readonly db: Db) {
    migrate(db, 'stage-runs', MIGRATIONS);
  }

  /** Runs left `running` by a process that no longer exists (kill -9, power loss) become `crashed`. */
  markCrashed(): number {
    const rows = this.db.prepare("SELECT id, pid FROM stage_runs WHERE status = 'running'").all() as {
      id: number;
      pid: number;
    }[];
    const dead = rows.filter((r) => r.pid !== process.pid && !pidAlive(r.pid));
    const update = this.db.prepare(
      "UPDATE stage_runs SET status = 'crashed', ended_at = ?, error = 'process ended without finishing (killed or crashed)' WHERE id = ?",
    );
    for (const r of dead) update.run(new Date().toISOString(), r.id);
    return dead.length;
  }

  start(recipe: string, stage: string, fingerprint: string, parts: FingerprintParts): number {
    const info = this.db
      .prepare(
        'INSERT INTO stage_runs (recipe, stage, fingerprint, parts, status, started_at, pid) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(recipe, stage, fingerprint, JSON.stringify(parts), 'running', new Date().toISOString(), process.pid);
    return Number(info.lastInsertRowid);
  }

  finish(id: number, status: RunStatus, detail: RunDetail): void {
    const json = (v: unknown) => JSON.stringify(v ?? {});
    this.db
      .prepare(
        'UPDATE stage_runs SET status = ?, ended_at = ?, counts = ?, summary = ?, outputs = ?, error = ?, provenance = ? WHERE id = ?',
      )
      .run(
        status,
        new Date().toISOString(),
        json(detail.counts),
        json(detail.summary),
        json(detail.outputs),
        detail.error ?? null,
        json(detail.provenance),
        id,
      );
  }

  lastOk(stage: string): StageRun | undefined {
    const row = this.db
      .prepare("SELECT * FROM stage_runs WHERE stage = ? AND status = 'ok' ORDER BY id DESC LIMIT 1")
      .get(stage) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  last(stage: string): StageRun | undefined {
    const row = this.db.prepare('SELECT * FROM stage_runs WHERE stage = ? ORDER BY id DESC LIMIT 1').get(stage) as
      | Row
      | undefined;
    return row ? fromRow(row) : undefined;
  }
}
