import type { Clock } from '../../core/clock/clock';

export interface IdleSkippingClock extends Clock {
  /** A fetch that tells the clock a request is in flight until its body has been read. */
  fetch: typeof fetch;
  /** Clock ms skipped in waits (the rest of the clock's time is the run's own, at the wall clock's pace). */
  skipped(): number;
}

interface Sleeper { at: number; wake: () => void }

/**
 * Time for a benchmark whose client and emulators share this process. It passes at the wall clock's pace
 * while anything works (a request is in flight, or code runs), and when every task is waiting on the clock
 * (a rate limiter's pacing, a backoff, a poll interval) it jumps to the first wake-up. So a wait that a limit
 * imposes counts at its full length without being spent, and our processing counts once. A clock sped up
 * N times would count the processing N times over against a baseline made only of the limits' waits, and
 * count the machine's other load N times with it.
 * Every HTTP request of the run must go through `fetch` here: one in flight keeps the clock from jumping.
 */
export function idleSkippingClock(start: number): IdleSkippingClock {
  const realStart = performance.now();
  let skipped = 0;
  let inFlight = 0;
  let checkQueued = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const sleepers: Sleeper[] = [];
  const now = () => start + (performance.now() - realStart) + skipped;

  // setImmediate runs after the I/O callbacks and promise jobs queued so far, so a task woken or answered
  // just before has started its next request (or its next wait) by then.
  const queueCheck = () => {
    if (checkQueued || !sleepers.length) return;
    checkQueued = true;
    setImmediate(check);
  };
  const check = () => {
    checkQueued = false;
    if (timer) { clearTimeout(timer); timer = null; }
    if (!sleepers.length) return;
    if (inFlight === 0 && sleepers[0]!.at > now()) skipped += sleepers[0]!.at - now();
    const t = now();
    while (sleepers.length && sleepers[0]!.at <= t) sleepers.shift()!.wake();
    if (!sleepers.length) return;
    // Requests in flight: the first wake-up comes at the wall clock's pace, or sooner once they are answered.
    if (inFlight > 0) timer = setTimeout(check, Math.max(1, sleepers[0]!.at - t));
    else queueCheck();
  };

  return {
    now,
    sleep: (ms, signal) => new Promise<void>((resolve, reject) => {
      if (signal?.aborted) { reject(signal.reason ?? new DOMException('Aborted', 'AbortError')); return; }
      const sleeper: Sleeper = { at: now() + Math.max(0, ms), wake: () => { signal?.removeEventListener('abort', onAbort); resolve(); } };
      const onAbort = () => {
        const i = sleepers.indexOf(sleeper);
        if (i >= 0) sleepers.splice(i, 1);
        reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let i = sleepers.length;
      while (i > 0 && sleepers[i - 1]!.at > sleeper.at) i--;
      sleepers.splice(i, 0, sleeper);
      queueCheck();
    }),
    fetch: async (input, init) => {
      inFlight++;
      try {
        const res = await fetch(input, init);
        const body = await res.arrayBuffer();
        return new Response(res.status === 204 || res.status === 304 ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } finally {
        inFlight--;
        queueCheck();
      }
    },
    skipped: () => skipped,
  };
}
