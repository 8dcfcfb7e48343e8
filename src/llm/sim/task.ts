import type { ChatMessage } from '../types.ts';
import type { FaultSpec } from './faults.ts';
import type { SimProfile } from './profiles.ts';

/**
 * How the simulator answers one kind of question. A handler reads the real prompt (items are
 * inside tags such as `<statement>…</statement>`), and returns a JSON value satisfying the task's
 * schema. Randomness comes only from `rng`, seeded per (model, request, sample), so answers are
 * reproducible.
 */
export interface SimTaskContext {
  model: string;
  messages: ChatMessage[];
  system: string;
  user: string;
  profile: SimProfile;
  rng: () => number;
  sampleIndex: number;
  /** The JSON schema from `response_format`, when the client sent one. */
  jsonSchema?: unknown;
  /** The server's fault spec: a task injects its own well-formed wrong answers (e.g. `mistranslate`). */
  faults?: FaultSpec;
}

export interface SimTask {
  /** Equals the LlmTask name, which the client sends as the json_schema name (or names in the prompt). */
  name: string;
  answer(ctx: SimTaskContext): unknown;
}

/** Text inside `<tag>…</tag>` in a prompt, trimmed; undefined when absent. */
export function tagged(text: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(text);
  return m?.[1].trim();
}
