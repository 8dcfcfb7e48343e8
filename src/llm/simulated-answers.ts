import type { Logger } from '../pipeline/log.ts';
import type { PanelMember } from '../schemas/config.ts';
import type { LlmCache } from './cache.ts';
import { SIMULATED_HEADER } from './canonical.ts';
import type { MemberRuntime } from './core.ts';

/**
 * Whether cached simulator answers may stand in for a member's answers. Cache keys leave the host
 * out, so a member moved from the simulator to a real provider finds the simulator's answers under
 * its keys; those are re-asked and replaced. A member without `baseURL` is the simulator; one with
 * a `baseURL` counts as the simulator only when that endpoint says so (`GET /models` carries the
 * simulator's header), which costs one free request, made only when the cache holds simulated
 * answers of its model.
 */
export class SimulatedAnswers {
  private readonly verdicts = new Map<string, Promise<boolean>>();
  private readonly accepted = new Map<string, boolean>();
  private skipped = new Map<string, number>();

  constructor(
    private readonly cache: LlmCache,
    private readonly runtimeOf: (member: PanelMember) => Promise<MemberRuntime>,
  ) {}

  /** Decides, for each member of the requests, whether its cached simulated answers are usable. */
  async prepare(members: Iterable<PanelMember>): Promise<void> {
    const distinct = new Map([...members].map((m) => [m.id, m]));
    await Promise.all([...distinct.values()].map(async (member) => this.accepted.set(member.id, await this.verdict(member))));
  }

  /** Whether a simulated row may answer for this member (call `prepare` first); counts refusals. */
  accepts(member: PanelMember): boolean {
    if (this.accepted.get(member.id) !== false) return true;
    this.skipped.set(member.id, (this.skipped.get(member.id) ?? 0) + 1);
    return false;
  }

  /** One warning for the refusals counted since the last call. */
  warn(log: Logger, stage: string): void {
    for (const [member, count] of this.skipped) {
      log.warn(`${stage}: ${count} cached simulated answer(s) not used for ${member}: its baseURL is not the simulator, so they are asked again and replaced`);
    }
    this.skipped = new Map();
  }

  private verdict(member: PanelMember): Promise<boolean> {
    if (!member.baseURL || !this.cache.hasSimulated(member.model)) return Promise.resolve(true);
    let verdict = this.verdicts.get(member.id);
    if (!verdict) {
      verdict = this.runtimeOf(member).then(isSimulator, () => false);
      this.verdicts.set(member.id, verdict);
    }
    return verdict;
  }
}

async function isSimulator(runtime: MemberRuntime): Promise<boolean> {
  try {
    const { response } = await runtime.client.models.list({ timeout: 10_000, maxRetries: 0 }).withResponse();
    return response.headers.get(SIMULATED_HEADER) === 'true';
  } catch {
    return false;
  }
}
