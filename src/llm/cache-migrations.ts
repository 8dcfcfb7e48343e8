/**
 * The tables of the response cache (llm_cache) and the cost ledger (llm_ledger), one migration list
 * for both: the run store records how many of them a file has applied under the component
 * 'llm-cache' and runs only the ones after that, so a change is a new entry at the end.
 */
export const LLM_CACHE_MIGRATIONS = [
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
  // claimed, once, by the first member that asks for them (see `claimLegacy` in cache.ts).
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
