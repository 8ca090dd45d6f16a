import type { ErpReturnReason } from '../erp/erp-connector';
import type { Db } from '../store';

/**
 * The ERP's return reason codes as last read, per ERP connection (erp_return_reason). Each send reads the
 * list again and replaces this copy, so a code removed in the ERP is seen at once; the copy lets a mapping
 * be checked while the ERP is not at hand.
 */
export class ErpReturnReasons {
  constructor(private readonly db: Db, private readonly now: () => Date) {}

  list(erpConnectionId: string): ErpReturnReason[] {
    return this.db.prepare('SELECT code, description FROM erp_return_reason WHERE erp_connection_id = ? ORDER BY code').all(erpConnectionId) as ErpReturnReason[];
  }

  /** Replaces the copy with what the ERP lists now; says which codes came and went. */
  replace(erpConnectionId: string, reasons: readonly ErpReturnReason[]): { added: string[]; removed: string[] } {
    const before = new Set(this.list(erpConnectionId).map((r) => r.code));
    const now = new Set(reasons.map((r) => r.code));
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM erp_return_reason WHERE erp_connection_id = ?').run(erpConnectionId);
      const insert = this.db.prepare('INSERT OR REPLACE INTO erp_return_reason (erp_connection_id, code, description, read_at) VALUES (?, ?, ?, ?)');
      for (const r of reasons) insert.run(erpConnectionId, r.code, r.description, at);
    })();
    return { added: [...now].filter((c) => !before.has(c)), removed: [...before].filter((c) => !now.has(c)) };
  }
}
