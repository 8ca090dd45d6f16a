import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../core/api/handlers';
import type { JobHandler } from '../../core/sync/job-context';
import { expectedSettlementEnd, jobCalendar } from '../../core/sync/settlement-cadence';
import { SyncRunner } from '../../core/sync/sync-runner';
import type { Workspace } from '../../core/workspace/workspace';
import { tempWorkspace } from '../support/temp-workspace';
import { localTime, ManualClock, MemoryCredentials } from './sync-fixture';

const AMZ = 'amz';
const DAY = 24 * 60 * 60_000;
/** The workspace's clock stands still at a Tuesday noon (13:00 in Berlin), so the previews below are exact. */
const NOW = Date.parse('2026-11-10T12:00:00Z');
const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

function workspace(): Workspace {
  const ws = tempWorkspace(new MemoryCredentials(), new ManualClock(NOW));
  cleanups.push(() => ws.remove());
  ws.connections.upsert({ id: AMZ, kind: 'amazon', name: 'Amazon', settings: {} });
  return ws;
}

let seq = 0;
/** What a discovery run leaves behind for one settlement report of the connection. */
function discovered(ws: Workspace, end: string, currency = 'EUR', connectionId = AMZ): void {
  const id = `S${++seq}`;
  const at = new Date(NOW).toISOString();
  ws.db.prepare('INSERT INTO settlement (settlement_id, currency, current_version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)').run(id, currency, at, at);
  const v = ws.db
    .prepare(`INSERT INTO settlement_version (settlement_id, version, content_hash, format, currency, start_date, end_date, total_amount, lines_total, line_count, status, imported_at)
              VALUES (?, 1, ?, 'v2', ?, ?, ?, 0, 0, 0, 'current', ?)`)
    .run(id, `hash-${id}`, currency, new Date(Date.parse(end) - 14 * DAY).toISOString(), end, at);
  ws.db.prepare(`INSERT INTO sync_settlement_report (connection_id, report_id, report_document_id, created_time, state, outcome, settlement_id, version_id, updated_at)
                 VALUES (?, ?, ?, ?, 'done', 'new', ?, ?, ?)`).run(connectionId, `R${seq}`, `D${seq}`, at, id, v.lastInsertRowid, at);
}

const onCalendar = { kind: 'settlement-discovery' as const, amazonConnectionId: AMZ, schedule: { preset: 'settlement' as const, time: '06:00' }, timeZone: 'Europe/Berlin' };

