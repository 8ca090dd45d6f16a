/**
 * The faults every emulator injects on demand, in one vocabulary, so a test proves the engine survives
 * what the real systems do: a throttling storm or a 5xx burst (fail next), a connection lost before any
 * work (drop), a request carried out whose answer never arrives (drop after processing), a slow answer
 * (delay) and access tokens that stop being accepted (expire tokens).
 * Each emulator decides what a request is matched on (a path, an operation name) and how a failure looks.
 */
export type FaultAction =
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'drop' }
  | { kind: 'drop-after-processing' }
  | { kind: 'delay'; ms: number };

interface Planned<Target> {
  action: FaultAction;
  applies: (target: Target) => boolean;
  remaining: number;
  /** Called each time a request meets the fault. */
  met?: () => void;
}

/**
 * Pending faults, taken first-come by the requests they match. `Match` is what a test names to aim a
 * fault (BC: a path pattern; Amazon: an operation); a fault aimed at nothing meets every request.
 */
export class FaultPlan<Target, Match extends object> {
  private queue: Planned<Target>[] = [];

  constructor(
    private readonly matches: (match: Match, target: Target) => boolean,
    private readonly tokens: { expireAll(): void },
  ) {}

  /** The next `count` matching requests fail with this status before any work (429 storm, 500/503 burst). */
  failNext(count: number, status: number, options?: Match & { retryAfterSeconds?: number }): this {
    const action: FaultAction = options?.retryAfterSeconds === undefined ? { kind: 'status', status } : { kind: 'status', status, retryAfterSeconds: options.retryAfterSeconds };
    return this.plan(count, action, options);
  }

  /** The next `count` matching requests are throttled: 429 in the emulated system's words. */
  throttle(count: number, match?: Match): this {
    return this.failNext(count, 429, match);
  }

  /** The next `count` matching requests lose their connection before any work. */
  dropNext(count: number, match?: Match): this {
    return this.plan(count, { kind: 'drop' }, match);
  }

  /** The next `count` matching requests are carried out, then lose their connection: the client cannot know they worked. */
  dropAfterProcessing(count: number, match?: Match): this {
    return this.plan(count, { kind: 'drop-after-processing' }, match);
  }

  /** The next `count` matching requests are held `ms` real milliseconds first; resolves when the first arrives. */
  delayNext(count: number, ms: number, match?: Match): Promise<void> {
    return new Promise<void>((arrived) => this.plan(count, { kind: 'delay', ms }, match, arrived));
  }

  /** Every access token issued so far stops being accepted (revocation, or expiry without advancing the clock). */
  expireTokens(): this {
    this.tokens.expireAll();
    return this;
  }

  /** Takes the first pending fault that applies to this request, if any. */
  take(target: Target): FaultAction | null {
    const i = this.queue.findIndex((f) => f.remaining > 0 && f.applies(target));
    if (i < 0) return null;
    const f = this.queue[i]!;
    f.remaining--;
    if (f.remaining <= 0) this.queue.splice(i, 1);
    f.met?.();
    return f.action;
  }

  clear(): void {
    this.queue = [];
  }

  private plan(count: number, action: FaultAction, match: Match | undefined, met?: () => void): this {
    this.queue.push({ action, remaining: count, applies: (t) => match === undefined || this.matches(match, t), ...(met ? { met } : {}) });
    return this;
  }
}
