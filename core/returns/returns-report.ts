/**
 * The FBA customer returns report, GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA. Its columns, as Amazon lists
 * them ("FBA Customer Concessions reports attributes",
 * https://developer-docs.amazon.com/sp-api/docs/fba-customer-concessions-reports-attributes): return-date,
 * order-id, sku, asin, fnsku, product-name, quantity, fulfillment-center-id, detailed-disposition, reason,
 * status, license-plate-number, customer-comments.
 * UNVERIFIED (not on that page): that the file is tab-delimited with one header row like the other FBA flat
 * files, the return-date format (read as any ISO 8601 instant, e.g. 2026-06-01T10:15:00+00:00), and the
 * reason and disposition code lists (read as opaque codes, mapped by the user). customer-comments is free
 * text a buyer wrote and is not stored.
 */
export const RETURNS_REPORT_TYPE = 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA';

export const RETURNS_REPORT_COLUMNS = [
  'return-date', 'order-id', 'sku', 'asin', 'fnsku', 'product-name', 'quantity', 'fulfillment-center-id',
  'detailed-disposition', 'reason', 'status', 'license-plate-number', 'customer-comments',
] as const;

export interface ReturnLine {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  orderId: string;
  sku: string;
  asin: string;
  fnsku: string;
  productName: string;
  quantity: number;
  fulfillmentCenterId: string;
  disposition: string;
  reason: string;
  status: string;
  licensePlateNumber: string;
  /** ISO instant, UTC. */
  returnDate: string;
}

/** A line the parser could not read, with what was wrong and the raw cells to show a person. */
export interface UnreadableReturnLine {
  line: number;
  problem: string;
  cells: Record<string, string>;
}

const REQUIRED = ['return-date', 'order-id', 'sku', 'quantity'] as const;

export function parseReturnsReport(text: string): { lines: ReturnLine[]; unreadable: UnreadableReturnLine[] } {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (rows[0] ?? '').split('\t').map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new Error(`The returns report has no ${missing.join(', ')} column (its header reads: ${header.join(', ') || 'nothing'}).`);
  }
  const lines: ReturnLine[] = [];
  const unreadable: UnreadableReturnLine[] = [];
  for (let i = 1; i < rows.length; i++) {
    if (!rows[i]!.trim()) continue;
    const values = rows[i]!.split('\t');
    const cells: Record<string, string> = {};
    header.forEach((h, j) => {
      if (h !== 'customer-comments') cells[h] = (values[j] ?? '').trim();
    });
    const at = (c: string) => cells[c] ?? '';
    const line = i + 1;
    const quantity = Number(at('quantity'));
    const date = Date.parse(at('return-date'));
    const problem = !at('order-id') ? 'it has no order-id'
      : !at('sku') ? 'it has no sku'
      : !/^\d+$/.test(at('quantity')) || quantity < 1 ? `its quantity "${at('quantity')}" is not a whole number of units`
      : Number.isNaN(date) ? `its return-date "${at('return-date')}" is not a date and time`
      : null;
    if (problem) {
      unreadable.push({ line, problem, cells });
      continue;
    }
    lines.push({
      line, orderId: at('order-id'), sku: at('sku'), asin: at('asin'), fnsku: at('fnsku'), productName: at('product-name'), quantity,
      fulfillmentCenterId: at('fulfillment-center-id'), disposition: at('detailed-disposition'), reason: at('reason'), status: at('status'),
      licensePlateNumber: at('license-plate-number'), returnDate: new Date(date).toISOString(),
    });
  }
  return { lines, unreadable };
}
