import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase } from '../../core/store';
import { migrations } from '../../core/store/migrations';
import { JobStore } from '../../core/sync/job-store';
import { tempDir } from '../support/temp-workspace';

it('migration 0165 keeps every job, archived ones included, and its run history; kinds are then checked in code', () => {
  const d = tempDir();
  const file = join(d.dir, 'ws.sqlite');
  const before = openDatabase(file, { migrations: migrations.filter((m) => m.id < 165) });
  const at = '2026-11-02T07:00:00.000Z';
  before.prepare(`INSERT INTO sync_job (id, name, kind, schedule, time_zone, enabled, last_slot, created_at, updated_at, archived_at) VALUES ('j', 'Daily', 'settlement-discovery', '{"preset":"daily","time":"09:00"}', 'Europe/Berlin', 1, ?, ?, ?, ?)`).run(at, at, at, at);
  before.prepare(`INSERT INTO sync_run (job_id, trigger, slot, status, started_at, ended_at, counts, error) VALUES ('j', 'schedule', ?, 'failed', ?, ?, '{"found":3}', 'Amazon kept throttling')`).run(at, at, at);
  before.close();
  const after = openDatabase(file);
  expect(after.prepare('SELECT id, name, kind, last_slot, archived_at FROM sync_job').all()).toEqual([{ id: 'j', name: 'Daily', kind: 'settlement-discovery', last_slot: at, archived_at: at }]);
  expect(after.prepare('SELECT job_id, status, counts, error FROM sync_run').all()).toEqual([{ job_id: 'j', status: 'failed', counts: '{"found":3}', error: 'Amazon kept throttling' }]);
  const jobs = new JobStore(after);
  expect(() => jobs.save({ name: 'X', kind: 'telepathy' as never, amazonConnectionId: null, erpConnectionId: null, schedule: { preset: 'hourly', minute: 0 }, timeZone: 'UTC', enabled: true }, new Date(at)))
    .toThrow(/"telepathy" is not a kind of job this version knows/);
  after.prepare(`DELETE FROM sync_job WHERE id = 'j'`).run();
  expect(after.prepare('SELECT COUNT(*) AS n FROM sync_run').get()).toEqual({ n: 0 });
  after.close();
  d.remove();
});
