import { redact } from '../log/logger.ts';
import type { Db } from '../store/run-store.ts';
import { migrate } from '../store/run-store.ts';
import { SIMULATOR_PROVIDER } from './provider.ts';

/**
 * The response cache and cost ledger in the run store. A row holds the *raw* answer of one sample
 * (never a parsed value, never a credential); parsing happens on read, so a parser fix or a new
 * aggregation rule re-derives every label from here without a request. A row is committed before
 * its sample counts as done, so an interrupted run loses nothing it paid for.
 */
const MIGRATIONS = [
  `CREATE TABLE llm_cache (
     key TEXT PRIMARY KEY,
     request_hash TEXT NOT NULL,
     sample_index INTEGER NOT NULL,
     model TEXT NOT NULL,
     task TEXT NOT NULL,
     item_id TEXT NOT NULL,
     stage TEXT NOT NULL,
     language TEXT NOT NULL,
     prompt_version TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
     raw TEXT,
     finish_reason TEXT,
     error TEXT,
     prompt_tokens INTEGER NOT NULL DEFAULT 0,
     completion_tokens INTEGER NOT NULL DEFAULT 0,
     latency_ms INTEGER NOT NULL DEFAULT 0,
     attempts INTEGER NOT NULL DEFAULT 1,
     simulated INTEGER NOT NULL,
     created_at TEXT NOT NULL)`,
  `CREATE TABLE llm_ledger (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     stage TEXT NOT NULL,
     member TEXT NOT NULL,
     model TEXT NOT NULL,
     requests INTEGER NOT NULL,
     prompt_tokens INTEGER NOT NULL,
     completion_tokens INTEGER NOT NULL,
     cost_usd REAL NOT NULL,
     batch INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL);
   CREATE INDEX llm_ledger_stage ON llm_ledger (stage, member)`,
  // Budgets count what a run spent since it started (see budget.ts).
  `CREATE INDEX llm_ledger_created ON llm_ledger (created_at)`,
  // Answers are keyed by (provider, sample key): two hosts serving a model of the same name no
  // longer overwrite each other. Rows from before are kept under the legacy provider '' and
  // claimed, once, by the first member that asks for them (see `claimLegacy`).
  `CREATE TABLE llm_cache_v2 (
     provider TEXT NOT NULL,
     key TEXT NOT NULL,
     request_hash TEXT NOT NULL,
     sample_index INTEGER NOT NULL,
     model TEXT NOT NULL,
     reported_model TEXT,
     task TEXT NOT NULL,
     item_id TEXT NOT NULL,
     stage TEXT NOT NULL,
     language TEXT NOT NULL,
     prompt_version TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
     raw TEXT,
     finish_reason TEXT,
     error TEXT,
     prompt_tokens INTEGER NOT NULL DEFAULT 0,
     completion_tokens INTEGER NOT NULL DEFAULT 0,
     latency_ms INTEGER NOT NULL DEFAULT 0,
     attempts INTEGER NOT NULL DEFAULT 1,
     simulated INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (provider, key));
   INSERT INTO llm_cache_v2 (provider, key, request_hash, sample_index, model, task, item_id, stage, language, prompt_version,
     status, raw, finish_reason, error, prompt_tokens, completion_tokens, latency_ms, attempts, simulated, created_at)
   SELECT '', key, request_hash, sample_index, model, task, item_id, stage, language, prompt_version,
     status, raw, finish_reason, error, prompt_tokens, completion_tokens, latency_ms, attempts, simulated, created_at FROM llm_cache;
   DROP TABLE llm_cache;
   ALTER TABLE llm_cache_v2 RENAME TO llm_cache;
   ALTER TABLE llm_ledger ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0;`,
  // Reasoning models bill their thinking as output; prefix caches bill cached prompt tokens less.
  `ALTER TABLE llm_ledger ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE llm_ledger ADD COLUMN cached_tokens INTEGER NOT NULL DEFAULT 0;`,
];

/** Provider of the rows stored before answers were keyed by provider. */
export const LEGACY_PROVIDER = '';

