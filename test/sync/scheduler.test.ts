import { afterEach, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import type { JobHandler } from '../../core/sync/job-context';
import { JobBusy, SyncRunner } from '../../core/sync/sync-runner';
import { SlotCalendar } from '../../core/sync/schedule';
import { openWorkspace, type Workspace } from '../../core/workspace/workspace';
import { tempDir } from '../support/temp-workspace';
import { localTime, ManualClock, MemoryCredentials } from './sync-fixture';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function workspace(dir = tempDir()): Workspace & { dirHandle: ReturnType<typeof tempDir> } {
  const ws = openWorkspace(dir.dir, { credentials: new MemoryCredentials() });
  cleanups.push(() => ws.close());
  return Object.assign(ws, { dirHandle: dir });
}

/** A job kind that only notes when it ran. */
function recorder(clock: ManualClock): { handler: JobHandler; fired: number[] } {
  const fired: number[] = [];
  return { fired, handler: async () => { fired.push(clock.now()); return { counts: { ran: 1 } }; } };
}

function seedConnection(ws: Workspace): void {
  ws.connections.upsert({ id: 'amz', kind: 'amazon', name: 'Amazon', settings: {} });
}

describe('schedules on an emulated clock', () => {
  it('a daily 09:00 in Europe/Berlin fires exactly seven times in a week across the end of summer time, each at 09:00 local', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const ws = workspace(dir);
    seedConnection(ws);
    const clock = new ManualClock(Date.parse('2026-10-22T12:00:00Z'));
    const rec = recorder(clock);
    const runner = new SyncRunner(ws, { clock, handlers: { 'settlement-discovery': rec.handler } });
    runner.jobs.save({ id: 'daily', name: 'Daily discovery', kind: 'settlement-discovery', amazonConnectionId: 'amz', schedule: { preset: 'daily', time: '09:00' }, timeZone: 'Europe/Berlin' }, new Date(clock.now()));
    // Tick every 5 minutes for 7 days: Thu 22 Oct 12:00Z .. Thu 29 Oct 12:00Z; summer time ends Sun 25 Oct 03:00 CEST.
    const end = Date.parse('2026-10-29T12:00:00Z');
    while (clock.now() < end) {
      clock.advance(5 * 60_000);
      await runner.tick();
    }
    const runs = runner.jobs.runs({ jobId: 'daily' }).reverse();
    expect(runs.map((r) => localTime(r.slot!, 'Europe/Berlin'))).toEqual([
      '2026-10-23 09:00', '2026-10-24 09:00', '2026-10-25 09:00', '2026-10-26 09:00', '2026-10-27 09:00', '2026-10-28 09:00', '2026-10-29 09:00',
    ]);
    // 07:00Z in summer time, 08:00Z after: the UTC time moved, the local time did not.
    expect(runs.map((r) => r.slot!.slice(11, 16))).toEqual(['07:00', '07:00', '08:00', '08:00', '08:00', '08:00', '08:00']);
    expect(rec.fired).toHaveLength(7);
    // Each fired within one tick of its slot, on time (not as a catch-up).
    for (const [i, r] of runs.entries()) expect(rec.fired[i]! - Date.parse(r.slot!)).toBeLessThanOrEqual(5 * 60_000);
    expect(runs.every((r) => r.trigger === 'schedule' && r.status === 'succeeded')).toBe(true);
    console.log(`daily 09:00 Europe/Berlin, 2016 ticks over 7 days: ${runs.length} fires at ${runs.map((r) => r.slot).join(', ')}`);
  });

  it('a weekday 06:30 in America/New_York fires on the five weekdays of the week summer time ends, at 06:30 local', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const ws = workspace(dir);
    seedConnection(ws);
    const clock = new ManualClock(Date.parse('2026-10-30T00:00:00Z'));
    const rec = recorder(clock);
    const runner = new SyncRunner(ws, { clock, handlers: { 'settlement-discovery': rec.handler } });
    runner.jobs.save({ id: 'wk', name: 'Weekdays', kind: 'settlement-discovery', amazonConnectionId: 'amz', schedule: { preset: 'weekdays', time: '06:30' }, timeZone: 'America/New_York' }, new Date(clock.now()));
    while (clock.now() < Date.parse('2026-11-06T12:00:00Z')) {
      clock.advance(10 * 60_000);
      await runner.tick();
    }
    const runs = runner.jobs.runs({ jobId: 'wk' }).reverse();
    // Fri 30 Oct (EDT), then Mon-Fri 2-6 Nov (EST; summer time ended Sun 1 Nov).
    expect(runs.map((r) => localTime(r.slot!, 'America/New_York'))).toEqual([
      '2026-10-30 06:30', '2026-11-02 06:30', '2026-11-03 06:30', '2026-11-04 06:30', '2026-11-05 06:30', '2026-11-06 06:30',
    ]);
    expect(runs.map((r) => r.slot!.slice(11, 16))).toEqual(['10:30', '11:30', '11:30', '11:30', '11:30', '11:30']);
  });

  it('a time that happens twice (02:30 on the night summer time ends) fires once; a time that does not exist fires right after the gap', () => {
    const cal = new SlotCalendar({ preset: 'daily', time: '02:30' }, 'Europe/Berlin');
    let t = new Date('2026-10-22T12:00:00Z');
    const fall: string[] = [];
    for (let i = 0; i < 7; i++) fall.push((t = cal.next(t)!).toISOString());
    expect(fall.filter((s) => s.startsWith('2026-10-25'))).toEqual(['2026-10-25T00:30:00.000Z']);
    expect(fall).toHaveLength(7);
    expect(new Set(fall.map((s) => s.slice(0, 10))).size).toBe(7);
    const spring = cal.next(new Date('2026-03-28T12:00:00Z'))!;
    expect(localTime(spring, 'Europe/Berlin')).toBe('2026-03-29 03:00');
  });

  it('after three days with the machine off, the missed daily job runs once, not three times', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const ws = workspace(dir);
    seedConnection(ws);
    const clock = new ManualClock(Date.parse('2026-11-02T07:00:00Z'));
    const rec = recorder(clock);
    const runner = new SyncRunner(ws, { clock, handlers: { 'settlement-discovery': rec.handler } });
    runner.jobs.save({ id: 'd', name: 'Daily', kind: 'settlement-discovery', amazonConnectionId: 'amz', schedule: { preset: 'daily', time: '09:00' }, timeZone: 'Europe/Berlin' }, new Date(clock.now()));
    clock.set('2026-11-02T08:01:00Z'); // 09:01 Berlin
    expect(await runner.tick()).toHaveLength(1);
    // Machine off from Monday 09:01 until Friday 10:15: Tue, Wed, Thu and Fri 09:00 passed unseen.
    clock.set('2026-11-06T09:15:00Z');
    const first = await runner.tick();
    expect(first).toHaveLength(1);
    expect(first[0]!.trigger).toBe('catch-up');
    expect(localTime(first[0]!.slot!, 'Europe/Berlin')).toBe('2026-11-06 09:00');
    for (let i = 0; i < 30; i++) {
      clock.advance(60_000);
      expect(await runner.tick()).toHaveLength(0);
    }
    expect(rec.fired).toHaveLength(2);
    // The next fire is the next regular slot.
    clock.set('2026-11-07T08:00:30Z');
    expect((await runner.tick()).map((r) => r.trigger)).toEqual(['schedule']);
    expect(rec.fired).toHaveLength(3);
  });

  it('a cron expression is read by croner, and a broken one is refused in plain words', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const ws = workspace(dir);
    seedConnection(ws);
    const runner = new SyncRunner(ws);
    expect(() => runner.jobs.save({ name: 'x', kind: 'settlement-discovery', amazonConnectionId: 'amz', schedule: { preset: 'cron', expression: '61 * * * *' }, timeZone: 'UTC' }, new Date())).toThrow(/cannot be read/);
    expect(() => runner.jobs.save({ name: 'x', kind: 'settlement-discovery', amazonConnectionId: 'amz', schedule: { preset: 'daily', time: '09:00' }, timeZone: 'Mars/Olympus' }, new Date())).toThrow(/not a time zone/);
    const cal = new SlotCalendar({ preset: 'cron', expression: '15 */6 * * 1-5' }, 'Asia/Tokyo');
    expect(cal.next(new Date('2026-11-06T20:00:00Z'))!.toISOString()).toBe('2026-11-08T15:15:00.000Z'); // Sat 05:00 JST -> Mon 00:15 JST
  });
});

