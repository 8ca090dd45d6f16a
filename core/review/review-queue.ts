import type { ConnectionRepository } from '../connections/connection-repository';
import { hasConnector } from '../erp/registry';
import type { MappingRules } from '../settlement/journal-rules';
import { MappingStore } from '../mapping/mapping-store';
import { ReferenceCache } from '../mapping/reference-cache';
import { LineDescriptionTemplates } from '../mapping/line-description-templates';
import { journalRules, type SettlementAccountRole } from '../mapping/journal-mapping';
import type { LineClassifier, SettlementJournal, SettlementSummary } from '../settlement';
import { IMPORT_FINISHED } from '../settlement/unfinished-imports';
import type { AuditLog, Db } from '../store';
import { ApprovalStore, type Approval, type ApprovalBinding, type Withdrawal } from './approval';
import { contentJson, describeChange, digestOf, journalContent, rewordedByApplication, type ApprovedContent } from './approval-digest';
import { lastChange, rulesUsed } from './journal-provenance';
import { ReviewPolicyStore } from './review-policy';
import { reviewClassifier, type CheckResult, type ExclusionScope, type Finding, type ReviewSeverity } from './review-checks';
import { ReviewActions } from './review-actions';
import { ReviewCheckRunner, type VersionRow } from './review-check-runner';
import { itemOf, type ItemRow, type Resolution, type ResolveRequest, type ReviewFilter, type ReviewItem, type ReviewState } from './review-item';
import { ReviewRefused } from './review-refused';

export { ReviewRefused };
export type { Resolution, ResolveRequest, ReviewAction, ReviewFilter, ReviewItem, ReviewState } from './review-item';

/** Where a version stands in the review; what posting made of it is core/posting/settlement-status.ts's to say. */
export type ReviewStatus = 'imported' | 'needs-review' | 'ready' | 'approved' | 'superseded';

/** What posting did with a settlement's documents, as the review needs to know it (told by core/posting). */
export type PostingState = 'posting' | 'posted' | 'failed';

export interface ReviewStanding {
  versionId: number;
  settlementId: string;
  version: number;
  current: boolean;
  status: ReviewStatus;
  connectionId: string | null;
  evaluatedAt: string | null;
  openBlocking: number;
  openWarnings: number;
  approval: Approval | null;
  /** The approval the application took back because what it approved changed, with the reason; null once approved again. */
  withdrawal: Withdrawal | null;
  currency: string;
  totalAmount: number;
  startDate: string | null;
  endDate: string | null;
}

/** A settlement version's journal for one ERP connection, and what it was built from (ReviewQueue.versionJournal). */
export interface VersionJournal {
  versionId: number;
  connection: { id: string; name: string } | null;
  journal: SettlementJournal;
  reconciliation: CheckResult['reconciliation'];
  /** The lines the review's exclusions left out: how many, and their sum in the settlement's currency. */
  excluded: { lineCount: number; amount: number };
  rules: MappingRules;
  /** Account roles not mapped yet: their lines carry account '' and block posting. */
  missing: SettlementAccountRole[];
  classifier: LineClassifier;
  exclusions: ExclusionScope[];
  /** The company's time zone its months are cut in (settlementTimeZone). */
  timeZone: string;
}

/** Decisions that stand while their problem is gone (the problem is gone because of them). */
const STANDING: ReadonlySet<Resolution['action']> = new Set(['map', 'exclude']);

export interface ReviewQueueDeps {
  db: Db;
  audit: AuditLog;
  connections: ConnectionRepository;
  /** Whether documents of a settlement were sent to the ERP: an approval then stays as it is, and can no longer be revoked. */
  postingState: (settlementId: string, version: number) => PostingState | null;
  now?: () => Date;
}

/**
 * The review queue of every settlement version, the hub that wires its parts: the check runner
 * (review-check-runner.ts) runs the checks when what they depend on changed, the items of each version
 * are kept here with their resolution, the actions that resolve them are review-actions.ts's, and the
 * queue decides whether a version may be approved and keeps approvals true to what they approved.
 */
