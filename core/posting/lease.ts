import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { isDatabaseBusy, Leases, type Db, type LeaseHolder as StoredHolder } from '../store';
import { DomainError } from '../errors/domain-error';

const NAME = 'posting';

/** The holder of the posting lease as the screens show it: instants in ISO 8601. */
export interface LeaseHolder {
  holder: string;
  host: string;
  pid: number;
  purpose: string;
  acquiredAt: string;
  renewedAt: string;
  expiresAt: string;
}

/** Another run holds the lease; the message says who, since when, doing what, and until when. */
export class PostingLeaseHeld extends DomainError {
  constructor(readonly heldBy: LeaseHolder) {
    super(
      'conflict',
      `Another posting run is working in this workspace: ${heldBy.holder} on ${heldBy.host} (process ${heldBy.pid}), ${heldBy.purpose}, ` +
        `since ${heldBy.acquiredAt}. Wait until it finishes; if that program has died, its lease expires at ${heldBy.expiresAt}.`,
    );
  }
}

export interface LeaseOptions {
  /** How long a lease lives without renewal: a holder that dies frees it after this long. */
  ttlMs?: number;
  now?: () => Date;
  /** Is a process on this host alive? A dead one's lease is free at once. */
  isAlive?: (pid: number) => boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
const viewOf = (h: StoredHolder): LeaseHolder => ({
  holder: h.holder, host: h.host, pid: h.pid, purpose: h.purpose, acquiredAt: iso(h.acquiredAt), renewedAt: iso(h.renewedAt), expiresAt: iso(h.expiresAt),
});

/**
 * The one-run-per-workspace lease of the poster, in the workspace's lease table. Every acquisition is a
 * new holder, so a second posting run is refused even inside the same process.
 */
export class PostingLease {
  private readonly ttlMs: number;
  private readonly leases: Leases;

  constructor(db: Db, options: LeaseOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30_000;
    const now = options.now;
    this.leases = new Leases(db, { ...(now ? { now: () => now().getTime() } : {}), ...(options.isAlive ? { isAlive: options.isAlive } : {}) });
  }

  /** Who holds the lease now, or null when it is free. */
  current(): LeaseHolder | null {
    const h = this.leases.current(NAME);
    return h ? viewOf(h) : null;
  }

  /** Takes the lease or throws PostingLeaseHeld. Returns the handle to renew and release it. */
  acquire(holder: string, purpose: string, pid = process.pid, host = hostname()): HeldLease {
    const id = randomUUID();
    const heldBy = this.leases.acquire(NAME, this.ttlMs, { holderId: id, holder, purpose, pid, host });
    if (heldBy) throw new PostingLeaseHeld(viewOf(heldBy));
    return new HeldLease(this.leases, id, this.ttlMs);
  }
}

export class HeldLease {
  private timer: NodeJS.Timeout | null = null;
  private lost = false;

  constructor(private readonly leases: Leases, readonly id: string, private readonly ttlMs: number) {}

  /** Extends the lease; false when it was lost (expired and taken by another run). */
  renew(): boolean {
    const ours = this.leases.renew(NAME, this.ttlMs, this.id);
    if (!ours) this.lost = true;
    return ours;
  }

  /** Whether renewing found the lease gone: the run must stop before its next document. */
  get wasLost(): boolean {
    return this.lost;
  }

  /**
   * Renews every third of the lifetime until released. A renewal refused because the database is busy (a
   * settlement import holds the write lock) is skipped, not thrown from the timer: nobody can take the lease
   * while the lock lasts either, and the next renewal finds out if it was lost meanwhile.
   */
  keepAlive(): this {
    this.timer ??= setInterval(() => {
      try {
        this.renew();
      } catch (err) {
        if (!isDatabaseBusy(err)) throw err;
      }
    }, Math.max(50, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
    return this;
  }

  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.leases.release(NAME, this.id);
  }
}
