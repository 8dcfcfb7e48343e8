import type { z } from 'zod';
import type { PanelMember } from '../schemas/config.ts';
import type { Repair } from './repair.ts';

/**
 * The contract between LLM stages and the panel (DESIGN.md section 4). Stages build requests and
 * read answers; the panel owns transport, caching, retries, rate limits, batching and cost.
 * (Implementation: src/llm/panel.ts.)
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A kind of question (relevance, polarity, translate, ...). Its name is also the JSON-schema name. */
export interface LlmTask<T> {
  name: string;
  /** zod schema of one answer; every raw answer is parsed with it (never part of the cache key). */
  schema: z.ZodType<T>;
  /** Content hash of the prompt templates the messages were built from. */
  promptVersion: string;
  /** Typical output tokens of one answer, for plans and cost projections (default 64). */
  expectedOutputTokens?: number;
  /**
   * Most output tokens one answer may use: sent as `max_tokens` and reserved by budgets before a
   * call (default `DEFAULT_MAX_OUTPUT_TOKENS` in request.ts). A request's `maxTokens` overrides it.
   */
  maxOutputTokens?: number;
  /**
   * What one run votes, per position, when answers are aggregated by mode of runs (one position per
   * question asked): lets members with `earlyStop` stop asking runs once the mode cannot change.
   */
  votes?(value: T): Array<string | number | boolean | null>;
}

export interface LlmRequest<T> {
  task: LlmTask<T>;
  /** Stable id of the item asked about (e.g. "1234:PDI"); used in logs, failures and plans. */
  itemId: string;
  member: PanelMember;
  language: string;
  messages: ChatMessage[];
  /** Number of independent samples (runs) wanted for this request. */
  samples: number;
  /** `max_tokens` of this request; overrides the task's `maxOutputTokens`. */
  maxTokens?: number;
}

export interface LlmSample<T> {
  index: number;
  /** sha256 of the canonical request + sample index; the raw answer is stored under it. */
  cacheKey: string;
  raw: string | null;
  /** The parsed answer, when the raw answer satisfied the task's schema. */
  value?: T;
  /** Why there is no value (malformed, refused, truncated, HTTP error after retries, ...). */
  error?: string;
  /** What tolerant parsing did to the raw answer to read it (re-derived on every read). */
  repairs?: Repair[];
  fromCache: boolean;
  simulated: boolean;
}

export interface LlmAnswer<T> {
  request: LlmRequest<T>;
  samples: LlmSample<T>[];
}
