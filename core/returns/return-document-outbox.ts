import { createHash } from 'node:crypto';
import type { ReturnDocumentKind } from '../erp/erp-connector';
import type { Db } from '../store';

export type ReturnDocumentState = 'pending' | 'held' | 'sent';

export interface ReturnDocumentRow {
  id: number;
  erpConnectionId: string;
  returnId: number;
  document: ReturnDocumentKind;
  externalDocumentNumber: string;
  state: ReturnDocumentState;
  erpDocumentNumber: string | null;
}

interface Row {
  id: number; erp_connection_id: string; return_id: number; document: ReturnDocumentKind; external_document_number: string; state: ReturnDocumentState; erp_document_number: string | null;
}
const fromRow = (r: Row): ReturnDocumentRow => ({
  id: r.id, erpConnectionId: r.erp_connection_id, returnId: r.return_id, document: r.document, externalDocumentNumber: r.external_document_number,
  state: r.state, erpDocumentNumber: r.erp_document_number,
});

/** The shortest external document number field among our ERPs (Business Central's Code[35]). */
const KEY_LENGTH = 35;

/**
 * The ERP's key of a return: its order id (what an accountant searches for), "/RET" and eight hex digits of
 * the return's identity, so two returns of one order differ and none looks like a refund's credit note
 * ("order/refund id").
 */
export function returnDocumentKey(orderId: string, returnIdentity: string): string {
  const tail = `/RET${createHash('sha256').update(returnIdentity).digest('hex').slice(0, 8)}`;
  return `${orderId.slice(0, KEY_LENGTH - tail.length)}${tail}`;
}

/** The outbox of return documents (return_document): one row per return and ERP connection. */
export class ReturnDocumentOutbox {
  constructor(private readonly db: Db, private readonly now: () => Date) {}

  ensure(erpConnectionId: string, returnId: number, document: ReturnDocumentKind, key: string): ReturnDocumentRow {
    const at = this.now().toISOString();
    this.db
      .prepare(`INSERT INTO return_document (erp_connection_id, return_id, document, external_document_number, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (erp_connection_id, return_id) DO NOTHING`)
      .run(erpConnectionId, returnId, document, key, at, at);
    return this.find(erpConnectionId, returnId)!;
  }

  find(erpConnectionId: string, returnId: number): ReturnDocumentRow | null {
    const r = this.db.prepare('SELECT * FROM return_document WHERE erp_connection_id = ? AND return_id = ?').get(erpConnectionId, returnId) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /** Every document of a return (one per ERP connection that took it). */
  ofReturn(returnId: number): ReturnDocumentRow[] {
    return (this.db.prepare('SELECT * FROM return_document WHERE return_id = ? ORDER BY id').all(returnId) as Row[]).map(fromRow);
  }

  /** A document not yet sent takes the kind the user chose last. */
  rekind(id: number, document: ReturnDocumentKind): void {
    this.db.prepare("UPDATE return_document SET document = ?, updated_at = ? WHERE id = ? AND state <> 'sent'").run(document, this.now().toISOString(), id);
  }

  markSent(id: number, erpDocumentNumber: string): void {
    const at = this.now().toISOString();
    this.db.prepare("UPDATE return_document SET state = 'sent', erp_document_number = ?, sent_at = ?, updated_at = ? WHERE id = ?").run(erpDocumentNumber, at, at, id);
  }

  mark(id: number, state: Exclude<ReturnDocumentState, 'sent'>): void {
    this.db.prepare("UPDATE return_document SET state = ?, updated_at = ? WHERE id = ? AND state <> 'sent'").run(state, this.now().toISOString(), id);
  }

  counts(): Record<ReturnDocumentState, number> {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM return_document GROUP BY state').all() as Array<{ state: ReturnDocumentState; n: number }>;
    return { pending: 0, held: 0, sent: 0, ...Object.fromEntries(rows.map((r) => [r.state, r.n])) };
  }
}
