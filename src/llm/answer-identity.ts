import type { PanelMember } from '../schemas/config.ts';
import { configuredCapabilities } from './capabilities.ts';
import type { StructuredMode } from './presets.ts';
import { providerIdentity } from './provider.ts';

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
