import type { Logger } from '../log/logger.ts';

/**
 * A token bucket refilled continuously at `perMinute / 60000` tokens per ms, holding at most one
 * second's worth, so requests leave at a steady pace instead of a burst the provider answers
 * with a 429 storm. Takes are served in order.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(private perMinute: number) {
    this.tokens = this.capacity;
  }

  get capacity(): number {
    return Math.max(1, this.perMinute / 60);
  }

  get rate(): number {
    return this.perMinute;
  }

  setRate(perMinute: number): void {
    this.refill();
    this.perMinute = perMinute;
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  /** Gives back (or charges) tokens once the real cost of a request is known. */
  adjust(delta: number): void {
    this.refill();
    this.tokens = Math.min(this.capacity, this.tokens + delta);
  }

  take(amount: number, signal?: AbortSignal): Promise<void> {
    const next = this.queue.then(() => this.waitFor(Math.min(amount, this.capacity), signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
    this.last = now;
  }

  private async waitFor(amount: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill();
      if (this.tokens >= amount) {
        this.tokens -= amount;
        return;
      }
      const waitMs = ((amount - this.tokens) * 60_000) / this.perMinute;
      await sleep(Math.max(1, waitMs), signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Used when neither the config nor the provider says (curator's defaults). */
export const DEFAULT_RPM = 200;
export const DEFAULT_TPM = 100_000;

export type LimitSource = 'config' | 'provider headers' | 'default';

/**
 * RPM and TPM limits of one panel member, resolved in layers: the config, else the provider's
 * `x-ratelimit-limit-*` headers (adopted on the first answer that carries them), else a default.
 * Every resolution is logged with its source.
 */
export class MemberLimiter {
  readonly requests: TokenBucket;
  readonly tokens: TokenBucket;
  private rpmSource: LimitSource;
  private tpmSource: LimitSource;

  constructor(
    private readonly memberId: string,
    limits: { rpm?: number; tpm?: number },
    private readonly log: Logger,
    /** The response headers advertising the account's limits (a provider preset may name others). */
    private readonly headerNames: { requests: string; tokens: string } = {
      requests: 'x-ratelimit-limit-requests',
      tokens: 'x-ratelimit-limit-tokens',
    },
  ) {
    this.rpmSource = limits.rpm ? 'config' : 'default';
    this.tpmSource = limits.tpm ? 'config' : 'default';
    this.requests = new TokenBucket(limits.rpm ?? DEFAULT_RPM);
    this.tokens = new TokenBucket(limits.tpm ?? DEFAULT_TPM);
    log.info(
      `${memberId}: rate limit ${this.requests.rate} RPM (${this.rpmSource}), ${this.tokens.rate} TPM (${this.tpmSource})`,
    );
  }

  async acquire(estimatedTokens: number, signal?: AbortSignal): Promise<void> {
    await this.requests.take(1, signal);
    await this.tokens.take(estimatedTokens, signal);
  }

  /** Adopts the provider's advertised limits where the config set none. */
  observeHeaders(headers: Headers): void {
    const rpm = Number(headers.get(this.headerNames.requests));
    const tpm = Number(headers.get(this.headerNames.tokens));
    if (this.rpmSource === 'default' && rpm > 0) {
      this.requests.setRate(rpm);
      this.rpmSource = 'provider headers';
      this.log.info(`${this.memberId}: rate limit ${rpm} RPM (provider headers)`);
    }
    if (this.tpmSource === 'default' && tpm > 0) {
      this.tokens.setRate(tpm);
      this.tpmSource = 'provider headers';
      this.log.info(`${this.memberId}: rate limit ${tpm} TPM (provider headers)`);
    }
  }
}
