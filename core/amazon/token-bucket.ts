import type { Clock } from '../clock/clock';

/**
 * The token-bucket algorithm Amazon documents for SP-API usage plans: `rate` tokens are added per
 * second up to `burst`; each request takes one (archived "Usage Plans and Rate Limits" guide,
 * amzn/selling-partner-api-docs @ ac9be94). Used by the client (to wait) and by the emulator (to refuse).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /**
   * @param headroom fraction of the rate the client leaves unused, so that a request sent just in time
   *   but delivered a little faster than the one before it does not arrive before Amazon's token (the
   *   server counts arrivals, the client can only time departures). The emulator uses 0.
   */
  constructor(private rate: number, private burst: number, private readonly clock: Clock, private readonly headroom = 0) {
    this.tokens = burst;
    this.last = clock.now();
  }

  get currentRate(): number {
    return this.rate;
  }

  get capacity(): number {
    return this.burst;
  }

  /** Tokens now available (may be negative in the client while callers hold reservations). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes a token if one is there (the emulator's check). */
  tryTake(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /**
   * Reserves the next token and returns how long (in clock ms) the caller must wait before using it.
   * Reservations queue in call order, so concurrent callers share the bucket fairly and none is starved.
   */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.effectiveRate()) * 1000;
  }

  /** Gives back a reservation that was not used (a cancelled wait). */
  release(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /**
   * Amazon's header states the rate that applied all along, so the time since the last refill is
   * credited at the new rate rather than the one we had guessed.
   */
  setRate(rate: number): void {
    if (rate > 0) this.rate = rate;
  }

  /** After a 429 the server's bucket is empty whatever we believed: start counting from zero. */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.effectiveRate());
  }

  private effectiveRate(): number {
    return this.rate * (1 - this.headroom);
  }
}
