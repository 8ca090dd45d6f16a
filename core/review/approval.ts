import type { Db } from '../store';
import { AuditLog } from '../store';

/** What an approval is bound to: the journal content it approved, for one ERP connection. */
export interface ApprovalBinding {
  connectionId: string | null;
  digest: string;
  /** The canonical JSON the digest is taken of (approval-digest.ts). */
  content: string;
}

export interface Approval {
  versionId: number;
  approvedBy: string;
  approvedAt: string;
  note: string | null;
  /** The ERP connection it was approved for; null for an approval made before approvals were bound. */
  connectionId: string | null;
  /** null: made before approvals were bound to a journal; bound at its first check. */
  digest: string | null;
  content: string | null;
  /** The audit event of the approval: later events are the changes that can have changed the journal. */
  auditId: number | null;
}

/** An approval the application took back because what it approved changed. */
export interface Withdrawal {
  approvedBy: string;
  withdrawnAt: string;
  reason: string;
}

/** The actor recorded for what the application decides by itself (a withdrawal). */
export const APP_ACTOR = 'ml-connector';

interface Row {
  version_id: number; approved_by: string; approved_at: string; note: string | null;
  connection_id: string | null; digest: string | null; content: string | null; audit_id: number | null;
}

const SELECT = 'SELECT version_id, approved_by, approved_at, note, connection_id, digest, content, audit_id FROM settlement_approval';

/**
 * The approval record of settlement versions. Whether a version MAY be approved (no blocking review
 * item) is the review queue's rule; this module only keeps who approved what and when, audited.
 */
export class ApprovalStore {
  private readonly audit: AuditLog;
  constructor(private readonly db: Db, now?: () => Date) {
    this.audit = new AuditLog(db, now);
  }

  /** The live approval of a version, or null. */
  of(versionId: number): Approval | null {
    const r = this.db.prepare(`${SELECT} WHERE version_id = ? AND revoked_at IS NULL`).get(versionId) as Row | undefined;
    return r
      ? { versionId: r.version_id, approvedBy: r.approved_by, approvedAt: r.approved_at, note: r.note, connectionId: r.connection_id, digest: r.digest, content: r.content, auditId: r.audit_id }
      : null;
  }

  /** The last withdrawal of a version that has no live approval since, or null. */
  withdrawal(versionId: number): Withdrawal | null {
    if (this.of(versionId)) return null;
    const r = this.db
      .prepare('SELECT approved_by, revoked_at, revoke_reason FROM settlement_approval WHERE version_id = ? AND withdrawn = 1 ORDER BY id DESC LIMIT 1')
      .get(versionId) as { approved_by: string; revoked_at: string; revoke_reason: string } | undefined;
    const last = this.db.prepare('SELECT withdrawn FROM settlement_approval WHERE version_id = ? ORDER BY id DESC LIMIT 1').get(versionId) as { withdrawn: number } | undefined;
    // A person's own revocation after the withdrawal speaks for itself.
    return r && last?.withdrawn === 1 ? { approvedBy: r.approved_by, withdrawnAt: r.revoked_at, reason: r.revoke_reason } : null;
  }

  approve(versionId: number, subject: { settlementId: string; version: number }, by: string, note: string | null, now = new Date(), binding?: ApprovalBinding): Approval {
    return this.db.transaction(() => {
      const existing = this.of(versionId);
      if (existing) return existing;
      const at = now.toISOString();
      const auditId = this.audit.record({
        kind: 'decision', system: 'app', operation: 'settlement.approve', actor: by, connectionId: binding?.connectionId ?? null,
        subjectType: 'settlement', subjectId: subject.settlementId, detail: { version: subject.version, note, ...(binding ? { digest: binding.digest } : {}) },
      });
      this.db
        .prepare('INSERT INTO settlement_approval (version_id, approved_by, approved_at, note, connection_id, digest, content, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(versionId, by, at, note, binding?.connectionId ?? null, binding?.digest ?? null, binding?.content ?? null, auditId);
      return { versionId, approvedBy: by, approvedAt: at, note, connectionId: binding?.connectionId ?? null, digest: binding?.digest ?? null, content: binding?.content ?? null, auditId };
    })();
  }

  /** Binds an approval made before approvals were bound to the journal it now has (audited). */
  bind(versionId: number, subject: { settlementId: string; version: number }, binding: ApprovalBinding): void {
    this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE settlement_approval SET connection_id = ?, digest = ?, content = ? WHERE version_id = ? AND revoked_at IS NULL AND digest IS NULL')
        .run(binding.connectionId, binding.digest, binding.content, versionId).changes;
      if (changed) {
        this.audit.record({
          kind: 'decision', system: 'app', operation: 'settlement.approval-bound', actor: APP_ACTOR, connectionId: binding.connectionId,
          subjectType: 'settlement', subjectId: subject.settlementId,
          detail: { version: subject.version, digest: binding.digest, why: 'approved before approvals recorded the journal they approved: bound to the journal as first checked' },
        });
      }
    })();
  }

  /**
   * Moves a live approval to the journal it now has when the application alone reworded its line
   * descriptions (a new wording edition) and what the ERP books is the same; audited with both digests.
   */
  rebind(versionId: number, subject: { settlementId: string; version: number }, binding: ApprovalBinding, why: string): void {
    this.db.transaction(() => {
      const before = this.of(versionId);
      if (!before) return;
      this.db.prepare('UPDATE settlement_approval SET digest = ?, content = ? WHERE version_id = ? AND revoked_at IS NULL').run(binding.digest, binding.content, versionId);
      this.audit.record({
        kind: 'decision', system: 'app', operation: 'settlement.approval-reworded', actor: APP_ACTOR, connectionId: binding.connectionId,
        subjectType: 'settlement', subjectId: subject.settlementId,
        detail: { version: subject.version, digestBefore: before.digest, digest: binding.digest, why },
      });
    })();
  }

  revoke(versionId: number, subject: { settlementId: string; version: number }, by: string, reason: string, now = new Date()): boolean {
    return this.end(versionId, subject, by, reason, now, false);
  }

  /** The application takes an approval back because what it approved changed; the reason is audited. */
  withdraw(versionId: number, subject: { settlementId: string; version: number }, reason: string, now = new Date()): boolean {
    return this.end(versionId, subject, APP_ACTOR, reason, now, true);
  }

  private end(versionId: number, subject: { settlementId: string; version: number }, by: string, reason: string, now: Date, withdrawn: boolean): boolean {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE settlement_approval SET revoked_by = ?, revoked_at = ?, revoke_reason = ?, withdrawn = ? WHERE version_id = ? AND revoked_at IS NULL')
        .run(by, now.toISOString(), reason, withdrawn ? 1 : 0, versionId).changes;
      if (changed) {
        this.audit.record({
          kind: 'decision', system: 'app', operation: withdrawn ? 'settlement.approval-withdrawn' : 'settlement.revoke-approval', actor: by,
          subjectType: 'settlement', subjectId: subject.settlementId, detail: { version: subject.version, reason },
        });
      }
      return changed > 0;
    })();
  }
}
