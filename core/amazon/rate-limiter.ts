import type { Clock } from '../clock/clock';
import { TokenBucket } from './token-bucket';
import { usagePlan, type OperationName, type UsagePlan } from './usage-plans';

/** Share of each usage plan left unused to absorb network jitter (see TokenBucket). */
export const RATE_HEADROOM = 0.05;

/**
 * One token bucket per (seller, region, operation): "All usage plans are specific to application-Selling
 * Partner pairs" (archived Usage Plans guide @ ac9be94). Buckets start from the model's usage plan and take
 * the rate Amazon reports in x-amzn-RateLimit-Limit. Callers wait for a token instead of sending a request
 * that would be throttled.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly clock: Clock,
    private readonly overrides: Partial<Record<OperationName, UsagePlan>> = {},
  ) {}

  bucket(seller: string, region: string, operation: OperationName): TokenBucket {
    const key = `${seller}|${region}|${operation}`;
    let b = this.buckets.get(key);
    if (!b) {
      const plan = this.overrides[operation] ?? usagePlan(operation);
      b = new TokenBucket(plan.rate, plan.burst, this.clock, RATE_HEADROOM);
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Waits until the operation may be called. Returns the clock ms waited. */
  async acquire(seller: string, region: string, operation: OperationName, signal?: AbortSignal): Promise<number> {
    const b = this.bucket(seller, region, operation);
    const wait = b.reserve();
    if (wait <= 0) return 0;
    try {
      await this.clock.sleep(wait, signal);
    } catch (err) {
      b.release();
      throw err;
    }
    return wait;
  }
}

/** x-amzn-RateLimit-Limit is a decimal requests-per-second string, e.g. "0.0167" (saleweaver issue #879). */
export function parseRateLimitHeader(value: string | null): number | null {
  if (!value) return null;
  const n = Number(value.trim());
  return Number.isFinite(n) && n > 0 ? n : null;
}
