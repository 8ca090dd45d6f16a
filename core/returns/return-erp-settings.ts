import type { ReturnDocumentKind } from '../erp/erp-connector';
import type { AuditLog, Db } from '../store';

export interface ReturnErpSettings {
  erpConnectionId: string;
  document: ReturnDocumentKind;
}

/** What a return becomes in each ERP connection that takes returns (return_erp_settings, migration 220). */
export class ReturnErpSettingsStore {
  constructor(private readonly db: Db, private readonly audit: AuditLog | null, private readonly now: () => Date) {}

  get(erpConnectionId: string): ReturnErpSettings | null {
    const r = this.db.prepare('SELECT document FROM return_erp_settings WHERE erp_connection_id = ?').get(erpConnectionId) as { document: ReturnDocumentKind } | undefined;
    return r ? { erpConnectionId, document: r.document } : null;
  }

  list(): ReturnErpSettings[] {
    return (this.db.prepare('SELECT erp_connection_id, document FROM return_erp_settings ORDER BY erp_connection_id').all() as Array<{ erp_connection_id: string; document: ReturnDocumentKind }>)
      .map((r) => ({ erpConnectionId: r.erp_connection_id, document: r.document }));
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
