import type { Db } from '../store';
import type { ReturnLine } from './returns-report';

export type ReturnState = 'unmapped' | 'ready';

export interface StoredReturn {
  id: number;
  amazonConnectionId: string;
  orderId: string;
  sku: string;
  asin: string;
  quantity: number;
  disposition: string;
  reason: string;
  status: string;
  licensePlateNumber: string;
  returnDate: string;
  state: ReturnState;
  erpReasonCode: string | null;
  erpConditionCode: string | null;
}

interface Row {
  id: number; amazon_connection_id: string; order_id: string; sku: string; asin: string; quantity: number; detailed_disposition: string; reason: string;
  status: string; license_plate_number: string; return_date: string; state: ReturnState; erp_reason_code: string | null; erp_condition_code: string | null;
}

const stored = (r: Row): StoredReturn => ({
  id: r.id, amazonConnectionId: r.amazon_connection_id, orderId: r.order_id, sku: r.sku, asin: r.asin, quantity: r.quantity, disposition: r.detailed_disposition,
  reason: r.reason, status: r.status, licensePlateNumber: r.license_plate_number, returnDate: r.return_date, state: r.state,
  erpReasonCode: r.erp_reason_code, erpConditionCode: r.erp_condition_code,
});

/** A return's identity: the licence plate names the unit; without one, the SKU does. */
export const unitKey = (l: Pick<ReturnLine, 'licensePlateNumber' | 'sku'>) => l.licensePlateNumber || l.sku;

/** FBA customer returns as read from the returns report (table fba_return), each stored once. */
export class FbaReturnStore {
  constructor(private readonly db: Db, private readonly now: () => Date) {}

  /** Stores the lines not stored before (the same order, unit and return date is the same return); returns the new ones. */
  record(amazonConnectionId: string, lines: readonly ReturnLine[]): StoredReturn[] {
    const at = this.now().toISOString();
    const insert = this.db.prepare(
      `INSERT INTO fba_return (amazon_connection_id, order_id, sku, asin, fnsku, product_name, quantity, fulfillment_center_id, detailed_disposition, reason, status,
         license_plate_number, return_date, unit_key, state, read_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'unmapped', ?, ?)
       ON CONFLICT (amazon_connection_id, order_id, unit_key, return_date) DO NOTHING`,
    );
    const added: number[] = [];
    this.db.transaction(() => {
      for (const l of lines) {
        const r = insert.run(amazonConnectionId, l.orderId, l.sku, l.asin, l.fnsku, l.productName, l.quantity, l.fulfillmentCenterId, l.disposition, l.reason, l.status,
          l.licensePlateNumber, l.returnDate, unitKey(l), at, at);
        if (r.changes) added.push(Number(r.lastInsertRowid));
      }
    })();
    return added.map((id) => this.get(id)!);
  }

  get(id: number): StoredReturn | null {
    const r = this.db.prepare('SELECT * FROM fba_return WHERE id = ?').get(id) as Row | undefined;
    return r ? stored(r) : null;
  }

  /** Marks a return ready with its ERP codes, once: false when it was ready already. */
  markReady(id: number, erpReasonCode: string, erpConditionCode: string | null): boolean {
    return this.db
      .prepare("UPDATE fba_return SET state = 'ready', erp_reason_code = ?, erp_condition_code = ?, updated_at = ? WHERE id = ? AND state = 'unmapped'")
      .run(erpReasonCode, erpConditionCode, this.now().toISOString(), id).changes > 0;
  }

  /** New ERP codes of a ready return, after its mapping changed. */
  recode(id: number, erpReasonCode: string, erpConditionCode: string | null): void {
    this.db.prepare("UPDATE fba_return SET erp_reason_code = ?, erp_condition_code = ?, updated_at = ? WHERE id = ? AND state = 'ready'")
      .run(erpReasonCode, erpConditionCode, this.now().toISOString(), id);
  }

  list(filter: { state?: ReturnState; orderId?: string } = {}): StoredReturn[] {
    const where = ['1 = 1', ...(filter.state ? ['state = @state'] : []), ...(filter.orderId ? ['order_id = @orderId'] : [])];
    return (this.db.prepare(`SELECT * FROM fba_return WHERE ${where.join(' AND ')} ORDER BY return_date, id`).all({ state: filter.state ?? null, orderId: filter.orderId ?? null }) as Row[]).map(stored);
  }

  counts(): Record<ReturnState, number> {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM fba_return GROUP BY state').all() as { state: ReturnState; n: number }[];
    return { unmapped: 0, ready: 0, ...Object.fromEntries(rows.map((r) => [r.state, r.n])) };
  }
}
