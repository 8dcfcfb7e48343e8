import { z } from 'zod';
import type { Db } from '../store/run-store.ts';
import { migrate } from '../store/run-store.ts';
import type { PanelMember } from '../schemas/config.ts';
import { PRESETS, type StructuredMode } from './presets.ts';
import { providerIdentity } from './provider.ts';

/**
 * What a member's provider can do, negotiated once per (provider, model) and kept in the run store:
 * how answers are held to the schema (`json_schema` strict → `json_object` → instructions only),
 * how many choices one request may ask for (`n`), and whether the model returns reasoning. The
 * config (or a `provider` preset) overrides; what neither says is learned from the provider.
 */
export const MAX_N = 128;

export type CapabilitySource = 'config' | 'preset' | 'negotiated' | 'default';

export interface MemberCapabilities {
  structured: StructuredMode;
  maxN: number;
  reasoning: boolean | null;
  source: { structured: CapabilitySource; n: CapabilitySource };
}

/** The structured-output mode and `n` limit the member's config (or its preset) fixes, if any. */
export function configuredCapabilities(member: PanelMember): {
  structured?: { mode: StructuredMode; source: CapabilitySource };
  maxN?: { value: number; source: CapabilitySource };
} {
  const preset = member.provider ? PRESETS[member.provider] : {};
  const ownStructured =
    member.structuredOutput ??
    (member.supportsJsonSchema === undefined ? undefined : member.supportsJsonSchema ? 'json_schema' : 'instructions');
  const ownN = member.maxN ?? (member.supportsN === undefined ? undefined : member.supportsN ? MAX_N : 1);
  const structured = ownStructured
    ? { mode: ownStructured, source: 'config' as const }
    : preset.structured
      ? { mode: preset.structured, source: 'preset' as const }
      : undefined;
  const maxN = ownN
    ? { value: ownN, source: 'config' as const }
    : preset.maxN
      ? { value: preset.maxN, source: 'preset' as const }
      : undefined;
  return { structured, maxN };
}

/** Modes to try, most constrained first, from a given one down. */
export const STRUCTURED_FALLBACK: readonly StructuredMode[] = ['json_schema', 'json_object', 'instructions'];

/** A provider's refusal of `response_format` (or of its `json_schema` kind). */
export function isStructuredOutputRefusal(message: string): boolean {
  return /response_format|json_schema|json_object|structured output|guided/i.test(message);
}

/**
 * What a refusal says about `n`: its limit ("Field 'n' must be ≤ 4", llama.cpp; "n must be at most
 * 8"), `1` when `n` is not supported at all, undefined when the message is not about `n`.
 */
