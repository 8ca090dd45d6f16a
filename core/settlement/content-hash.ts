import { createHash, type Hash } from 'node:crypto';
import type { SettlementReadOptions } from './parse-context';
import type { SettlementLine, SettlementSummary } from './settlement-model';

/** Prefix of content hashes computed by `ContentHash`; hashes without it are of the earlier, per-line scheme. */
export const CONTENT_HASH_SCHEME = 'r1:';

/** One normalized line as the earlier scheme hashed it (and as lines without a raw row, XML, are still hashed). */
function normalizedLine(l: SettlementLine): string {
  return `${l.row}\t${l.transactionType}\t${l.amountType}\t${l.amountDescription}\t${l.amount}\t${l.currency}\t${l.orderId}\t${l.merchantOrderId}\t${l.adjustmentId}\t${l.shipmentId}\t${l.marketplaceName}\t${l.fulfillmentId}\t${l.postedDate}\t${l.orderItemCode}\t${l.merchantOrderItemId}\t${l.merchantAdjustmentItemId}\t${l.sku}\t${l.quantity}\t${l.promotionId}\t${l.extra ? JSON.stringify(l.extra) : ''}\n`;
}

/**
 * What makes two imports "the same content": the parsed summary, the header's column names, the
 * options that steer reading, and every row as decoded (so a gzip or re-encoded copy, BOM or CRLF
 * aside, is the same). The rows are hashed from the UTF-8 bytes the raw-row blocks are made of anyway,
 * instead of building a normalized text per line: on a million lines that was a second of work.
 * Lines without a raw row (XML) are hashed normalized.
 *
 * A settlement imported under the earlier scheme (hash without the prefix) is compared with that
 * scheme too: `keepEarlierScheme` computes it only for those.
 */
export class ContentHash {
  private readonly rows = createHash('sha256');
  private readonly lines = createHash('sha256');
  private lineParts: string[] = [];
  private earlier: Hash | null = null;
  private earlierParts: string[] = [];
  private columns = '';
  private summaryText = '';

  constructor(private readonly options: SettlementReadOptions) {}

  header(format: string, columns: readonly string[]): void {
    this.columns = `${format}\t${columns.join('\t')}\n`;
  }

  summary(s: SettlementSummary, keepEarlierScheme: boolean): void {
    this.summaryText = `${s.settlementId}\t${s.startDate}\t${s.endDate}\t${s.depositDate}\t${s.totalAmount}\t${s.currency}\n`;
    if (keepEarlierScheme) {
      this.earlier = createHash('sha256');
      this.earlier.update(this.summaryText);
    }
  }

  /** The UTF-8 bytes of a block of raw rows, in file order. */
  rawRows(bytes: Uint8Array): void {
    this.rows.update(bytes);
  }

  line(l: SettlementLine): void {
    if (l.raw === undefined) this.lineParts.push(normalizedLine(l));
    if (this.earlier) this.earlierParts.push(normalizedLine(l));
  }

  /** Hands the chunk's texts to the hashes: one update per chunk instead of one per line. */
  flush(): void {
    if (this.lineParts.length) {
      this.lines.update(this.lineParts.join(''));
      this.lineParts = [];
    }
    if (this.earlierParts.length) {
      this.earlier!.update(this.earlierParts.join(''));
      this.earlierParts = [];
    }
  }

  /** The hash to store, and the earlier scheme's when asked for. */
  digests(): { current: string; earlier: string | null } {
    this.flush();
    const o = this.options;
    const all = createHash('sha256')
      .update(`${o.decimalSeparator ?? ''}\t${o.slashDateOrder ?? ''}\n`)
      .update(this.columns)
      .update(this.summaryText)
      .update(this.rows.digest())
      .update(this.lines.digest());
    return { current: CONTENT_HASH_SCHEME + all.digest('hex'), earlier: this.earlier ? this.earlier.digest('hex') : null };
  }
}
