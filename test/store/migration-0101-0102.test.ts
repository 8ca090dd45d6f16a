import { join } from 'node:path';
import { expect, it } from 'vitest';
import { AuditLog, openDatabase, type Db } from '../../core/store';
import { migrations } from '../../core/store/migrations';
import { tempDir } from '../support/temp-workspace';

const T = '2026-07-03T10:00:00.000Z';

function connection(db: Db, id: string, kind: string): void {
  db.prepare(`INSERT INTO connection (id, kind, name, settings, created_at, updated_at) VALUES (?, ?, ?, '{}', ?, ?)`).run(id, kind, id, T, T);
}

function outboxRow(db: Db, key: string, settlementId: string, state: string, erpNumber: string | null = null): void {
  db.prepare(`INSERT INTO posting_outbox (natural_key, kind, settlement_id, document, state, erp_document_number, created_at, updated_at) VALUES (?, 'journal', ?, '{"lines":[]}', ?, ?, ?, ?)`)
    .run(key, settlementId, state, erpNumber, T, T);
}

it('migration 101 keeps every outbox row and gives each the ERP connection what was stored tells, NULL where nothing does; 102 carries both kinds of lease into one table', () => {
  const d = tempDir();
  const file = join(d.dir, 'before.sqlite');
  const before = openDatabase(file, { migrations: migrations.filter((m) => m.id < 101) });
  for (const [id, kind] of [['amz', 'amazon'], ['bc-a', 'business-central'], ['bc-b', 'business-central']] as const) connection(before, id, kind);
  const audit = new AuditLog(before, () => new Date(T));
  // 1. Posted by hand: the posting run names its connection and documents.
  outboxRow(before, 'S1-202606-JNL-V1', 'S1', 'posted', 'G001');
  audit.record({ kind: 'decision', system: 'app', operation: 'posting.run', actor: 'ann', connectionId: 'bc-a', subjectType: 'settlement', subjectId: 'S1', detail: { version: 1, documents: ['S1-202606-JNL-V1'], enqueued: 1 } });
  // 2. Enqueued by auto-post during a run of the job posting to bc-b.
  outboxRow(before, 'S2-202606-JNL-V1', 'S2', 'failed');
  before.prepare(`INSERT INTO sync_job (id, name, kind, erp_connection_id, schedule, time_zone, created_at, updated_at) VALUES ('post-b', 'Auto-post B', 'settlement-posting', 'bc-b', '{}', 'UTC', ?, ?)`).run(T, T);
  before.prepare(`INSERT INTO sync_run (job_id, trigger, status, started_at, ended_at) VALUES ('post-b', 'schedule', 'failed', '2026-07-03T09:59:00.000Z', '2026-07-03T10:01:00.000Z')`).run();
  audit.record({ kind: 'state_change', system: 'app', operation: 'posting.enqueued', actor: 'auto-post (ann approved)', subjectType: 'settlement', subjectId: 'S2', detail: { naturalKey: 'S2-202606-JNL-V1' } });
  // 3. Only the approval tells: version 1 of 900200 was approved for bc-b.
  // Written as a workspace before migration 101 held it (today's import code needs tables of later migrations).
  before.prepare(`INSERT INTO settlement (settlement_id, currency, current_version, created_at, updated_at) VALUES ('900200', 'USD', 1, ?, ?)`).run(T, T);
  before.prepare(`INSERT INTO settlement_version (settlement_id, version, content_hash, format, currency, total_amount, lines_total, line_count, status, imported_at)
    VALUES ('900200', 1, 'h', 'v2', 'USD', 1000, 1000, 1, 'current', ?)`).run(T);
  const versionId = (before.prepare(`SELECT id FROM settlement_version WHERE settlement_id = '900200'`).get() as { id: number }).id;
  before.prepare(`INSERT INTO settlement_approval (version_id, approved_by, approved_at, connection_id) VALUES (?, 'ann', ?, 'bc-b')`).run(versionId, T);
  outboxRow(before, '900200-202606-JNL-V1', '900200', 'pending');
  // 4. Nothing tells, and the workspace has two ERP connections.
  outboxRow(before, 'S4-202606-JNL-V1', 'S4', 'pending');
  // Leases held while the database is upgraded.
  before.prepare(`INSERT INTO posting_lease VALUES ('posting', 'run-1', 'ann', 'pc-a', 4242, 'posting S1', '2026-07-03T10:00:00.000Z', '2026-07-03T10:00:10.000Z', '2026-07-03T10:00:40.000Z')`).run();
  before.prepare(`INSERT INTO sync_lease VALUES ('job:post-b', 'pc-b|777|abc', 1783072800000)`).run();
  const rowsBefore = before.prepare('SELECT seq, natural_key, state, erp_document_number FROM posting_outbox ORDER BY seq').all();
  before.close();

  const after = openDatabase(file);
  expect(after.prepare('SELECT seq, natural_key, state, erp_document_number FROM posting_outbox ORDER BY seq').all()).toEqual(rowsBefore);
  expect(after.prepare('SELECT natural_key, connection_id, kind FROM posting_outbox ORDER BY seq').all()).toEqual([
    { natural_key: 'S1-202606-JNL-V1', connection_id: 'bc-a', kind: 'journal' },
    { natural_key: 'S2-202606-JNL-V1', connection_id: 'bc-b', kind: 'journal' },
    { natural_key: '900200-202606-JNL-V1', connection_id: 'bc-b', kind: 'journal' },
    { natural_key: 'S4-202606-JNL-V1', connection_id: null, kind: 'journal' },
  ]);
  // The natural key is unique per connection now: the same key for another connection is its own document.
  after.prepare(`INSERT INTO posting_outbox (connection_id, kind, natural_key, settlement_id, document, state, created_at, updated_at) VALUES ('bc-b', 'journal', 'S1-202606-JNL-V1', 'S1', '{}', 'pending', ?, ?)`).run(T, T);
  expect(() => after.prepare(`INSERT INTO posting_outbox (connection_id, kind, natural_key, settlement_id, document, state, created_at, updated_at) VALUES ('bc-b', 'journal', 'S1-202606-JNL-V1', 'S1', '{}', 'pending', ?, ?)`).run(T, T)).toThrow(/UNIQUE/);
  expect(after.prepare('SELECT name, holder_id, holder, host, pid, acquired_at, renewed_at, expires_at FROM lease ORDER BY name').all()).toEqual([
    { name: 'job:post-b', holder_id: 'pc-b|777|abc', holder: 'sync runner', host: 'pc-b', pid: 777, acquired_at: 1783072800000, renewed_at: 1783072800000, expires_at: 1783072800000 },
    { name: 'posting', holder_id: 'run-1', holder: 'ann', host: 'pc-a', pid: 4242, acquired_at: Date.parse('2026-07-03T10:00:00.000Z'), renewed_at: Date.parse('2026-07-03T10:00:10.000Z'), expires_at: Date.parse('2026-07-03T10:00:40.000Z') },
  ]);
  after.close();

  // With a single ERP connection, a row nothing else tells about is for that one.
  const single = join(d.dir, 'single.sqlite');
  const one = openDatabase(single, { migrations: migrations.filter((m) => m.id < 101) });
  connection(one, 'amz', 'amazon');
  connection(one, 'bc-only', 'business-central');
  outboxRow(one, 'S9-202606-JNL-V1', 'S9', 'posting');
  one.close();
  const reopened = openDatabase(single);
  expect(reopened.prepare('SELECT connection_id, state FROM posting_outbox').all()).toEqual([{ connection_id: 'bc-only', state: 'posting' }]);
  reopened.close();
  d.remove();
});
