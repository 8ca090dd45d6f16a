import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../store';

/** Who holds a lease: the machine, the process and one runner inside it. */
export function newHolderId(): string {
  return `${hostname()}|${process.pid}|${randomBytes(6).toString('hex')}`;
}

/**
 * A named lock in the workspace database with a lease. The holder renews it while it works; if the holder
 * dies, renewals stop and the lease expires, so the lock never outlives its owner. A holder on this machine
 * whose process is gone (a crash, a SIGKILL) is recognised at once instead of after the lease runs out.
 */
export class Leases {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    readonly holder: string = newHolderId(),
  ) {}

  /** Takes the lease for `ms` if it is free, expired, its holder's process is gone, or already ours. */
  acquire(name: string, ms: number): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT holder, expires_at FROM sync_lease WHERE name = ?').get(name) as { holder: string; expires_at: number } | undefined;
      const now = this.now();
      if (row && row.holder !== this.holder && row.expires_at > now && holderAlive(row.holder)) return false;
      this.db
        .prepare('INSERT INTO sync_lease (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at')
        .run(name, this.holder, now + ms);
      return true;
    }).immediate();
  }

  /** Extends a lease we hold; false when it is no longer ours (it expired and another runner took it). */
  renew(name: string, ms: number): boolean {
    return this.db.prepare('UPDATE sync_lease SET expires_at = ? WHERE name = ? AND holder = ?').run(this.now() + ms, name, this.holder).changes === 1;
  }

  release(name: string): void {
    this.db.prepare('DELETE FROM sync_lease WHERE name = ? AND holder = ?').run(name, this.holder);
  }

  holderOf(name: string): { holder: string; expiresAt: number } | null {
    const row = this.db.prepare('SELECT holder, expires_at FROM sync_lease WHERE name = ?').get(name) as { holder: string; expires_at: number } | undefined;
    return row ? { holder: row.holder, expiresAt: row.expires_at } : null;
  }
}

/** False only when we can tell for sure: same machine, and no process with that id. */
function holderAlive(holder: string): boolean {
  const [host, pidText] = holder.split('|');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