export interface CacheRow {
  /** Who answered (see provider.ts); part of the primary key with `key`. */
  provider: string;
  /** sha256 of the provider-free canonical request and the sample index (what the simulator counts). */
  key: string;
  request_hash: string;
  sample_index: number;
  model: string;
  /** The model name the provider said answered (llama.cpp, for one, ignores the requested name). */
  reported_model: string | null;
  task: string;
  item_id: string;
  stage: string;
  language: string;
  prompt_version: string;
  /** ok = a complete answer that parsed when it arrived; failed = given up after retries. Never ok → failed. */
  status: 'ok' | 'failed';
  raw: string | null;
  finish_reason: string | null;
  error: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
  /** Calls that asked this sample (a failure re-asked on a later run adds its calls). */
  attempts: number;
  simulated: number;
  created_at: string;
}

export interface LedgerEntry {
  stage: string;
  member: string;
  model: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  batch: boolean;
  /** The provider reported no usage: tokens were estimated from the texts. */
  estimated: boolean;
  /** Of `completionTokens`, reasoning. */
  reasoningTokens: number;
  /** Of `promptTokens`, served from the provider's prefix cache. */
  cachedTokens: number;
}

export interface LedgerTotal {
  stage: string;
  member: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

const COLUMNS = [
  'provider',
  'key',
  'request_hash',
  'sample_index',
  'model',
  'reported_model',
  'task',
  'item_id',
  'stage',
  'language',
  'prompt_version',
  'status',
  'raw',
  'finish_reason',
  'error',
  'prompt_tokens',
  'completion_tokens',
  'latency_ms',
  'attempts',
  'simulated',
  'created_at',
] as const;

/**
 * A stored answer is immutable: a failure may be replaced (by a success, or by a later failure that
 * adds its attempts), a success never.
 */
const UPSERT = `INSERT INTO llm_cache (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})
  ON CONFLICT (provider, key) DO UPDATE SET
  ${COLUMNS.filter((c) => c !== 'provider' && c !== 'key' && c !== 'attempts')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')},
  attempts = llm_cache.attempts + excluded.attempts
  WHERE llm_cache.status = 'failed'`;

/** Cost recorded in the ledger over some span, and the last ledger row id it includes. */
export interface LedgerSpend {
  costUsd: number;
  lastId: number;
}

/** What re-deriving a sample needs of its row (reading only these halves the time for 100,000 rows). */
export type StoredAnswer = Pick<
  CacheRow,
  'key' | 'sample_index' | 'raw' | 'finish_reason' | 'status' | 'error' | 'simulated'
>;
const STORED_ANSWER_COLUMNS = 'key, sample_index, raw, finish_reason, status, error, simulated';

/** Keys per statement in getMany (SQLite allows 32,766 parameters; a few hundred keeps statements small). */
const MANY_CHUNK = 500;
const manySql = (n: number) =>
  `SELECT ${STORED_ANSWER_COLUMNS} FROM llm_cache WHERE provider = ? AND key IN (${Array.from({ length: n }, () => '?').join(',')})`;

export class LlmCache {
  private readonly getStmt;
  private readonly claimStmt;
  private legacyRows: number;
  private readonly spendAfterStmt;
  private readonly putStmt;
  private readonly ledgerStmt;
  private readonly putTx;

