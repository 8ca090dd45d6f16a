import type { Db } from '../store';
import { AuditLog } from '../store';

export interface Approval {
  versionId: number;
  approvedBy: string;
  approvedAt: string;
  note: string | null;
}

/**
 * The approval record of settlement versions. Whether a version MAY be approved (no blocking review
 * item) is the review queue's rule; this module only keeps who approved what and when, audited.
 */
export class ApprovalStore {
  private readonly audit: AuditLog;
  constructor(private readonly db: Db) {
    this.audit = new AuditLog(db);
  }

  /** The live approval of a version, or null. */
  of(versionId: number): Approval | null {
    const r = this.db
      .prepare('SELECT version_id, approved_by, approved_at, note FROM settlement_approval WHERE version_id = ? AND revoked_at IS NULL')
      .get(versionId) as { version_id: number; approved_by: string; approved_at: string; note: string | null } | undefined;
    return r ? { versionId: r.version_id, approvedBy: r.approved_by, approvedAt: r.approved_at, note: r.note } : null;
  }

  approve(versionId: number, subject: { settlementId: string; version: number }, by: string, note: string | null, now = new Date()): Approval {
    return this.db.transaction(() => {
      const existing = this.of(versionId);
      if (existing) return existing;
      const at = now.toISOString();
      this.db.prepare('INSERT INTO settlement_approval (version_id, approved_by, approved_at, note) VALUES (?, ?, ?, ?)').run(versionId, by, at, note);
      this.audit.record({
        kind: 'decision', system: 'app', operation: 'settlement.approve', actor: by,
        subjectType: 'settlement', subjectId: subject.settlementId, detail: { version: subject.version, note },
      });
      return { versionId, approvedBy: by, approvedAt: at, note };
    })();
  }

  revoke(versionId: number, subject: { settlementId: string; version: number }, by: string, reason: string, now = new Date()): boolean {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE settlement_approval SET revoked_by = ?, revoked_at = ?, revoke_reason = ? WHERE version_id = ? AND revoked_at IS NULL')
        .run(by, now.toISOString(), reason, versionId).changes;
      if (changed) {
        this.audit.record({
          kind: 'decision', system: 'app', operation: 'settlement.revoke-approval', actor: by,
          subjectType: 'settlement', subjectId: subject.settlementId, detail: { version: subject.version, reason },
        });
      }
      return changed > 0;
    })();
  }
}
