import { OrderPostingModes } from '../connections/order-posting-mode';
import { ConnectionRepository } from '../connections/connection-repository';
import { erpKind } from '../erp/registry';
import { journalRules, type OrdersInvoiced } from './journal-mapping';
import type { AuditLog, Db } from '../store';
import { describeKey, normalizeKey, type MappingEntry, type MappingKey, type StoredMappingEntry } from './mapping-entry';
import type { MappingRules } from '../settlement/journal-rules';
import { validateEntry, type MappingProblem } from './mapping-validation';
import type { ReferenceSnapshot } from './reference-cache';
import { DomainError } from '../errors/domain-error';

/** A change the ERP data refuses; carries every problem, each naming what was refused. */
export class MappingRefused extends DomainError {
  constructor(readonly problems: MappingProblem[]) {
    super('invalid_input', problems.map((p) => p.message).join(' '), problems.map((p) => ({ path: p.field, message: p.message })));
  }
}

interface RawRule {
  kind: MappingEntry['kind'];
  transaction_type: string;
  amount_type: string;
  amount_description: string;
  subject: string;
  target: string;
  dimensions: string;
  updated_at: string;
  updated_by: string;
}

const fromRaw = (r: RawRule): StoredMappingEntry => ({
  kind: r.kind,
  transactionType: r.transaction_type,
  amountType: r.amount_type,
  amountDescription: r.amount_description,
  subject: r.subject,
  target: r.target,
  dimensions: JSON.parse(r.dimensions) as Record<string, string>,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

const KEY_WHERE = 'connection_id = ? AND kind = ? AND subject = ? AND transaction_type = ? AND amount_type = ? AND amount_description = ?';
const keyArgs = (connectionId: string, k: MappingKey) => [connectionId, k.kind, k.subject, k.transactionType, k.amountType, k.amountDescription];

export interface ChangeContext {
  actor: string;
  /** The connection's reference data, which every target is checked against. */
  reference: ReferenceSnapshot;
  erpName: string;
  now?: Date;
  /** Recorded in the audit detail: 'editor', 'csv-import', 'suggestion'. */
  source?: string;
}

/** The mapping rules of each ERP connection. Every change is checked against the ERP and audited. */
export class MappingStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  list(connectionId: string): StoredMappingEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM mapping_rule WHERE connection_id = ? ORDER BY kind, subject, transaction_type, amount_type, amount_description')
      .all(connectionId) as RawRule[];
    return rows.map(fromRaw);
  }

  get(connectionId: string, key: MappingKey): StoredMappingEntry | null {
    const r = this.db.prepare(`SELECT * FROM mapping_rule WHERE ${KEY_WHERE}`).get(...keyArgs(connectionId, normalizeKey(key))) as RawRule | undefined;
    return r ? fromRaw(r) : null;
  }

  /** Checks every entry first; saves all of them in one transaction, or none when any is refused. */
  saveAll(connectionId: string, entries: readonly MappingEntry[], ctx: ChangeContext): { changed: number; unchanged: number } {
    const normal = entries.map((e) => ({ ...e, ...normalizeKey(e), target: e.target.trim() }));
    const problems = normal.flatMap((e) => validateEntry(e, ctx.reference, ctx.erpName));
    if (problems.length) throw new MappingRefused(problems);
    let changed = 0;
    this.db.transaction(() => {
      for (const e of normal) if (this.put(connectionId, e, ctx)) changed++;
    })();
    return { changed, unchanged: normal.length - changed };
  }

  save(connectionId: string, entry: MappingEntry, ctx: ChangeContext): StoredMappingEntry {
    this.saveAll(connectionId, [entry], ctx);
    return this.get(connectionId, entry)!;
  }

  remove(connectionId: string, key: MappingKey, actor: string): boolean {
    const k = normalizeKey(key);
    const before = this.get(connectionId, k);
    if (!before) return false;
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM mapping_rule WHERE ${KEY_WHERE}`).run(...keyArgs(connectionId, k));
      this.record(connectionId, 'mapping.remove', actor, k, before, null, 'editor');
    })();
    return true;
  }

  /**
   * One audit row per rule of a connection that stops applying (its connection was archived) or applies again
   * (restored): the rules themselves stay as they are.
   */
  recordEach(connectionId: string, operation: 'mapping.archived' | 'mapping.restored', actor: string): number {
    const rules = this.list(connectionId);
    for (const r of rules) {
      this.audit.record({
        kind: 'decision', system: 'app', operation, actor, connectionId, subjectType: 'mapping', subjectId: describeKey(r),
        detail: { source: operation === 'mapping.archived' ? 'connection-archived' : 'connection-restored', target: r.target, dimensions: r.dimensions },
      });
    }
    return rules.length;
  }

  /** The rules in the shape the settlement journal builder reads. Roles not yet mapped are ''. */
  toMappingRules(connectionId: string): MappingRules {
    return journalRules(this.list(connectionId), this.ordersInvoiced(connectionId)).rules;
  }

  /**
   * Null while the connection books orders from the settlement only; in "Orders as invoices" mode, whether
   * its ERP's journal takes customer lines and whether it credits refunds by credit notes (the kind's
   * capabilities say).
   */
  ordersInvoiced(connectionId: string): OrdersInvoiced | null {
    if (new OrderPostingModes(this.db, this.audit).get(connectionId).mode !== 'orders-as-invoices') return null;
    const kind = new ConnectionRepository(this.db).get(connectionId)?.kind;
    const capabilities = kind ? erpKind(kind)?.capabilities : undefined;
    if (!capabilities) return { customerLines: false };
    // An ERP that applies the payout with a payment of its own gets the invoiced amounts on the clearing
    // account, where that payment takes them from: a customer line too would pay the invoices twice.
    const payments = capabilities.flows.includes('settlementPayments');
    return { customerLines: capabilities.journalCustomerLines === true && !payments, creditNotes: capabilities.flows.includes('salesCreditNotes') };
  }

  private put(connectionId: string, e: MappingEntry, ctx: ChangeContext): boolean {
    const before = this.get(connectionId, e);
    if (before && before.target === e.target && sameDims(before.dimensions, e.dimensions)) return false;
    const at = (ctx.now ?? new Date()).toISOString();
    this.db
      .prepare(
        `INSERT INTO mapping_rule (connection_id, kind, transaction_type, amount_type, amount_description, subject, target, dimensions, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (connection_id, kind, subject, transaction_type, amount_type, amount_description)
         DO UPDATE SET target = excluded.target, dimensions = excluded.dimensions, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(connectionId, e.kind, e.transactionType, e.amountType, e.amountDescription, e.subject, e.target, JSON.stringify(sortDims(e.dimensions)), at, ctx.actor);
    this.record(connectionId, before ? 'mapping.change' : 'mapping.add', ctx.actor, e, before, { target: e.target, dimensions: e.dimensions }, ctx.source ?? 'editor');
    return true;
  }

  private record(connectionId: string, operation: string, actor: string, key: MappingKey, before: StoredMappingEntry | null, after: { target: string; dimensions: Record<string, string> } | null, source: string) {
    this.audit.record({
      kind: 'decision',
      system: 'app',
      operation,
      actor,
      connectionId,
      subjectType: 'mapping',
      subjectId: describeKey(key),
      detail: { source, before: before ? { target: before.target, dimensions: before.dimensions } : null, after },
    });
  }
}

const sortDims = (d: Record<string, string>) => Object.fromEntries(Object.entries(d).sort(([a], [b]) => a.localeCompare(b)));
const sameDims = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(sortDims(a)) === JSON.stringify(sortDims(b));
