import { sleep as realSleep } from '../net/backoff';

/**
 * Time as the Amazon client and emulator see it. Production uses the system clock; tests and the
 * benchmark use a scaled clock so that a day of Amazon's slow usage plans (getReports refills one token
 * every 45 s) passes in seconds, with the client and the emulator agreeing on what a second is.
 */
export interface Clock {
  /** Milliseconds since the epoch, in this clock's time. */
  now(): number;
  /** Waits `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => realSleep(ms, signal),
};

/** A clock running `scale` times faster than the wall clock (scale 100: one real second is 100 s). */
export function scaledClock(scale: number, start: number = Date.now()): Clock {
  if (!(scale > 0)) throw new RangeError(`A clock scale must be positive, got ${scale}`);
  const realStart = performance.now();
  return {
    now: () => start + (performance.now() - realStart) * scale,
    sleep: (ms, signal) => realSleep(ms / scale, signal),
  };
}
