import { z } from 'zod';
import type { Approval } from '../review/approval';
import type { AuditLog, Db } from '../store';
import { DomainError } from '../errors/domain-error';

/**
 * The approval rule auto-post follows. Auto-post never approves anything itself: it posts settlement
 * versions a person approved in the review queue, and with `approvers` only those approved by one of the
 * people named (e.g. the controller, not the clerk who imported them).
 */
export const ApprovalRuleSchema = z.object({
  kind: z.literal('approved-by-person'),
  /** Login names whose approval counts; empty: anyone's approval in the review queue counts. */
  approvers: z.array(z.string().trim().min(1)).max(20).default([]),
});
export type ApprovalRule = z.infer<typeof ApprovalRuleSchema>;

export interface AutoPostPolicy {
  erpConnectionId: string;
  enabled: boolean;
  rule: ApprovalRule | null;
  changedBy: string | null;
  changedAt: string | null;
}

export class AutoPostRefused extends DomainError {
  constructor(message: string) {
    super('invalid_input', message, [{ path: 'rule', message }]);
  }
}

/** The rule in words, for the Schedules screen, the run's message and the audit log. */
export function describeApprovalRule(rule: ApprovalRule): string {
  return rule.approvers.length
    ? `settlements approved in the review queue by ${rule.approvers.join(' or ')}`
    : 'settlements a person approved in the review queue';
}

/** Whether an approval satisfies the rule. */
export function ruleAccepts(rule: ApprovalRule, approval: Approval | null): boolean {
  if (!approval) return false;
  return rule.approvers.length === 0 || rule.approvers.some((a) => a.toLowerCase() === approval.approvedBy.toLowerCase());
}

interface Row { erp_connection_id: string; enabled: number; rule: string | null; changed_by: string; changed_at: string }

/** Auto-post per ERP connection: off unless a person turned it on, and never on without an approval rule. */
export class AutoPostPolicies {
  constructor(private readonly db: Db, private readonly audit: AuditLog) {}

  get(erpConnectionId: string): AutoPostPolicy {
    const r = this.db.prepare('SELECT * FROM sync_auto_post WHERE erp_connection_id = ?').get(erpConnectionId) as Row | undefined;
    if (!r) return { erpConnectionId, enabled: false, rule: null, changedBy: null, changedAt: null };
    return { erpConnectionId, enabled: r.enabled === 1, rule: r.rule ? ApprovalRuleSchema.parse(JSON.parse(r.rule)) : null, changedBy: r.changed_by, changedAt: r.changed_at };
  }

  set(erpConnectionId: string, change: { enabled: boolean; rule: ApprovalRule | null }, actor: string, now = new Date()): AutoPostPolicy {
    const rule = change.rule ? ApprovalRuleSchema.parse(change.rule) : null;
    if (change.enabled && !rule) throw new AutoPostRefused('Choose whose approval lets a settlement post before turning auto-post on.');
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO sync_auto_post (erp_connection_id, enabled, rule, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (erp_connection_id) DO UPDATE SET enabled = excluded.enabled, rule = excluded.rule, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
        )
        .run(erpConnectionId, change.enabled ? 1 : 0, rule ? JSON.stringify(rule) : null, actor, now.toISOString());
      this.audit.record({
        kind: 'decision', system: 'app', operation: change.enabled ? 'sync.auto-post-on' : 'sync.auto-post-off', actor, connectionId: erpConnectionId,
        subjectType: 'connection', subjectId: erpConnectionId, detail: { rule, words: rule ? describeApprovalRule(rule) : null },
      });
    })();
    return this.get(erpConnectionId);
  }
}
