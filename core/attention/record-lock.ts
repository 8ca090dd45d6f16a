import { randomUUID } from 'node:crypto';
import { Leases, type Db, type LeaseHolder } from '../store';

const TTL_MS = 10 * 60_000;

/**
 * One record of a flow sent by one hand at a time: a retry from Needs attention and a scheduled run of
 * the same flow each take the record's lease (table lease, shared across processes) around the send, and
 * the one that finds it taken leaves the record alone. A holder whose process on this machine died frees it
 * at once (core/store/lease.ts); a live one, or one on another machine, holds it until its lease runs out.
 */
export class RecordLocks {
  private readonly leases: Leases;

  constructor(db: Db, now: () => number) {
    this.leases = new Leases(db, { now });
  }

  /** Runs `send` holding the record; `{ ran: false }` with who holds it when another hand has it. */
  async with<T>(flow: string, recordKey: string, who: string, send: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false; holder: LeaseHolder }> {
    const name = `record:${flow}:${recordKey}`;
    const holderId = randomUUID();
    const holder = this.leases.acquire(name, TTL_MS, { holderId, holder: who, purpose: `sends ${recordKey}` });
    if (holder) return { ran: false, holder };
    try {
      return { ran: true, value: await send() };
    } finally {
      this.leases.release(name, holderId);
    }
  }
}
