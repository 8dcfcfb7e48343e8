import { redact } from '../log/logger.ts';
import type { Db } from '../store/run-store.ts';
import { migrate } from '../store/run-store.ts';
import { LLM_CACHE_MIGRATIONS } from './cache-migrations.ts';
import { CostLedger, type LedgerEntry, type LedgerSpend, type LedgerTotal } from './cache-ledger.ts';
import { SIMULATOR_PROVIDER } from './provider.ts';

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
  /**
   * Calls that asked for this sample's answer: 1, plus one for each re-ask after a rejected answer
   * (malformed, refused, truncated); a failure asked again on a later run adds that run's calls.
   * Transport retries of one call (429, 5xx) are not counted here: they are the panel's `retries`.
   */
  attempts: number;
  simulated: number;
  created_at: string;
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

/**
 * The response cache and cost ledger in the run store. A row holds the *raw* answer of one sample
 * (never a parsed value, never a credential); parsing happens on read, so a parser fix or a new
 * aggregation rule re-derives every label from here without a request. A row is committed before
 * its sample counts as done, so an interrupted run loses nothing it paid for.
 */
export class LlmCache {
  private readonly getStmt;
  private readonly claimStmt;
  private legacyRows: number;
  private readonly putStmt;
  private readonly costs;
  private readonly putTx;

  constructor(readonly db: Db) {
    migrate(db, 'llm-cache', LLM_CACHE_MIGRATIONS);
    this.getStmt = db.prepare('SELECT * FROM llm_cache WHERE provider = ? AND key = ?');
    this.claimStmt = db.prepare(`UPDATE llm_cache SET provider = ? WHERE provider = '' AND key = ? AND simulated = ?`);
    this.legacyRows = (db.prepare(`SELECT COUNT(*) AS n FROM llm_cache WHERE provider = ''`).get() as { n: number }).n;
    this.putStmt = db.prepare(UPSERT);
    this.costs = new CostLedger(db);
    this.putTx = db.transaction((rows: CacheRow[], ledger?: LedgerEntry) => {
      for (const row of rows) this.putStmt.run(row);
      if (ledger) this.costs.insert(ledger);
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

  /** Ledger spend recorded at or after an ISO timestamp (any stage, any panel). */
  spendSince(sinceIso: string): LedgerSpend {
    return this.costs.spendSince(sinceIso);
  }

  /** Ledger spend recorded after row `id`: cheap enough to ask before every request. */
  spendAfter(id: number): LedgerSpend {
    return this.costs.spendAfter(id);
  }

  /** Cost and tokens per (stage, member), optionally for one stage. */
  ledger(stage?: string): LedgerTotal[] {
    return this.costs.totals(stage);
  }
}

function redactRow(row: CacheRow): CacheRow {
  return {
    ...row,
    raw: row.raw === null ? null : redact(row.raw),
    error: row.error === null ? null : redact(row.error),
  };
}
