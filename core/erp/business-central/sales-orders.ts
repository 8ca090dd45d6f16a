import type { PostedSalesInvoice, SalesOrderDocument } from '../erp-connector';
import { ErpError } from '../erp-error';
import { decimalToMinor, minorToWireNumber } from '../wire-decimal';
import { currencyExponent } from '../../money';

type Row = Record<string, unknown>;

/**
 * Sales orders through API v2.0 (salesOrders / salesOrderLines, APIV2SalesOrders.Page.al and
 * APIV2SalesOrderLines.Page.al; NOTES §1.3). Lines carry explicit sequence numbers (10000, 20000, ...)
 * so a second look can tell which of our lines the ERP already holds.
 */

/** The deep insert body: header and lines in one POST (NOTES §1.4, deep insert). */
export function salesOrderBody(doc: SalesOrderDocument, localCurrency: string | null): Row {
  const where = { system: 'business-central', kind: 'validation' as const, document: doc.externalDocumentNumber, retryable: false };
  // salesOrders.externalDocumentNumber is Code[35] ("External Document No.", the same field as on invoices).
  if (doc.externalDocumentNumber.length > 35) throw new ErpError(`Sales order ${doc.externalDocumentNumber}: the external document number is longer than Business Central's 35 characters.`, where);
  if (doc.lines.length === 0) throw new ErpError(`Sales order ${doc.externalDocumentNumber} has no lines.`, where);
  return {
    externalDocumentNumber: doc.externalDocumentNumber,
    customerNumber: doc.customerNumber,
    orderDate: doc.orderDate,
    ...(localCurrency && doc.currency.toUpperCase() !== localCurrency.toUpperCase() ? { currencyCode: doc.currency } : {}),
    salesOrderLines: wantedLines(doc),
  };
}

export function wantedLines(doc: SalesOrderDocument): Row[] {
  const exponent = currencyExponent(doc.currency);
  return doc.lines.map((l, i) => {
    if (!(l.quantity > 0)) throw new ErpError(`Sales order ${doc.externalDocumentNumber}, line ${i + 1}: quantity ${l.quantity} must be positive.`, { system: 'business-central', kind: 'validation', document: doc.externalDocumentNumber, line: i + 1, retryable: false });
    return {
      sequence: (i + 1) * 10000,
      lineType: 'Item',
      lineObjectNumber: l.itemNumber,
      quantity: l.quantity,
      unitPrice: minorToWireNumber(l.unitPrice, exponent),
      ...(l.description ? { description: l.description.slice(0, 100) } : {}),
    };
  });
}

/** What must change on the ERP's lines so they are the document's: patches, inserts and deletes, by sequence. */
export function lineChanges(doc: SalesOrderDocument, existing: readonly Row[]): { patch: Array<{ line: Row; body: Row }>; insert: Row[]; remove: Row[] } {
  const wanted = wantedLines(doc);
  const bySeq = new Map(existing.map((l) => [Number(l.sequence), l]));
  const exponent = currencyExponent(doc.currency);
  const patch: Array<{ line: Row; body: Row }> = [];
  const insert: Row[] = [];
  for (const w of wanted) {
    const have = bySeq.get(Number(w.sequence));
    // A line whose item changed is deleted and inserted again (with its sequence), not patched.
    if (!have || have.lineObjectNumber !== w.lineObjectNumber) {
      insert.push(w);
      continue;
    }
    const body: Row = {};
    if (Number(have.quantity) !== w.quantity) body.quantity = w.quantity;
    if (decimalToMinor(Number(have.unitPrice), exponent) !== decimalToMinor(Number(w.unitPrice), exponent)) body.unitPrice = w.unitPrice;
    if (Object.keys(body).length) patch.push({ line: have, body });
  }
  const wantedSeq = new Set(wanted.map((w) => Number(w.sequence)));
  const replaced = new Set(insert.map((w) => Number(w.sequence)));
  const remove = existing.filter((l) => !wantedSeq.has(Number(l.sequence)) || replaced.has(Number(l.sequence)));
  return { patch, insert, remove };
}

/** Has anything of the order been shipped (or invoiced)? Then it is no longer ours to change. */
export function orderShipped(order: Row, lines: readonly Row[]): boolean {
  return order.fullyShipped === true || lines.some((l) => Number(l.shippedQuantity ?? 0) > 0 || Number(l.invoicedQuantity ?? 0) > 0);
}

/** Do the posted invoice's lines say what the document says? */
export function invoiceMatches(doc: SalesOrderDocument, invoice: PostedSalesInvoice): boolean {
  const wanted = wantedLines(doc);
  const exponent = currencyExponent(doc.currency);
  if (wanted.length !== invoice.lines.length) return false;
  return wanted.every((w, i) => {
    const l = invoice.lines[i]!;
    return l.itemNumber === w.lineObjectNumber && l.quantity === w.quantity && l.unitPrice === decimalToMinor(Number(w.unitPrice), exponent);
  });
}

export function postedSalesInvoiceFromRow(row: Row, localCurrency: string | null): PostedSalesInvoice {
  const currency = String(row.currencyCode || localCurrency || '');
  const exponent = currencyExponent(currency);
  const lines = ((row.salesInvoiceLines as Row[] | undefined) ?? []).slice().sort((a, b) => Number(a.sequence) - Number(b.sequence));
  return {
    number: String(row.number),
    externalDocumentNumber: String(row.externalDocumentNumber ?? ''),
    invoiceDate: String(row.invoiceDate),
    dueDate: row.dueDate ? String(row.dueDate) : null,
    currency,
    totalExcludingTax: decimalToMinor(Number(row.totalAmountExcludingTax ?? 0), exponent),
    totalTax: decimalToMinor(Number(row.totalTaxAmount ?? 0), exponent),
    total: decimalToMinor(Number(row.totalAmountIncludingTax ?? 0), exponent),
    lines: lines.map((l) => ({
      itemNumber: String(l.lineObjectNumber), quantity: Number(l.quantity),
      unitPrice: decimalToMinor(Number(l.unitPrice ?? 0), exponent), amount: decimalToMinor(Number(l.amountExcludingTax ?? 0), exponent),
    })),
  };
}
