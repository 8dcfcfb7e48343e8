/** A token bucket of one model's requests per minute. */
class RpmBucket {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly rpm: number) {
    this.tokens = this.capacity;
  }
  // Two seconds of burst: a client pacing itself at the advertised rate never meets a 429.
  private get capacity(): number {
    return Math.max(1, (this.rpm / 60) * 2);
  }
  /** 0 when a request may pass now, else ms until it may. */
  take(): number {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.rpm) / 60_000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 60_000) / this.rpm);
  }
  remaining(): number {
    return Math.floor(this.tokens);
  }
}

/**
 * The simulator's rate limits: requests per minute per model, enforced, and the `x-ratelimit-*`
 * headers a client paces itself by (tokens per minute are announced only).
 */
export class SimRateLimits {
  private readonly buckets = new Map<string, RpmBucket>();

  constructor(
    private readonly rpm: number | undefined,
    private readonly tpm: number | undefined,
  ) {}

  /** Takes a request to `model`: the headers to send and, past the RPM, the ms until it may pass (else 0). */
  take(model: string): { headers: Record<string, string>; waitMs: number } {
    const headers: Record<string, string> = {};
    if (this.tpm) headers['x-ratelimit-limit-tokens'] = String(this.tpm);
    if (!this.rpm) return { headers, waitMs: 0 };
    let bucket = this.buckets.get(model);
    if (!bucket) this.buckets.set(model, (bucket = new RpmBucket(this.rpm)));
    const waitMs = bucket.take();
    headers['x-ratelimit-limit-requests'] = String(this.rpm);
    headers['x-ratelimit-remaining-requests'] = String(bucket.remaining());
    headers['x-ratelimit-reset-requests'] = `${waitMs}ms`;
    return { headers, waitMs };
  }
}