export class ReviewQueue {
  private readonly db: Db;
  private readonly audit: AuditLog;
  private readonly now: () => Date;
  private readonly mappings: MappingStore;
  private readonly cache: ReferenceCache;
  readonly approvals: ApprovalStore;
  readonly policy: ReviewPolicyStore;
  private readonly checks: ReviewCheckRunner;
  readonly templates: LineDescriptionTemplates;
  private readonly actions: ReviewActions;

  constructor(private readonly deps: ReviewQueueDeps) {
    this.db = deps.db;
    this.audit = deps.audit;
    this.now = deps.now ?? (() => new Date());
    this.mappings = new MappingStore(deps.db, deps.audit);
    this.cache = new ReferenceCache(deps.db);
    this.approvals = new ApprovalStore(deps.db, this.now);
    this.policy = new ReviewPolicyStore(deps.db, deps.audit, this.now);
    this.templates = new LineDescriptionTemplates(deps.db, deps.audit, this.now);
    this.checks = new ReviewCheckRunner(deps.db, deps.connections, this.mappings, this.cache, this.policy, this.templates, this.now);
    this.actions = new ReviewActions({
      db: deps.db, audit: deps.audit, now: this.now, mappings: this.mappings, cache: this.cache, approvals: this.approvals, policy: this.policy,
      item: (id) => this.item(id), connection: (id) => this.connection(id), evaluate: (versionId, c) => void this.evaluate(versionId, c),
    });
  }

  /**
   * Runs the checks of one version against a connection (without writing anything). `journalOnly`: only
   * the journal is wanted (posting), so the per-SKU sums, which only SKU findings use, are not read.
   */
  check(versionId: number, c: { id: string; name: string } | null, options: { journalOnly?: boolean } = {}): CheckResult & { summary: SettlementSummary } {
    return this.checks.check(versionId, c, options);
  }

  private versionRow(versionId: number): VersionRow {
    return this.checks.versionRow(versionId);
  }

  /** The ERP connection reviews check against: the one given, else the first with rules, else the first. */
  connection(connectionId?: string): { id: string; name: string } | null {
    const erps = this.deps.connections.list().filter((c) => hasConnector(c.kind));
    if (connectionId !== undefined) {
      const c = erps.find((x) => x.id === connectionId);
      if (!c) throw new ReviewRefused('not_found', `There is no ERP connection "${connectionId}".`);
      return { id: c.id, name: c.name };
    }
    const c = erps.find((x) => this.mappings.list(x.id).length > 0) ?? erps[0];
    return c ? { id: c.id, name: c.name } : null;
  }

  /** Runs the checks of every version whose context changed (newest data first in, earlier settlements first evaluated). */
  refresh(connectionId?: string): void {
    const c = this.connection(connectionId);
    const versions = this.db.prepare(`SELECT id FROM settlement_version v WHERE ${IMPORT_FINISHED} ORDER BY end_date, id`).all() as { id: number }[];
    for (const { id } of versions) {
      const stored = this.db.prepare('SELECT fingerprint FROM review_evaluation WHERE version_id = ?').get(id) as { fingerprint: string } | undefined;
      if (stored?.fingerprint !== this.checks.fingerprint(id, c?.id ?? null)) this.evaluate(id, c);
    }
  }

