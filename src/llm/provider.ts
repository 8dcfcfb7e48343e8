import type { PanelMember } from '../schemas/config.ts';
import { configuredCapabilities } from './capabilities.ts';
import type { StructuredMode } from './presets.ts';

/** Provider identity of members without `baseURL`: the local simulator, wherever it listens. */
export const SIMULATOR_PROVIDER = 'simulator';

/**
 * Who answers a member's requests, as part of every cache key: the `baseURL` without credentials,
 * query or fragment (two hosts serving a model of the same name are two providers; a key rotation
 * or a token in the query string is not a new provider), or `simulator`.
 */
export function providerIdentity(member: Pick<PanelMember, 'baseURL'>): string {
  if (!member.baseURL) return SIMULATOR_PROVIDER;
  const url = new URL(member.baseURL);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/**
 * The fields of a member that change its answers, as a stage's fingerprint records them: who
 * answers and how it is asked. Rate limits, concurrency, prices, timeouts and the key's variable
 * name change how fast or how dear, not what, and are left out.
 */
export interface AnswerIdentity {
  model: string;
  provider: string;
  temperature: number;
  runs: number;
  languages: string[];
  /** Fixed by config or preset; else `negotiated` with the provider (recorded per run in provenance). */
  structuredOutput: StructuredMode | 'negotiated';
}

export function answerIdentity(member: PanelMember): AnswerIdentity {
  return {
    model: member.model,
    provider: providerIdentity(member),
    temperature: member.temperature,
    runs: member.runs,
    languages: [...member.languages],
    structuredOutput:
      configuredCapabilities(member).structured?.mode ?? (member.baseURL ? 'negotiated' : 'json_schema'),
  };
}