/** Another runner's lease on a job, as the lease table holds it. */
function holdLease(ws: Workspace, name: string, host: string, pid: number, expiresAt: number): void {
  ws.db.prepare(`INSERT INTO lease (name, holder_id, holder, host, pid, purpose, acquired_at, renewed_at, expires_at) VALUES (?, ?, 'sync runner', ?, ?, 'running a job', 0, 0, ?)`)
    .run(name, `${host}|${pid}|other`, host, pid, expiresAt);
}

describe('the lease', () => {
  it('keeps a second runner on the same workspace from running a job the first is running', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const a = workspace(dir);
    const b = workspace(dir);
    seedConnection(a);
    const clock = new ManualClock(Date.parse('2026-11-02T07:00:00Z'));
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let running = 0;
    let peak = 0;
    const slow: JobHandler = async () => {
      running++;
      peak = Math.max(peak, running);
      await gate;
      running--;
      return { counts: {} };
    };
    const runnerA = new SyncRunner(a, { clock, handlers: { 'settlement-discovery': slow } });
    const runnerB = new SyncRunner(b, { clock, handlers: { 'settlement-discovery': slow } });
    runnerA.jobs.save({ id: 'j', name: 'Hourly', kind: 'settlement-discovery', amazonConnectionId: 'amz', schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC' }, new Date(clock.now()));
    clock.set('2026-11-02T08:00:10Z');
    const aTick = runnerA.tick();
    await new Promise((r) => setTimeout(r, 20));
    expect(running).toBe(1);
    // B sees the job due (the open run) but cannot take the lease.
    expect(await runnerB.tick()).toEqual([]);
    await expect(runnerB.runNow('j')).rejects.toBeInstanceOf(JobBusy);
    release();
    expect((await aTick).map((r) => r.status)).toEqual(['succeeded']);
    expect(peak).toBe(1);
    // Free again: B can run it by hand.
    expect((await runnerB.runNow('j')).status).toBe('succeeded');
    expect(runnerA.jobs.runs({ jobId: 'j' })).toHaveLength(2);
  });

  it('expires when its holder stops renewing it; a holder whose process is gone on this machine frees it at once', () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const ws = workspace(dir);
    const clock = new ManualClock(1_000_000);
    const runner = new SyncRunner(ws, { clock, leaseMs: 60_000 });
    // Another machine's runner holds the lease until 1,060,000.
    holdLease(ws, 'job:x', 'other-host', 1234, 1_060_000);
    expect(runner.leases.acquire('job:x', 60_000)).toBe(false);
    clock.advance(59_999);
    expect(runner.leases.acquire('job:x', 60_000)).toBe(false);
    clock.advance(2);
    expect(runner.leases.acquire('job:x', 60_000)).toBe(true);
    // A process on this machine that no longer exists (pid far above pid_max) cannot be holding anything.
    const host = hostname();
    holdLease(ws, 'job:y', host, 99999999, clock.now() + 60_000);
    expect(runner.leases.acquire('job:y', 60_000)).toBe(true);
    // A live one (this test's own parent process) is respected.
    holdLease(ws, 'job:z', host, process.ppid, clock.now() + 60_000);
    expect(runner.leases.acquire('job:z', 60_000)).toBe(false);
  });
});
