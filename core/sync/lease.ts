import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Leases, type Db } from '../store';

/**
 * The leases of one sync runner: one per job (`job:<id>`), in the workspace's one lease table. The runner
 * keeps one holder id for its life, so taking a lease it already holds succeeds; another runner, here or
 * in another process, is refused while the lease lives.
 */
export class JobLeases {
  private readonly leases: Leases;
  readonly holder = `${hostname()}|${process.pid}|${randomBytes(6).toString('hex')}`;

  constructor(db: Db, now: () => number) {
    this.leases = new Leases(db, { now });
  }

  /** Takes the lease for `ms` if it is free, expired, its holder's process is gone, or already ours. */
  acquire(name: string, ms: number): boolean {
    return this.leases.acquire(name, ms, { holderId: this.holder, holder: 'sync runner', purpose: `running sync job ${name.replace(/^job:/, '')}` }) === null;
  }

  /** Extends a lease we hold; false when it is no longer ours (it expired and another runner took it). */
  renew(name: string, ms: number): boolean {
    return this.leases.renew(name, ms, this.holder);
  }

  release(name: string): void {
    this.leases.release(name, this.holder);
  }
}