export function nLimitOf(message: string): number | undefined {
  if (!/(['"`]n['"`]|\bn\b).{0,40}(must|≤|<=|at most|maximum|exceed|not supported|unsupported|only 1)/i.test(message))
    return undefined;
  const limit =
    /(?:≤|<=|at most|maximum(?: of)?|must be (?:less than or equal to|lower than or equal to|<=)|only)\s*(\d+)/i.exec(
      message,
    )?.[1];
  return limit ? Math.max(1, Number(limit)) : 1;
}

const MIGRATIONS = [
  `CREATE TABLE llm_capabilities (
     provider TEXT NOT NULL,
     model TEXT NOT NULL,
     structured TEXT,
     max_n INTEGER,
     reasoning INTEGER,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (provider, model))`,
];

interface Learned {
  structured: StructuredMode | null;
  max_n: number | null;
  reasoning: number | null;
}

/** Negotiated capabilities per (provider, model), durable in the run store so each is probed once. */
export class CapabilityStore {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db) {
    migrate(db, 'llm-capabilities', MIGRATIONS);
    this.getStmt = db.prepare(
      'SELECT structured, max_n, reasoning FROM llm_capabilities WHERE provider = ? AND model = ?',
    );
    this.putStmt = db.prepare(
      `INSERT INTO llm_capabilities (provider, model, structured, max_n, reasoning, updated_at) VALUES (@provider, @model, @structured, @max_n, @reasoning, @at)
       ON CONFLICT (provider, model) DO UPDATE SET structured = COALESCE(excluded.structured, structured),
         max_n = COALESCE(excluded.max_n, max_n), reasoning = COALESCE(excluded.reasoning, reasoning), updated_at = excluded.updated_at`,
    );
  }

  private learned(member: PanelMember): Learned | undefined {
    return this.getStmt.get(providerIdentity(member), member.model) as Learned | undefined;
  }

  /** The member's capabilities now: config or preset first, then what was negotiated, then the defaults. */
  resolve(member: PanelMember): MemberCapabilities {
    const fixed = configuredCapabilities(member);
    const learned = member.baseURL ? this.learned(member) : undefined;
    const structured =
      fixed.structured ??
      (learned?.structured
        ? { mode: learned.structured, source: 'negotiated' as const }
        : { mode: 'json_schema' as const, source: 'default' as const });
    const maxN =
      fixed.maxN ??
      (learned?.max_n
        ? { value: learned.max_n, source: 'negotiated' as const }
        : { value: MAX_N, source: 'default' as const });
    const presetReasoning = member.provider ? PRESETS[member.provider].reasoning : undefined;
    const reasoning = learned?.reasoning === 1 ? true : (presetReasoning ?? (learned?.reasoning === 0 ? false : null));
    return {
      structured: structured.mode,
      maxN: maxN.value,
      reasoning,
      source: { structured: structured.source, n: maxN.source },
    };
  }

  record(
    member: PanelMember,
    learned: Partial<{ structured: StructuredMode; maxN: number; reasoning: boolean }>,
  ): void {
    if (!member.baseURL) return;
    this.putStmt.run({
      provider: providerIdentity(member),
      model: member.model,
      structured: learned.structured ?? null,
      max_n: learned.maxN ?? null,
      reasoning: learned.reasoning === undefined ? null : learned.reasoning ? 1 : 0,
      at: new Date().toISOString(),
    });
  }
}

const SourceSchema = z.enum(['config', 'preset', 'negotiated', 'default']);
/** Capabilities as recorded in a stage run's provenance (read back by `status`). */
export const RecordedCapabilitiesSchema = z.record(
  z.string(),
  z.object({
    structured: z.enum(['json_schema', 'json_object', 'instructions']),
    maxN: z.number(),
    reasoning: z.boolean().nullable(),
    source: z.object({ structured: SourceSchema, n: SourceSchema }),
  }),
);

/** Each member's recorded capabilities as one line, or nothing when the provenance holds none (or an older shape). */
export function describeRecorded(value: unknown): Record<string, string> | undefined {
  const parsed = RecordedCapabilitiesSchema.safeParse(value);
  if (!parsed.success) return undefined;
  return Object.fromEntries(Object.entries(parsed.data).map(([id, caps]) => [id, describeCapabilities(caps)]));
}

/** One line for plans, status and logs: "json_object (negotiated), n ≤ 4 (negotiated), reasoning". */
export function describeCapabilities(c: MemberCapabilities): string {
  const n = c.maxN <= 1 ? 'n unsupported' : `n ≤ ${c.maxN}`;
  const reasoning = c.reasoning === null ? 'reasoning unknown' : c.reasoning ? 'reasoning model' : 'no reasoning';
  return `${c.structured} (${c.source.structured}), ${n} (${c.source.n}), ${reasoning}`;
}

/** The next, less constrained structured-output mode, if any. */
export function nextMode(mode: StructuredMode): StructuredMode | undefined {
  return STRUCTURED_FALLBACK[STRUCTURED_FALLBACK.indexOf(mode) + 1];
}

/** Whether a member may fall back from its structured-output mode: only when no config or preset fixed it. */
export function canFallBack(caps: MemberCapabilities): boolean {
  return (
    (caps.source.structured === 'default' || caps.source.structured === 'negotiated') &&
    nextMode(caps.structured) !== undefined
  );
}
