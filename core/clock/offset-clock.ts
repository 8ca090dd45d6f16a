import type { Clock } from './clock';

/** A clock that can be moved forward: an emulator's, so a test expires tokens and subscriptions without waiting. */
export interface OffsetClock extends Clock {
  advance(ms: number): void;
}

/** `base` (the workspace's clock) plus however far it has been advanced. */
export function offsetClock(base: Clock): OffsetClock {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    sleep: (ms, signal) => base.sleep(ms, signal),
    advance: (ms) => { offset += ms; },
  };
}
