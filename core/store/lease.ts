import { hostname } from 'node:os';
import type { Db } from './database';

/** Who holds a lease and since when; times are epoch milliseconds of the caller's clock. */
export interface LeaseHolder {
  /** The claimant's id: a claimant presenting the same id again gets the lease back (re-entrancy). */
  holderId: string;
  /** Who, in words: an OS user, a sync runner, a job. */
  holder: string;
  host: string;
  pid: number;
  /** What the holder does, in words. */
  purpose: string;
  acquiredAt: number;
  renewedAt: number;
  expiresAt: number;
}

/** Who asks for a lease. host and pid default to this process. */
export interface LeaseClaim {
  holderId: string;
  holder: string;
  purpose: string;
  host?: string;
  pid?: number;
}

export interface LeaseOptions {
  now?: () => number;
  /** Is a process on this host alive? A dead one's lease is free at once. */
  isAlive?: (pid: number) => boolean;
}

interface Row {
  name: string; holder_id: string; holder: string; host: string; pid: number; purpose: string; acquired_at: number; renewed_at: number; expires_at: number;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const holderOf = (r: Row): LeaseHolder => ({
  holderId: r.holder_id, holder: r.holder, host: r.host, pid: r.pid, purpose: r.purpose, acquiredAt: r.acquired_at, renewedAt: r.renewed_at, expiresAt: r.expires_at,
});

/**
 * Named leases in the workspace database (table `lease`): one posting run at a time, one runner per sync
 * job. Taking one is a single immediate transaction (SQLite serialises writers, also across processes);
 * the holder renews it while it works; a lease whose holder stopped renewing, or whose process on this
 * machine is gone (a crash, a SIGKILL), is free. A claimant that presents the id it holds the lease under
 * gets it again: a sync runner keeps one id for its life, a posting run takes a fresh id each time, so only
 * the former is re-entrant.
 */
export class Leases {
  private readonly now: () => number;
  private readonly isAlive: (pid: number) => boolean;

  constructor(private readonly db: Db, options: LeaseOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.isAlive = options.isAlive ?? processAlive;
  }

  /** The live holder of the lease, or null when it is free. */
  current(name: string): LeaseHolder | null {
    const r = this.row(name);
    return r && this.live(r) ? holderOf(r) : null;
  }

  /** The lease as recorded, live or not (a holder that died or ran out is still named); null when none is. */
  recorded(name: string): LeaseHolder | null {
    const r = this.row(name);
    return r ? holderOf(r) : null;
  }

  /** Takes the lease for `ttlMs`; returns null when taken, else the live holder that keeps it. */
  acquire(name: string, ttlMs: number, claim: LeaseClaim): LeaseHolder | null {
    return this.db.transaction((): LeaseHolder | null => {
      const r = this.row(name);
      if (r && r.holder_id !== claim.holderId && this.live(r)) return holderOf(r);
      const at = this.now();
      const acquiredAt = r && r.holder_id === claim.holderId ? r.acquired_at : at;
      this.db.prepare(`INSERT INTO lease (name, holder_id, holder, host, pid, purpose, acquired_at, renewed_at, expires_at)
        VALUES (@name, @holderId, @holder, @host, @pid, @purpose, @acquiredAt, @at, @expires)
        ON CONFLICT (name) DO UPDATE SET holder_id = @holderId, holder = @holder, host = @host, pid = @pid, purpose = @purpose,
          acquired_at = @acquiredAt, renewed_at = @at, expires_at = @expires`)
        .run({ name, holderId: claim.holderId, holder: claim.holder, host: claim.host ?? hostname(), pid: claim.pid ?? process.pid, purpose: claim.purpose, acquiredAt, at, expires: at + ttlMs });
      return null;
    }).immediate();
  }

  /** Extends a lease the claimant holds; false when it is no longer theirs (it expired and was taken). */
  renew(name: string, ttlMs: number, holderId: string): boolean {
    const at = this.now();
    return this.db.prepare('UPDATE lease SET renewed_at = ?, expires_at = ? WHERE name = ? AND holder_id = ?').run(at, at + ttlMs, name, holderId).changes === 1;
  }

  release(name: string, holderId: string): void {
    this.db.prepare('DELETE FROM lease WHERE name = ? AND holder_id = ?').run(name, holderId);
  }

  private row(name: string): Row | undefined {
    return this.db.prepare('SELECT * FROM lease WHERE name = ?').get(name) as Row | undefined;
  }

  private live(r: Row): boolean {
    if (r.expires_at <= this.now()) return false;
    return r.host !== hostname() || this.isAlive(r.pid);
  }
}
