import type { Db } from '../store';
import type { SettlementLine } from './settlement-model';

const LINE_COLUMNS = [
  'version_id', 'row', 'seq', 'transaction_type', 'amount_type', 'amount_description', 'amount', 'currency', 'category',
  'order_id', 'merchant_order_id', 'adjustment_id', 'shipment_id', 'marketplace_name', 'fulfillment_id', 'posted_date',
  'order_item_code', 'merchant_order_item_id', 'merchant_adjustment_item_id', 'sku', 'quantity', 'promotion_id', 'source', 'extra',
];
const WIDTH = LINE_COLUMNS.length;

/**
 * Lines per INSERT statement. One statement per line spent as much time stepping and resetting the
 * statement as storing the line; 32 rows of 24 values stay far below SQLite's 32,766 parameters.
 */
const ROWS_PER_STATEMENT = 32;

function insertSql(rows: number): string {
  const one = `(${LINE_COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO settlement_line (${LINE_COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

/**
 * Writes settlement_line rows of one version, ROWS_PER_STATEMENT at a time, from one reused array of bound
 * values. `flush` writes what is held: call it before the transaction commits.
 */
export class LineInserter {
  private readonly many;
  private readonly one;
  private readonly values: unknown[] = new Array<unknown>(WIDTH * ROWS_PER_STATEMENT).fill(null);
  private readonly single: unknown[] = new Array<unknown>(WIDTH).fill(null);
  private held = 0;

  constructor(db: Db, private readonly versionId: number) {
    this.many = db.prepare(insertSql(ROWS_PER_STATEMENT));
    this.one = db.prepare(insertSql(1));
  }

  add(l: SettlementLine, seq: number, category: string | null): void {
    const v = this.values;
    let i = this.held * WIDTH;
    v[i++] = this.versionId; v[i++] = l.row; v[i++] = seq; v[i++] = l.transactionType; v[i++] = l.amountType;
    v[i++] = l.amountDescription; v[i++] = l.amount; v[i++] = l.currency; v[i++] = category; v[i++] = l.orderId;
    v[i++] = l.merchantOrderId; v[i++] = l.adjustmentId; v[i++] = l.shipmentId; v[i++] = l.marketplaceName;
    v[i++] = l.fulfillmentId; v[i++] = l.postedDate; v[i++] = l.orderItemCode; v[i++] = l.merchantOrderItemId;
    v[i++] = l.merchantAdjustmentItemId; v[i++] = l.sku; v[i++] = l.quantity; v[i++] = l.promotionId;
    v[i++] = l.source ?? null; v[i] = l.extra ? JSON.stringify(l.extra) : null;
    if (++this.held === ROWS_PER_STATEMENT) {
      this.many.run(v);
      this.held = 0;
    }
  }

  flush(): void {
    for (let r = 0; r < this.held; r++) {
      for (let c = 0; c < WIDTH; c++) this.single[c] = this.values[r * WIDTH + c];
      this.one.run(this.single);
    }
    this.held = 0;
  }
}
