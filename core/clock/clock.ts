import { sleep as realSleep } from '../net/backoff';

/**
 * Time as the whole workspace sees it: the demo's seed dates, the emulators, the scheduler, the Amazon
 * and ERP clients. Production uses the system clock. Tests and rehearsals start the clock at a chosen
 * instant (so a settlement's dates and the month it falls in are the same on any day the suite runs),
 * and the benchmarks run it faster so a day of Amazon's slow usage plans passes in seconds.
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

/** A clock that reads `start` now and then runs at the wall clock's pace. */
export function clockStartingAt(start: number): Clock {
  return scaledClock(1, start);
}

/**
 * The environment variable that starts the clock of a served workspace (serve, sync, the desktop app) at
 * a given instant, e.g. `ML_CONNECTOR_CLOCK_START=2026-06-20T12:00:00Z`: end-to-end tests pin the demo's
 * dates with it, and a trainer can rehearse a month end on any day.
 */
export const CLOCK_START_VARIABLE = 'ML_CONNECTOR_CLOCK_START';

/** The system clock, or one started at the instant the environment names; an unreadable instant is an error. */
export function clockFromEnvironment(env: NodeJS.ProcessEnv = process.env): Clock {
  const text = env[CLOCK_START_VARIABLE];
  if (text === undefined || text === '') return systemClock;
  const start = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(start)) {
    throw new Error(`${CLOCK_START_VARIABLE}="${text}" is not an instant with its offset, such as 2026-06-20T12:00:00Z.`);
  }
  return clockStartingAt(start);
}
