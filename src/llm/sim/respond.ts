import { estimateTextTokens, withoutCorrection } from '../request.ts';
import { canonicalJson } from '../../io/canonical-json.ts';
import { canonicalFromBody, requestHash, sampleKey } from '../canonical.ts';
import { simProfile } from './profiles.ts';
import { seededRng } from './rng.ts';
import { sampleFromSchema } from './schema-sample.ts';
import type { FaultSpec } from './faults.ts';
import type { SimTask } from './task.ts';
import { SIM_TASKS } from './tasks/index.ts';

/**
 * How the simulator answers one chat-completions body: finds the task (the json_schema name, or
 * the schema the prompt names), runs its handler with an rng seeded per (seed, model, canonical
 * request, sample index), and falls back to a random schema-valid answer for unknown tasks.
 */
export interface SimChoice {
  key: string;
  content: string;
}

const PROMPT_SCHEMA = /JSON schema "([^"]+)":\n(\{[\s\S]*\})\s*$/;

function taskOf(body: Record<string, unknown>, user: string): { name?: string; schema?: unknown } {
  const rf = body.response_format as { type?: string; json_schema?: { name?: string; schema?: unknown } } | undefined;
  if (rf?.type === 'json_schema' && rf.json_schema) return { name: rf.json_schema.name, schema: rf.json_schema.schema };
  const m = PROMPT_SCHEMA.exec(user);
  if (!m) return {};
  try {
    return { name: m[1], schema: JSON.parse(m[2]) };
  } catch {
    return { name: m[1] };
  }
}

export function simulateChoices(
  body: Record<string, unknown>,
  sampleIndices: number[],
  seed: string | number,
  tasks: SimTask[] = SIM_TASKS,
  faults: FaultSpec = {},
): SimChoice[] {
  // A correcting re-ask answers the same sample: the simulator keys and seeds it as the question itself.
  const asked = canonicalFromBody(body);
  const canonical = { ...asked, messages: withoutCorrection(asked.messages) };
  const hash = requestHash(canonical);
  const system = canonical.messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n');
  const user = canonical.messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  const { name, schema } = taskOf(body, user);
  const handler = tasks.find((t) => t.name === name);
  const canonicalText = canonicalJson(canonical);
  return sampleIndices.map((sampleIndex) => {
    const rng = seededRng(seed, canonical.model, canonicalText, sampleIndex);
    const value = handler
      ? handler.answer({
          model: canonical.model,
          messages: canonical.messages,
          system,
          user,
          profile: simProfile(canonical.model),
          rng,
          sampleIndex,
          jsonSchema: schema,
          faults,
        })
      : sampleFromSchema(schema, rng);
    return { key: sampleKey(hash, sampleIndex), content: JSON.stringify(value) };
  });
}

/** Token count the simulator bills: the panel's own estimate, so plans and bills agree. */
export function simTokens(text: string): number {
  return Math.max(1, estimateTextTokens(text));
}

/**
 * An answer cut to `maxTokens` (as the simulator bills them), like a provider stopping at
 * `max_tokens` with `finish_reason: length`.
 */
export function capToTokens(text: string, maxTokens: number | undefined): { text: string; truncated: boolean } {
  if (maxTokens === undefined || simTokens(text) <= maxTokens) return { text, truncated: false };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (simTokens(text.slice(0, mid)) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return { text: text.slice(0, lo), truncated: true };
}