  /** Checks one version and brings its items up to date: new problems open, solved ones clear, returning ones reopen. */
  evaluate(versionId: number, c: { id: string; name: string } | null = this.connection()): CheckResult {
    const v = this.versionRow(versionId);
    const result = this.check(versionId, c);
    const at = this.now().toISOString();
    this.db.transaction(() => {
      const existing = new Map((this.db.prepare('SELECT * FROM review_item WHERE version_id = ?').all(versionId) as ItemRow[]).map((r) => [r.item_key, r]));
      const seen = new Set<string>();
      const insert = this.db.prepare(
        `INSERT INTO review_item (version_id, settlement_id, item_key, kind, severity, state, title, facts, line_count, amount, currency, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const f of result.findings) {
        seen.add(f.key);
        const row = existing.get(f.key);
        if (!row) {
          insert.run(versionId, v.settlement_id, f.key, f.kind, f.severity, f.title, JSON.stringify(f.facts), f.lineCount, f.amount, f.currency, at, at);
          continue;
        }
        const res = row.resolution ? (JSON.parse(row.resolution) as Resolution) : null;
        // A problem that is back after it was cleared, or after the mapping that fixed it went away, reopens.
        const reopen = row.state === 'cleared' || (row.state === 'resolved' && res?.action === 'map');
        this.update(row, f, reopen ? 'open' : row.state, at, reopen);
        if (reopen) this.audit.record({ kind: 'state_change', system: 'app', operation: 'review.reopened', subjectType: 'settlement', subjectId: v.settlement_id, status: 'open', detail: { version: v.version, item: row.id, key: f.key, was: row.state } });
      }
      for (const row of existing.values()) {
        if (seen.has(row.item_key)) continue;
        const res = row.resolution ? (JSON.parse(row.resolution) as Resolution) : null;
        if (row.state === 'open' || (row.state === 'resolved' && (!res || !STANDING.has(res.action)))) {
          this.db.prepare("UPDATE review_item SET state = 'cleared', updated_at = ? WHERE id = ?").run(at, row.id);
          this.audit.record({ kind: 'state_change', system: 'app', operation: 'review.cleared', subjectType: 'settlement', subjectId: v.settlement_id, status: 'cleared', detail: { version: v.version, item: row.id, key: row.item_key } });
        }
      }
      this.db
        .prepare(
          `INSERT INTO review_evaluation (version_id, connection_id, fingerprint, metrics, evaluated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (version_id) DO UPDATE SET connection_id = excluded.connection_id, fingerprint = excluded.fingerprint, metrics = excluded.metrics, evaluated_at = excluded.evaluated_at`,
        )
        .run(versionId, c?.id ?? null, this.checks.fingerprint(versionId, c?.id ?? null), JSON.stringify(result.metrics), at);
    })();
    // Taking an approval back changes what the version was checked with: the fingerprint is of the outcome.
    if (this.guardApproval(v, c, result.journal, { openItems: true }).withdrawnBecause) {
      this.db.prepare('UPDATE review_evaluation SET fingerprint = ? WHERE version_id = ?').run(this.checks.fingerprint(versionId, c?.id ?? null), versionId);
    }
    return result;
  }

  /**
   * Keeps a live approval true to what it approved: withdrawn (with the reason, audited) when the journal
   * now differs from the approved digest, or, with `openItems`, when a blocking item or a warning is open
   * that was not there when it was approved. Left alone once documents of the settlement are in the outbox
   * (what was sent is what was approved; a failed document is rebuilt, so it is checked again), and when
   * checked against another ERP connection than the one it was approved for (posting checks its own).
   * Returns the approval that stands, or null.
   */
  private guardApproval(v: VersionRow, c: { id: string; name: string } | null, journal: SettlementJournal, options: { openItems: boolean }): { approval: Approval | null; withdrawnBecause: string | null } {
    const approval = this.approvals.of(v.id);
    if (!approval) return { approval: null, withdrawnBecause: null };
    const posting = this.deps.postingState(v.settlement_id, v.version);
    if (posting && posting !== 'failed') return { approval, withdrawnBecause: null };
    if (approval.connectionId !== null && approval.connectionId !== (c?.id ?? null)) return { approval, withdrawnBecause: null };
    const subject = { settlementId: v.settlement_id, version: v.version };
    const binding = this.binding(v, c, journal);
    if (approval.digest === null) {
      this.approvals.bind(v.id, subject, binding);
      return { approval: this.approvals.of(v.id), withdrawnBecause: null };
    }
    let reason: string | null = null;
    if (approval.digest !== binding.digest) {
      const before = approval.content ? (JSON.parse(approval.content) as ApprovedContent) : null;
      const after = JSON.parse(binding.content) as ApprovedContent;
      if (before && rewordedByApplication(before, after)) {
        this.approvals.rebind(v.id, subject, binding, "the application's wording of line descriptions changed; accounts, dimensions, amounts and dates are as approved");
        return { approval: this.approvals.of(v.id), withdrawnBecause: null };
      }
      reason = before ? describeChange(this.db, before, JSON.parse(binding.content) as ApprovedContent, approval.auditId) : 'The journal changed since it was approved.';
    } else if (options.openItems) {
      const open = this.list({ versionId: v.id, state: 'open' });
      if (open.length) {
        const blocking = open.filter((i) => i.severity === 'blocking');
        const shown = (blocking.length ? blocking : open).slice(0, 3).map((i) => i.title);
        reason = `${blocking.length ? `A new blocking item` : 'A new warning'} since it was approved: ${shown.join('; ')}${open.length > shown.length ? `; and ${open.length - shown.length} more` : ''}.`;
      }
    }
    if (!reason) return { approval, withdrawnBecause: null };
    this.approvals.withdraw(v.id, subject, `${reason} Approve it again once checked.`, this.now());
    return { approval: null, withdrawnBecause: reason };
  }

  /** What approving a version's journal now would bind the approval to. */
  private binding(v: VersionRow, c: { id: string; name: string } | null, journal: SettlementJournal): ApprovalBinding {
    const content: ApprovedContent = {
      connectionId: c?.id ?? null,
      settlement: { settlementId: v.settlement_id, version: v.version, currency: v.currency, totalAmount: v.total_amount, startDate: v.start_date, endDate: v.end_date, depositDate: v.deposit_date },
      documents: journalContent(journal),
      rules: [...rulesUsed(this.db, c ? this.mappings.list(c.id) : [], v.id, journal).values()],
      decisions: this.journalDecisions(v.id),
      descriptions: (({ template, custom, edition }) => ({ template, custom, edition }))(this.templates.of(c?.id ?? null)),
    };
    const json = contentJson(content);
    return { connectionId: c?.id ?? null, digest: digestOf(json), content: json };
  }

  /** The decisions of a version that shape its journal, in a stable order. */
  private journalDecisions(versionId: number): ApprovedContent['decisions'] {
    const rows = this.db
      .prepare("SELECT item_key, resolution, resolved_by FROM review_item WHERE version_id = ? AND state = 'resolved' AND resolution IS NOT NULL ORDER BY item_key")
      .all(versionId) as { item_key: string; resolution: string; resolved_by: string }[];
    const out: ApprovedContent['decisions'] = [];
    for (const r of rows) {
      const res = JSON.parse(r.resolution) as Resolution;
      if (res.action === 'exclude') out.push({ item: r.item_key, action: 'exclude', detail: { scope: res.scope, reason: res.reason }, by: r.resolved_by });
      if (res.action === 'acceptVariance') out.push({ item: r.item_key, action: 'acceptVariance', detail: { account: res.account, reason: res.reason, difference: res.difference }, by: r.resolved_by });
    }
    return out;
  }

  /**
   * The approval of a version as posting may use it for the journal it is about to send: withdrawn (with
   * the reason) when that journal is not the approved one.
   */
  confirmApproval(versionId: number, connectionId: string, journal: SettlementJournal): { approval: Approval | null; withdrawnBecause: string | null } {
    const c = this.connection(connectionId);
    const r = this.guardApproval(this.versionRow(versionId), c, journal, { openItems: false });
    if (r.approval && r.approval.connectionId !== null && r.approval.connectionId !== connectionId) {
      return { approval: null, withdrawnBecause: `It was approved for posting to another ERP connection (${r.approval.connectionId}).` };
    }
    return r;
  }

  /** The digest approving a version now would record (the approval dialog sends it back with the approval). */
  currentDigest(versionId: number, c: { id: string; name: string } | null, journal: SettlementJournal): string {
    return this.binding(this.versionRow(versionId), c, journal).digest;
  }

  private update(row: ItemRow, f: Finding, state: ReviewState, at: string, clearResolution: boolean) {
    this.db
      .prepare(
        `UPDATE review_item SET kind = ?, severity = ?, state = ?, title = ?, facts = ?, line_count = ?, amount = ?, currency = ?, updated_at = ?
           ${clearResolution ? ', resolution = NULL, resolved_by = NULL, resolved_at = NULL' : ''} WHERE id = ?`,
      )
      .run(f.kind, f.severity, state, f.title, JSON.stringify(f.facts), f.lineCount, f.amount, f.currency, at, row.id);
  }

  list(filter: ReviewFilter = {}): ReviewItem[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.settlementId !== undefined) { where.push('i.settlement_id = ?'); args.push(filter.settlementId); }
    if (filter.versionId !== undefined) { where.push('i.version_id = ?'); args.push(filter.versionId); }
    if (filter.severity !== undefined) { where.push('i.severity = ?'); args.push(filter.severity); }
    if (filter.state !== undefined) { where.push('i.state = ?'); args.push(filter.state); }
    const rows = this.db
      .prepare(
        `SELECT i.*, v.version FROM review_item i JOIN settlement_version v ON v.id = i.version_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY CASE i.severity WHEN 'blocking' THEN 0 ELSE 1 END, CASE i.state WHEN 'open' THEN 0 WHEN 'resolved' THEN 1 ELSE 2 END,
           v.end_date DESC, i.settlement_id, v.version DESC, i.id`,
      )
      .all(...args) as ItemRow[];
    return rows.map(itemOf);
  }

  item(itemId: number): ReviewItem {
    const row = this.db.prepare('SELECT i.*, v.version FROM review_item i JOIN settlement_version v ON v.id = i.version_id WHERE i.id = ?').get(itemId) as ItemRow | undefined;
    if (!row) throw new ReviewRefused('not_found', `There is no review item ${itemId}.`);
    return itemOf(row);
  }

  /**
   * Applies a person's action to an item, then checks the settlement again (core/review/review-actions.ts).
   */
  resolve(itemId: number, request: ResolveRequest, actor: string, connectionId?: string): { item: ReviewItem; status: ReviewStanding } {
    const item = this.actions.resolve(itemId, request, actor, connectionId);
    return { item, status: this.standing(item.versionId) };
  }

  /** Where a version stands in the review (core/posting/settlement-status.ts adds what posting made of it). */
  standing(versionId: number): ReviewStanding {
    const v = this.versionRow(versionId);
    const ev = this.db.prepare('SELECT connection_id, evaluated_at FROM review_evaluation WHERE version_id = ?').get(versionId) as { connection_id: string | null; evaluated_at: string } | undefined;
    const counts = this.db
      .prepare("SELECT severity, COUNT(*) AS n FROM review_item WHERE version_id = ? AND state = 'open' GROUP BY severity")
      .all(versionId) as { severity: ReviewSeverity; n: number }[];
    const openBlocking = counts.find((x) => x.severity === 'blocking')?.n ?? 0;
    const openWarnings = counts.find((x) => x.severity === 'warning')?.n ?? 0;
    const approval = this.approvals.of(versionId);
    let status: ReviewStatus;
    if (v.status === 'superseded') status = 'superseded';
    else if (approval) status = 'approved';
    else if (!ev) status = 'imported';
    else status = openBlocking || openWarnings ? 'needs-review' : 'ready';
    return {
      versionId, settlementId: v.settlement_id, version: v.version, current: v.status === 'current', status,
      connectionId: ev?.connection_id ?? null, evaluatedAt: ev?.evaluated_at ?? null, openBlocking, openWarnings, approval,
      withdrawal: approval ? null : this.approvals.withdrawal(versionId),
      currency: v.currency, totalAmount: v.total_amount, startDate: v.start_date, endDate: v.end_date,
    };
  }

  /** The ids of every version, current ones first, newest period first. */
  versionIds(): number[] {
    return (this.db.prepare(`SELECT id FROM settlement_version v WHERE ${IMPORT_FINISHED} ORDER BY CASE status WHEN 'current' THEN 0 ELSE 1 END, end_date DESC, settlement_id, version DESC`).all() as { id: number }[]).map((r) => r.id);
  }

  /**
   * Approves a version for posting: only the current version, only when nothing blocks and every
   * warning is acknowledged, checked again right now. Records the person and the time.
   */
  approve(versionId: number, actor: string, note: string | null, connectionId?: string, options: { digest?: string } = {}): ReviewStanding {
    const v = this.versionRow(versionId);
    const c = this.connection(connectionId);
    if (v.status === 'superseded' && v.incomplete_copy === 1) throw new ReviewRefused('conflict', `Version ${v.version} of settlement ${v.settlement_id} is an incomplete copy (its lines do not add up to its total); make it current under Settlements before approving it.`);
    if (v.status === 'superseded') throw new ReviewRefused('conflict', `Version ${v.version} of settlement ${v.settlement_id} is superseded by a re-issued version; approve that one instead.`);
    if (this.approvals.of(versionId)) return this.standing(versionId);
    const checked = this.evaluate(versionId, c);
    const st = this.standing(versionId);
    if (st.openBlocking || st.openWarnings) {
      const parts = [st.openBlocking ? `${st.openBlocking} blocking item${st.openBlocking === 1 ? '' : 's'} open` : '', st.openWarnings ? `${st.openWarnings} warning${st.openWarnings === 1 ? '' : 's'} not acknowledged` : ''].filter(Boolean);
      throw new ReviewRefused('conflict', `Settlement ${v.settlement_id} cannot be approved yet: ${parts.join(' and ')}.`);
    }
    if (this.policy.get().separateApprover) {
      const last = lastChange(this.db, v.settlement_id, c?.id ?? null, rulesUsed(this.db, c ? this.mappings.list(c.id) : [], v.id, checked.journal));
      if (last && last.actor === actor) {
        const what = last.operation.startsWith('mapping.') ? `mapping rule '${last.subject}'` : last.operation.replace(/^review\./, '').replace('settlement.', '');
        throw new ReviewRefused('conflict', `Settlement ${v.settlement_id} cannot be approved by ${actor}: ${actor} made the last change to what its journal is built from (${what}, ${last.at.slice(0, 16).replace('T', ' ')} UTC), and this workspace requires another person to approve it.`);
      }
    }
    const binding = this.binding(v, c, checked.journal);
    // The journal shown in the approval dialog must be the one approved: it may have changed since it was read.
    if (options.digest !== undefined && options.digest !== binding.digest) {
      throw new ReviewRefused('conflict', `The journal of settlement ${v.settlement_id} changed while it was being looked at; nothing was approved. Look at it again, then approve.`);
    }
    this.approvals.approve(versionId, { settlementId: v.settlement_id, version: v.version }, actor, note?.trim() || null, this.now(), binding);
    return this.standing(versionId);
  }

  /** Takes an approval back, with a reason; refused once documents of the settlement reached the ERP. */
  revoke(versionId: number, actor: string, reason: string): ReviewStanding {
    const v = this.versionRow(versionId);
    const why = reason.trim();
    if (!why) throw new ReviewRefused('invalid_input', 'Say why the approval is revoked: the reason is kept in the audit log.');
    const posting = this.deps.postingState(v.settlement_id, v.version);
    if (posting === 'posted' || posting === 'posting') {
      throw new ReviewRefused('conflict', `Settlement ${v.settlement_id} is ${posting === 'posted' ? 'already posted' : 'being posted'}; its approval can no longer be revoked.`);
    }
    if (!this.approvals.revoke(versionId, { settlementId: v.settlement_id, version: v.version }, actor, why, this.now())) {
      throw new ReviewRefused('conflict', `Settlement ${v.settlement_id} version ${v.version} is not approved.`);
    }
    return this.standing(versionId);
  }

  /** The journal a version posts once approved: exclusions and an accepted variance applied (for posting). */
  reviewedJournal(versionId: number, connectionId?: string): SettlementJournal {
    return this.versionJournal(versionId, connectionId).journal;
  }

  /**
   * The journal of a settlement version for an ERP connection: its lines through the connection's mapping
   * rules (journalRules, the one place entries become rules) with the review's decisions applied (lines
   * excluded, an accepted variance). Preview, drill-down, review, plan, post, auto-post and the
   * reconciliation report all read this one.
   */
  versionJournal(versionId: number, connectionId?: string): VersionJournal {
    const basis = this.journalBasis(versionId, connectionId);
    const checked = this.check(versionId, basis.connection, { journalOnly: true });
    return { ...basis, journal: checked.journal, reconciliation: checked.reconciliation, excluded: checked.excluded };
  }

  /** What versionJournal builds from, without building it (a drill-down page needs only this). */
  journalBasis(versionId: number, connectionId?: string): Omit<VersionJournal, 'journal' | 'reconciliation' | 'excluded'> {
    const c = this.connection(connectionId);
    const entries = c ? this.mappings.list(c.id) : [];
    const { rules, missing } = journalRules(entries, c ? this.mappings.ordersInvoiced(c.id) : null);
    return { versionId, connection: c, rules, missing, classifier: reviewClassifier(entries), exclusions: this.checks.decisions(versionId).exclusions, timeZone: this.checks.timeZoneOf(versionId, c) };
  }

}
