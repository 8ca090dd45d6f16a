import type { ReturnDocumentKind } from '../erp/erp-connector';
import type { AuditLog, Db } from '../store';
import type { ReturnWarehouses } from './return-warehouses';

export interface ReturnErpSettings {
  erpConnectionId: string;
  document: ReturnDocumentKind;
  /** Where sellable and unsellable returns go, on a return order; null: the ERP's default. */
  warehouses: ReturnWarehouses | null;
}

interface Row { erp_connection_id: string; document: ReturnDocumentKind; sellable_warehouse: string | null; unsellable_warehouse: string | null }
const fromRow = (r: Row): ReturnErpSettings => ({
  erpConnectionId: r.erp_connection_id, document: r.document,
  warehouses: r.sellable_warehouse && r.unsellable_warehouse ? { sellable: r.sellable_warehouse, unsellable: r.unsellable_warehouse } : null,
});

/** What a return becomes in each ERP connection that takes returns (return_erp_settings, migration 220). */
export class ReturnErpSettingsStore {
  constructor(private readonly db: Db, private readonly audit: AuditLog | null, private readonly now: () => Date) {}

  get(erpConnectionId: string): ReturnErpSettings | null {
    const r = this.db.prepare('SELECT * FROM return_erp_settings WHERE erp_connection_id = ?').get(erpConnectionId) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  list(): ReturnErpSettings[] {
    return (this.db.prepare('SELECT * FROM return_erp_settings ORDER BY erp_connection_id').all() as Row[]).map(fromRow);
  }

  /**
   * Sets (null: clears) where sellable and unsellable returns go, once checked (return-warehouses.ts
   * checkReturnWarehouses); the connection must take returns already.
   */
  setWarehouses(erpConnectionId: string, warehouses: ReturnWarehouses | null, actor: string): void {
    const before = this.get(erpConnectionId);
    if (!before) throw new RangeError('Choose what returns become in this ERP connection before their warehouses.');
    this.db.prepare('UPDATE return_erp_settings SET sellable_warehouse = ?, unsellable_warehouse = ?, updated_by = ?, updated_at = ? WHERE erp_connection_id = ?')
      .run(warehouses?.sellable ?? null, warehouses?.unsellable ?? null, actor, this.now().toISOString(), erpConnectionId);
    this.audit?.record({ kind: 'decision', system: 'app', operation: 'returns.warehouses', actor, connectionId: erpConnectionId, detail: { before: before.warehouses, after: warehouses } });
  }

  /**
   * `offered`: the documents the connection's ERP can make (its capabilities); another choice is refused,
   * in the ERP's own words where its capabilities say why (`whyNot`). null stops sending returns there.
   */
  set(erpConnectionId: string, document: ReturnDocumentKind | null, offered: readonly ReturnDocumentKind[], actor: string, whyNot: Partial<Record<ReturnDocumentKind, string>> = {}): void {
    const before = this.get(erpConnectionId)?.document ?? null;
    if (document === null) {
      this.db.prepare('DELETE FROM return_erp_settings WHERE erp_connection_id = ?').run(erpConnectionId);
    } else {
      if (!offered.includes(document)) {
        const why = whyNot[document];
        if (why) throw new RangeError(why);
        throw new RangeError(offered.length
          ? `This ERP connection cannot make a ${document === 'credit-note' ? 'credit note' : 'return order'} from a return through its API; choose ${offered.map((d) => (d === 'credit-note' ? 'a credit note' : 'a return order')).join(' or ')}.`
          : 'This ERP connection cannot take customer returns through its API.');
      }
      this.db
        .prepare(`INSERT INTO return_erp_settings (erp_connection_id, document, updated_by, updated_at) VALUES (?, ?, ?, ?)
                  ON CONFLICT (erp_connection_id) DO UPDATE SET document = excluded.document, updated_by = excluded.updated_by, updated_at = excluded.updated_at`)
        .run(erpConnectionId, document, actor, this.now().toISOString());
    }
    this.audit?.record({ kind: 'decision', system: 'app', operation: 'returns.erpDocument', actor, connectionId: erpConnectionId, detail: { before, after: document } });
  }
}
