import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { isDatabaseBusy, type Db } from '../store';

const NAME = 'posting';

export interface LeaseHolder {
  holder: string;
  host: string;
  pid: number;
  purpose: string;
  acquiredAt: string;
  renewedAt: string;
  expiresAt: string;
}

interface Row {
  holder_id: string; holder: string; host: string; pid: number; purpose: string; acquired_at: string; renewed_at: string; expires_at: string;
}

/** Another run holds the lease; the message says who, since when, doing what, and until when. */
export class PostingLeaseHeld extends Error {
  constructor(readonly heldBy: LeaseHolder) {
    super(
      `Another posting run is working in this workspace: ${heldBy.holder} on ${heldBy.host} (process ${heldBy.pid}), ${heldBy.purpose}, ` +
        `since ${heldBy.acquiredAt}. Wait until it finishes; if that program has died, its lease expires at ${heldBy.expiresAt}.`,
    );
    this.name = 'PostingLeaseHeld';
  }
}

export interface LeaseOptions {
  /** How long a lease lives without renewal: a holder that dies frees it after this long. */
  ttlMs?: number;
  now?: () => Date;
  /** Is a process on this host alive? A dead one's lease is free at once. */
  isAlive?: (pid: number) => boolean;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const holderOf = (r: Row): LeaseHolder => ({ holder: r.holder, host: r.host, pid: r.pid, purpose: r.purpose, acquiredAt: r.acquired_at, renewedAt: r.renewed_at, expiresAt: r.expires_at });

/**
 * The one-run-per-workspace lease of the poster, a row in the workspace database. Taking it is one
 * transaction (SQLite serialises writers, also across processes), renewing extends it, and a lease whose
 * holder stopped renewing (or whose process on this host is gone) is free.
 */
export class PostingLease {
  private readonly ttlMs: number;
  private readonly now: () => Date;
  private readonly isAlive: (pid: number) => boolean;

  constructor(private readonly db: Db, options: LeaseOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? (() => new Date());
    this.isAlive = options.isAlive ?? processAlive;
  }

  /** Who holds the lease now, or null when it is free. */
  current(): LeaseHolder | null {
    const r = this.row();
    return r && this.live(r) ? holderOf(r) : null;
  }

  /** Takes the lease or throws PostingLeaseHeld. Returns the handle to renew and release it. */
  acquire(holder: string, purpose: string, pid = process.pid, host = hostname()): HeldLease {
    const id = randomUUID();
    this.db.transaction(() => {
      const r = this.row();
      if (r && this.live(r)) throw new PostingLeaseHeld(holderOf(r));
      const at = this.now();
      this.db.prepare(`INSERT INTO posting_lease (name, holder_id, holder, host, pid, purpose, acquired_at, renewed_at, expires_at)
        VALUES (@name, @id, @holder, @host, @pid, @purpose, @at, @at, @expires)
        ON CONFLICT (name) DO UPDATE SET holder_id = @id, holder = @holder, host = @host, pid = @pid, purpose = @purpose,
          acquired_at = @at, renewed_at = @at, expires_at = @expires`)
        .run({ name: NAME, id, holder, host, pid, purpose, at: at.toISOString(), expires: new Date(at.getTime() + this.ttlMs).toISOString() });
    }).immediate();
    return new HeldLease(this.db, id, this.ttlMs, this.now);
  }

  private row(): Row | undefined {
    return this.db.prepare('SELECT * FROM posting_lease WHERE name = ?').get(NAME) as Row | undefined;
  }

  private live(r: Row): boolean {
    if (r.expires_at <= this.now().toISOString()) return false;
    if (r.host === hostname() && !this.isAlive(r.pid)) return false;
    return true;
  }
}

export class HeldLease {
  private timer: NodeJS.Timeout | null = null;
  private lost = false;

  constructor(private readonly db: Db, readonly id: string, private readonly ttlMs: number, private readonly now: () => Date) {}

  /** Extends the lease; false when it was lost (expired and taken by another run). */
  renew(): boolean {
    const at = this.now();
    const changed = this.db.prepare('UPDATE posting_lease SET renewed_at = ?, expires_at = ? WHERE name = ? AND holder_id = ?')
      .run(at.toISOString(), new Date(at.getTime() + this.ttlMs).toISOString(), NAME, this.id).changes;
    if (changed === 0) this.lost = true;
    return changed === 1;
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
    this.db.prepare('DELETE FROM posting_lease WHERE name = ? AND holder_id = ?').run(NAME, this.id);
  }
}
