import type { MappingEntry } from '../mapping/mapping-entry';
import { describeKey } from '../mapping/mapping-entry';
import { matchingRule } from '../settlement/journal-rules';
import { journalRules } from '../mapping/journal-mapping';
import type { SettlementJournal } from '../settlement';
import type { Db } from '../store';
import type { ApprovedContent } from './approval-digest';
import { reviewClassifier } from './review-checks';

// Where a version's journal comes from: the mapping rules its lines resolve through, and who last changed
// any of that. An approval is bound to the first; segregation of duties reads the second.

/**
 * The mapping rules a version's journal resolves through: the fee rule each line type takes (as the
 * journal builder picks it) and the account roles the journal uses, keyed as the audit log names mapping
 * rules (describeKey), in that order.
 */
export function rulesUsed(db: Db, entries: readonly MappingEntry[], versionId: number, journal: SettlementJournal): Map<string, ApprovedContent['rules'][number]> {
  if (!entries.length) return new Map();
  const { rules, sources } = journalRules(entries);
  const classifier = reviewClassifier(entries);
  const used = new Map<string, ApprovedContent['rules'][number]>();
  // Rules match on the types and the category only, so the per-type totals name every combination that matters.
  const types = db
    .prepare('SELECT DISTINCT transaction_type AS transactionType, amount_type AS amountType, amount_description AS amountDescription FROM settlement_type_total WHERE version_id = ?')
    .all(versionId) as Array<{ transactionType: string; amountType: string; amountDescription: string }>;
  for (const t of types) {
    const category = classifier.classify(t)?.category;
    if (!category || category === 'reserve') continue;
    const i = matchingRule(rules.rules, { category, ...t });
    if (i === -1) continue;
    const e = sources[i]!;
    used.set(describeKey(e), { rule: ruleText(e), target: e.target, dimensions: Object.fromEntries(Object.entries(e.dimensions).sort(([a], [b]) => a.localeCompare(b))) });
  }
  const roles = new Set(journal.documents.flatMap((d) => d.lines.map((l) => l.role)));
  for (const e of entries) {
    if (e.kind !== 'account') continue;
    const role = e.subject === 'bank' || e.subject === 'clearing' ? 'deposit' : e.subject === 'reserve' ? 'reserve' : e.subject === 'carriedForward' ? 'carried-forward' : null;
    if (role && roles.has(role)) used.set(describeKey(e), { rule: describeKey(e), target: e.target, dimensions: {} });
  }
  return new Map([...used.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** A rule as an approval names it: a fee rule by the types it names, a category rule by its category. */
export function ruleText(e: MappingEntry): string {
  return describeKey(e).split(' / ').filter((p) => p !== '*').join(' / ');
}

export interface LineRule {
  transactionType: string;
  amountType: string;
  amountDescription: string;
  category: string | null;
  count: number;
  /** The rule the journal takes for these lines (as an approval names it, ruleText), or null when none matches. */
  rule: string | null;
  target: string | null;
}

/**
 * For every combination the workspace's current settlements hold, its category and the rule its lines
 * resolve through, as the journal builder picks it: what the Mappings screen shows under "Which rule
 * each line used". Reserves are left out (they post to the reserve account role).
 */
export function rulesByLine(db: Db, entries: readonly MappingEntry[]): LineRule[] {
  const { rules, sources } = journalRules(entries);
  const classifier = reviewClassifier(entries);
  const rows = db
    .prepare(
      `SELECT t.transaction_type AS transactionType, t.amount_type AS amountType, t.amount_description AS amountDescription, SUM(t.count) AS count
         FROM settlement_type_total t JOIN settlement_version v ON v.id = t.version_id AND v.status = 'current'
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all() as Array<{ transactionType: string; amountType: string; amountDescription: string; count: number }>;
  const out: LineRule[] = [];
  for (const r of rows) {
    const category = classifier.classify(r)?.category ?? null;
    if (category === 'reserve') continue;
    const i = category === null ? -1 : matchingRule(rules.rules, { category, ...r });
    const e = i === -1 ? null : sources[i]!;
    out.push({ ...r, category, rule: e ? ruleText(e) : null, target: e ? e.target : null });
  }
  return out;
}

export interface LastChange { actor: string; operation: string; at: string; subject: string }

/**
 * The last change to what a version's journal is built from: a review decision on the settlement, or a
 * change of one of the mapping rules it uses (`used`, from rulesUsed), as the audit log recorded them.
 */
export function lastChange(db: Db, settlementId: string, connectionId: string | null, used: Map<string, unknown>): LastChange | null {
  type Row = LastChange & { id: number };
  const decision = db
    .prepare(
      `SELECT id, actor, operation, at, subject_id AS subject FROM audit_event
        WHERE kind = 'decision' AND subject_type = 'settlement' AND subject_id = ? AND actor IS NOT NULL
          AND (operation LIKE 'review.%' OR operation = 'settlement.variance-accepted')
        ORDER BY id DESC LIMIT 1`,
    )
    .get(settlementId) as Row | undefined;
  const keys = [...used.keys()];
  const rule = connectionId && keys.length
    ? (db
        .prepare(
          `SELECT id, actor, operation, at, subject_id AS subject FROM audit_event
            WHERE kind = 'decision' AND subject_type = 'mapping' AND connection_id = ? AND actor IS NOT NULL AND subject_id IN (${keys.map(() => '?').join(', ')})
            ORDER BY id DESC LIMIT 1`,
        )
        .get(connectionId, ...keys) as Row | undefined)
    : undefined;
  const last = !decision ? rule : !rule ? decision : rule.id > decision.id ? rule : decision;
  return last ? { actor: last.actor, operation: last.operation, at: last.at, subject: last.subject } : null;
}