describe('the settlement calendar', () => {
  it('with no settlement known yet it runs daily at the user\'s time, in the user\'s time zone across a DST change', () => {
    const ws = workspace();
    const { calendar, expectedEnd } = jobCalendar(ws.db, onCalendar);
    expect(expectedEnd).toBeNull();
    let t = new Date('2026-03-27T12:00:00Z');
    const slots: string[] = [];
    for (let i = 0; i < 3; i++) slots.push(localTime((t = calendar.next(t)!), 'Europe/Berlin'));
    // Summer time begins Sun 29 March: still 06:00 local every day.
    expect(slots).toEqual(['2026-03-28 06:00', '2026-03-29 06:00', '2026-03-30 06:00']);
    // A settlement of another connection changes nothing here.
    discovered(ws, '2026-03-19T22:07:18Z', 'EUR', 'other-connection');
    expect(jobCalendar(ws.db, onCalendar).expectedEnd).toBeNull();
  });

  it('after one settlement, the first check is 14 days after its end plus the report delay', () => {
    const ws = workspace();
    discovered(ws, '2026-11-05T22:07:18Z');
    const { calendar, expectedEnd } = jobCalendar(ws.db, onCalendar);
    expect(expectedEnd!.toISOString()).toBe('2026-11-19T22:07:18.000Z');
    // Nothing in between: not the daily 06:00 any more.
    expect(calendar.next(new Date('2026-11-10T12:00:00Z'))!.toISOString()).toBe('2026-11-20T00:07:18.000Z');
    expect(localTime(calendar.next(new Date('2026-11-10T12:00:00Z'))!, 'Europe/Berlin')).toBe('2026-11-20 01:07');
  });

  it('a late report is looked for every 3 hours until the settlement is in, then the next check is 14 days on', async () => {
    const ws = workspace();
    discovered(ws, '2026-11-05T22:07:18Z');
    const clock = new ManualClock(Date.parse('2026-11-10T12:00:00Z'));
    const fired: string[] = [];
    const handler: JobHandler = async () => { fired.push(new Date(clock.now()).toISOString()); return { counts: {} }; };
    const runner = new SyncRunner(ws, { clock, handlers: { 'settlement-discovery': handler } });
    runner.jobs.save({ id: 'cal', name: 'On the settlement calendar', ...onCalendar }, new Date(clock.now()));
    const tickUntil = async (iso: string) => {
      while (clock.now() < Date.parse(iso)) {
        clock.advance(10 * 60_000);
        await runner.tick();
      }
    };
    await tickUntil('2026-11-20T07:00:00Z');
    // 00:07, 03:07, 06:07 UTC: the report has not appeared yet, so the job keeps looking.
    expect(runner.jobs.runs({ jobId: 'cal' }).reverse().map((r) => r.slot)).toEqual(['2026-11-20T00:07:18.000Z', '2026-11-20T03:07:18.000Z', '2026-11-20T06:07:18.000Z']);
    expect(runner.nextDue()!.toISOString()).toBe('2026-11-20T09:07:18.000Z');
    // The settlement comes in (as the discovery run that finds it imports it): the next check is 14 days on.
    discovered(ws, '2026-11-19T22:07:18Z');
    expect(runner.nextDue()!.toISOString()).toBe('2026-12-04T00:07:18.000Z');
    await tickUntil('2026-12-03T23:59:00Z');
    expect(fired).toHaveLength(3);
    await tickUntil('2026-12-04T00:20:00Z');
    expect(fired).toHaveLength(4);
  });

  it('counts 14 days of elapsed time, so across a DST change the check keeps Amazon\'s UTC time and moves an hour on the local clock', () => {
    const ws = workspace();
    // Ends 23:07 in Berlin (CET); summer time begins 29 March.
    discovered(ws, '2026-03-19T22:07:18Z');
    const { calendar } = jobCalendar(ws.db, onCalendar);
    const first = calendar.next(new Date('2026-03-25T00:00:00Z'))!;
    expect(first.toISOString()).toBe('2026-04-03T00:07:18.000Z');
    expect(localTime(first, 'Europe/Berlin')).toBe('2026-04-03 02:07');
    expect(localTime(calendar.next(first)!, 'Europe/Berlin')).toBe('2026-04-03 05:07');
  });

  it('with two marketplace accounts on their own cycles, the earlier next end wins; one that stopped settling is not waited for', () => {
    expect(expectedSettlementEnd(['2026-11-05T22:07:18Z', '2026-11-12T08:00:00Z'])!.toISOString()).toBe('2026-11-19T22:07:18.000Z');
    // The CAD account last settled in September: not expected any more.
    expect(expectedSettlementEnd(['2026-09-01T22:00:00Z', '2026-11-12T08:00:00Z'])!.toISOString()).toBe('2026-11-26T08:00:00.000Z');
    const ws = workspace();
    discovered(ws, '2026-10-22T22:07:18Z', 'EUR');
    discovered(ws, '2026-11-05T22:07:18Z', 'EUR');
    discovered(ws, '2026-11-12T08:00:00Z', 'GBP');
    expect(jobCalendar(ws.db, onCalendar).expectedEnd!.toISOString()).toBe('2026-11-19T22:07:18.000Z');
  });

  it('is for settlement discovery only, and the API previews the next run before the job is saved', async () => {
    const ws = workspace();
    ws.connections.upsert({ id: 'bc', kind: 'business-central', name: 'BC', settings: {} });
    const runner = new SyncRunner(ws);
    expect(() => runner.jobs.save({ name: 'x', kind: 'reference-refresh', erpConnectionId: 'bc', schedule: { preset: 'settlement', time: '06:00' }, timeZone: 'UTC' }, new Date(NOW))).toThrow(/settlement calendar is for settlement discovery/);
    const api = createDispatcher(ws);
    const before = await api.invoke('jobs.preview', onCalendar, 'a');
    expect(before).toMatchObject({ ok: true, value: { expectedSettlementEnd: null, description: 'On the settlement calendar (daily at 06:00 until a settlement is known) (Europe/Berlin)' } });
    expect(localTime((before as { value: { nextRun: string } }).value.nextRun, 'Europe/Berlin')).toBe('2026-11-11 06:00');
    const end = new Date(NOW - 3 * DAY);
    discovered(ws, end.toISOString());
    const after = await api.invoke('jobs.preview', onCalendar, 'b');
    expect(after).toMatchObject({ ok: true, value: { expectedSettlementEnd: new Date(end.getTime() + 14 * DAY).toISOString(), nextRun: new Date(end.getTime() + 14 * DAY + 2 * 3_600_000).toISOString() } });
    const saved = await api.invoke('jobs.save', { name: 'Discovery', ...onCalendar }, 'c');
    expect(saved).toMatchObject({ ok: true, value: { expectedSettlementEnd: new Date(end.getTime() + 14 * DAY).toISOString() } });
    expect(await api.invoke('jobs.preview', { ...onCalendar, timeZone: 'Mars/Olympus' }, 'd')).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not a time zone/) } });
  });
});
