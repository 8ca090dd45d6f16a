import { FaultPlan } from '../faults/fault-plan';

export interface SapB1FaultMatch {
  /** Only requests whose "METHOD path" matches (the path after /b1s/vN/), e.g. /^POST JournalEntries$/. */
  path?: RegExp;
}

/** The shared fault vocabulary aimed at Service Layer requests by path; "expire tokens" ends every open session. */
export class SapB1Faults extends FaultPlan<{ method: string; path: string }, SapB1FaultMatch> {
  constructor(sessions: { expireAll(): void }) {
    super((match, target) => !match.path || match.path.test(`${target.method} ${target.path}`), sessions);
  }
}
