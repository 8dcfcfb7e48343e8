import type { Db } from '../store/run-store.ts';

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

/** Cost recorded in the ledger over some span, and the last ledger row id it includes. */
export interface LedgerSpend {
  costUsd: number;
  lastId: number;
}

/**
 * The cost ledger (table llm_ledger, created by cache-migrations.ts): one row per call that used
 * tokens, written in the same transaction as the answers it paid for (see `LlmCache.put`).
 */
export class CostLedger {
  private readonly insertStmt;
  private readonly spendAfterStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO llm_ledger (stage, member, model, requests, prompt_tokens, completion_tokens, cost_usd, batch, estimated, reasoning_tokens, cached_tokens, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.spendAfterStmt = db.prepare(
      'SELECT COALESCE(SUM(cost_usd), 0) AS costUsd, COALESCE(MAX(id), ?) AS lastId FROM llm_ledger WHERE id > ?',
    );
  }

  insert(e: LedgerEntry): void {
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
    this.insertStmt.run(...values, new Date().toISOString());
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
  totals(stage?: string): LedgerTotal[] {
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
