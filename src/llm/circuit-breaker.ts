/**
 * Stops asking a member whose requests keep failing with the same client error (a 4xx other than
 * 408/409/429): the config is wrong for it, and every further request would be paid for or refused
 * the same way. Any success closes it again.
 */
export const DEFAULT_BREAKER_THRESHOLD = 5;

export class CircuitBreaker {
  private lastCause: string | undefined;
  private streak = 0;

  constructor(private readonly threshold = DEFAULT_BREAKER_THRESHOLD) {}

  recordClientError(cause: string): void {
    this.streak = cause === this.lastCause ? this.streak + 1 : 1;
    this.lastCause = cause;
  }

  recordSuccess(): void {
    this.streak = 0;
    this.lastCause = undefined;
  }

  isOpen(): boolean {
    return this.streak >= this.threshold;
  }

  /** The error that opened the breaker: the samples left unasked fail with it. */
  cause(): string {
    return this.lastCause ?? 'client error';
  }

  get limit(): number {
    return this.threshold;
  }
}
