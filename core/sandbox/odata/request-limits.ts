/**
 * The limits a service puts on each caller: a sliding window of requests, then a number processed at once
 * with a bounded queue behind them (BCDOCS operational-limits-online.md: 6,000 requests per 5 minutes,
 * 5 at once, 95 queued, 8 minutes in the queue at most).
 */
export interface RequestLimitRules {
  rate: { requests: number; windowMs: number };
  concurrent: number;
  queueLength: number;
  queueTimeoutMs: number;
}

export type Admission =
  | { admitted: true; /** Requests of this caller in progress, this one included. */ active: number; release(): void }
  | { admitted: false; refusal: 'rate' | 'queue-full' | 'queue-timeout' };

export function createRequestLimits(rules: RequestLimitRules, now: () => number) {
  const callers = new Map<string, { active: number; queue: Array<() => void>; window: number[] }>();

  async function admit(caller: string): Promise<Admission> {
    const lim = callers.get(caller) ?? { active: 0, queue: [], window: [] };
    callers.set(caller, lim);
    const t = now();
    while (lim.window.length && (lim.window[0] ?? 0) <= t - rules.rate.windowMs) lim.window.shift();
    if (lim.window.length >= rules.rate.requests) return { admitted: false, refusal: 'rate' };
    lim.window.push(t);
    if (lim.active >= rules.concurrent) {
      if (lim.queue.length >= rules.queueLength) return { admitted: false, refusal: 'queue-full' };
      const admitted = await new Promise<boolean>((resolve) => {
        const go = () => { clearTimeout(timer); resolve(true); };
        const timer = setTimeout(() => {
          lim.queue.splice(lim.queue.indexOf(go), 1);
          resolve(false);
        }, rules.queueTimeoutMs);
        lim.queue.push(go);
      });
      if (!admitted) return { admitted: false, refusal: 'queue-timeout' };
    }
    lim.active++;
    return {
      admitted: true,
      active: lim.active,
      release: () => {
        lim.active--;
        lim.queue.shift()?.();
      },
    };
  }

  return { admit };
}
