import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalStore } from '../../core/review/approval';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function versionRow(ws: ReturnType<typeof tempWorkspace>): number {
  const now = new Date().toISOString();
  ws.db.prepare("INSERT INTO settlement (settlement_id, currency, current_version, created_at, updated_at) VALUES ('S1', 'USD', 1, ?, ?)").run(now, now);
  return Number(
    ws.db
      .prepare(
        `INSERT INTO settlement_version (settlement_id, version, content_hash, format, currency, total_amount, lines_total, line_count, status, imported_at)
         VALUES ('S1', 1, 'h', 'v2', 'USD', 100, 100, 1, 'current', ?)`,
      )
      .run(now).lastInsertRowid,
  );
}

describe('approvals', () => {
  it('records who approved and when, once, and keeps a revoked approval as audited history', () => {
    const ws = tempWorkspace();
    cleanups.push(ws.remove);
    const id = versionRow(ws);
    const store = new ApprovalStore(ws.db);
    const first = store.approve(id, { settlementId: 'S1', version: 1 }, 'ana', 'checked against bank', new Date('2026-11-23T10:00:00Z'));
    const again = store.approve(id, { settlementId: 'S1', version: 1 }, 'bob', null);
    expect(again).toEqual(first);
    expect(store.of(id)).toMatchObject({ approvedBy: 'ana', approvedAt: '2026-11-23T10:00:00.000Z' });
    expect(store.revoke(id, { settlementId: 'S1', version: 1 }, 'bob', 'wrong bank account')).toBe(true);
    expect(store.of(id)).toBeNull();
    const ops = ws.audit.list({ subjectId: 'S1' }).map((e) => `${e.operation}:${e.actor}`);
    expect(ops).toEqual(['settlement.revoke-approval:bob', 'settlement.approve:ana']);
  });
});