  constructor(readonly db: Db) {
    migrate(db, 'llm-cache', MIGRATIONS);
    this.getStmt = db.prepare('SELECT * FROM llm_cache WHERE provider = ? AND key = ?');
    this.claimStmt = db.prepare(`UPDATE llm_cache SET provider = ? WHERE provider = '' AND key = ? AND simulated = ?`);
    this.legacyRows = (db.prepare(`SELECT COUNT(*) AS n FROM llm_cache WHERE provider = ''`).get() as { n: number }).n;
    this.putStmt = db.prepare(UPSERT);
    this.ledgerStmt = db.prepare(
      `INSERT INTO llm_ledger (stage, member, model, requests, prompt_tokens, completion_tokens, cost_usd, batch, estimated, reasoning_tokens, cached_tokens, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.spendAfterStmt = db.prepare(
      'SELECT COALESCE(SUM(cost_usd), 0) AS costUsd, COALESCE(MAX(id), ?) AS lastId FROM llm_ledger WHERE id > ?',
    );
    this.putTx = db.transaction((rows: CacheRow[], ledger?: LedgerEntry) => {
      for (const row of rows) this.putStmt.run(row);
      if (ledger) this.insertLedger(ledger);
    });
  }

  /** The answer a provider gave for a sample, claiming a matching pre-provider (legacy) row once. */
  get(provider: string, key: string): CacheRow | undefined {
    const row = this.getStmt.get(provider, key) as CacheRow | undefined;
    if (row || this.legacyRows === 0) return row;
    return this.claimLegacy(provider, key);
  }

  /**
   * Rows stored before keys carried the provider are migrated without losing or re-paying one: the
   * first member that asks for a row's request takes it over. Simulated rows go only to the local
   * simulator, real ones only to a real provider, so a simulated answer never stands in for a paid one.
   */
  private claimLegacy(provider: string, key: string): CacheRow | undefined {
    const simulated = provider === SIMULATOR_PROVIDER ? 1 : 0;
    if (this.claimStmt.run(provider, key, simulated).changes === 0) return undefined;
    this.legacyRows -= 1;
    return this.getStmt.get(provider, key) as CacheRow | undefined;
  }

  /**
   * Many rows of one provider at once, by key (absent keys are absent from the map): re-deriving an
   * evaluation reads 100,000 answers, and one statement per few hundred keys costs far less than one
   * per key. Pre-provider rows are claimed one by one, as `get` does.
   */
  getMany(provider: string, keys: readonly string[]): Map<string, StoredAnswer> {
    const out = new Map<string, StoredAnswer>();
    for (let i = 0; i < keys.length; i += MANY_CHUNK) {
      const part = keys.slice(i, i + MANY_CHUNK);
      const stmt =
        part.length === MANY_CHUNK
          ? (this.manyStmt ??= this.db.prepare(manySql(MANY_CHUNK)))
          : this.db.prepare(manySql(part.length));
      for (const row of stmt.all(provider, ...part) as StoredAnswer[]) out.set(row.key, row);
    }
    if (this.legacyRows > 0) {
      for (const key of keys) {
        const claimed = out.has(key) ? undefined : this.claimLegacy(provider, key);
        if (claimed) out.set(key, claimed);
      }
    }
    return out;
  }
  private manyStmt: ReturnType<Db['prepare']> | undefined;

  /**
   * Stores answers (and the cost of the request that produced them) in one durable transaction.
   * Credentials a provider echoed in an error or answer never reach the file.
   */
  put(rows: CacheRow[], ledger?: LedgerEntry): void {
    this.putTx(rows.map(redactRow), ledger);
  }

  private insertLedger(e: LedgerEntry): void {
    const values = [
      e.stage,
      e.member,
      e.model,
      e.requests,
      e.promptTokens,
      e.completionTokens,
      e.costUsd,
      e.batch ? 1 : 0,
      e.estimated ? 1 : 0,
      e.reasoningTokens,
      e.cachedTokens,
    ];
    this.ledgerStmt.run(...values, new Date().toISOString());
  }

  /** Ledger spend recorded at or after an ISO timestamp (any stage, any panel). */
  spendSince(sinceIso: string): LedgerSpend {
    const row = this.db
      .prepare('SELECT COALESCE(SUM(cost_usd), 0) AS costUsd FROM llm_ledger WHERE created_at >= ?')
      .get(sinceIso) as { costUsd: number };
    return { costUsd: row.costUsd, lastId: this.spendAfter(0).lastId };
  }

  /** Ledger spend recorded after row `id`: cheap enough to ask before every request. */
  spendAfter(id: number): LedgerSpend {
    return this.spendAfterStmt.get(id, id) as LedgerSpend;
  }

  /** Cost and tokens per (stage, member), optionally for one stage. */
  ledger(stage?: string): LedgerTotal[] {
    const where = stage ? 'WHERE stage = ?' : '';
    const rows = this.db
      .prepare(
        `SELECT stage, member, SUM(requests) AS requests, SUM(prompt_tokens) AS promptTokens,
                SUM(completion_tokens) AS completionTokens, SUM(cost_usd) AS costUsd
         FROM llm_ledger ${where} GROUP BY stage, member ORDER BY stage, member`,
      )
      .all(...(stage ? [stage] : []));
    return rows as LedgerTotal[];
  }
}

function redactRow(row: CacheRow): CacheRow {
  return {
    ...row,
    raw: row.raw === null ? null : redact(row.raw),
    error: row.error === null ? null : redact(row.error),
  };
}
