import { UserError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { PanelMember } from '../schemas/config.ts';
import type { CapabilityStore, MemberCapabilities } from './capabilities.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import type { MemberRuntime } from './core.ts';
import { PRESETS } from './presets.ts';
import { providerIdentity } from './provider.ts';
import { MemberLimiter } from './ratelimit.ts';
import type { Simulator } from './sim/local.ts';
import { createClient, type RetryPolicy } from './transport.ts';
import type { LlmRequest } from './types.ts';

export interface MemberRuntimesOptions {
  log: Logger;
  policy: RetryPolicy;
  breakerThreshold: number;
  capabilities: CapabilityStore;
  /** Answers members without `baseURL`; without it such a member is a configuration error. */
  simulator?: Simulator;
}

/**
 * Each panel member's runtime (client, rate limiter, circuit breaker, capabilities), made on the
 * member's first ask and kept for the panel's life, so every ask of a panel shares its limits.
 */
export class MemberRuntimes {
  private readonly runtimes = new Map<string, MemberRuntime>();
  private simulatorNoted = false;

  constructor(private readonly opts: MemberRuntimesOptions) {}

  private async simulatorUrl(member: PanelMember): Promise<string> {
    const { simulator, log } = this.opts;
    if (!simulator)
      throw new UserError(
        `panel member "${member.id}" has no baseURL and no simulator was given to answer it; set its baseURL`,
        { field: 'panel.baseURL' },
      );
    const url = await simulator.url();
    if (!this.simulatorNoted) log.info(`no baseURL: using the local simulator at ${url} (answers marked simulated)`);
    this.simulatorNoted = true;
    return url;
  }

  async runtimeOf(member: PanelMember): Promise<MemberRuntime> {
    const known = this.runtimes.get(member.id);
    if (known) return known;
    const { log, policy, breakerThreshold, capabilities } = this.opts;
    const baseURL = member.baseURL ?? `${await this.simulatorUrl(member)}/v1`;
    const client = await createClient(member, baseURL, policy);
    // Another ask may have made this member's runtime while the client was being created.
    const made = this.runtimes.get(member.id);
    if (made) return made;
    const runtime: MemberRuntime = {
      member,
      provider: providerIdentity(member),
      client,
      limiter: new MemberLimiter(
        member.id,
        { rpm: member.rpm, tpm: member.tpm },
        log,
        member.provider ? PRESETS[member.provider].rateLimitHeaders : undefined,
      ),
      breaker: new CircuitBreaker(breakerThreshold),
      simulated: !member.baseURL,
      caps: capabilities.resolve(member),
      capabilities,
    };
    this.runtimes.set(member.id, runtime);
    return runtime;
  }

  /** Each asked member's capabilities as they stand (config, preset, negotiated earlier, or defaults). */
  async capsOf(requests: LlmRequest<unknown>[]): Promise<Map<string, MemberCapabilities>> {
    const caps = new Map<string, MemberCapabilities>();
    for (const request of requests)
      if (!caps.has(request.member.id)) caps.set(request.member.id, (await this.runtimeOf(request.member)).caps);
    return caps;
  }

  /** A member's capabilities without making its runtime: its runtime's when it has one, else resolved. */
  currentCaps(member: PanelMember): MemberCapabilities {
    return this.runtimes.get(member.id)?.caps ?? this.opts.capabilities.resolve(member);
  }

  clear(): void {
    this.runtimes.clear();
  }
}
