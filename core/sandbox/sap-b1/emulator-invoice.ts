import { businessError } from './emulator-errors';
import type { SapB1Seed } from './emulator-seed';

type Row = Record<string, unknown>;

/** An A/R invoice as stored and answered (specs/...edmx.xml EntitySet Invoices of EntityType Document, lines ComplexType DocumentLine). */
export interface StoredInvoice {
  DocEntry: number;
  DocNum: number;
  DocType: 'dDocument_Items';
  DocDate: string;
  DocDueDate: string;
  TaxDate: string;
  CardCode: string;
  CardName: string;
  NumAtCard: string | null;
  DocCurrency: string;
  DocRate: number;
  /** In the local currency (B1's DocTotal); DocTotalFc holds the document currency's total when it is foreign. */
  DocTotal: number;
  DocTotalFc: number;
  Comments: string | null;
  DocumentStatus: 'bost_Open' | 'bost_Close';
  Cancelled: 'tNO' | 'tYES';
  PaidToDate: number;
  DocumentLines: Row[];
  DocumentAdditionalExpenses: Row[];
}

/**
 * Column sizes of OINV/INV1 as B1 installations define them: NumAtCard 100, Comments 254, line ItemDescription
 * 100. The metadata carries no MaxLength for them, so every size here is UNVERIFIED.
 */
const MAX_LENGTHS: Record<string, number> = { NumAtCard: 100, Comments: 254 };
const LINE_DESCRIPTION = 100;

/**
 * POST Invoices: an A/R invoice is booked on create (NOTES §3.3: `POST /Orders` with DocumentLines → 201
 * and the full entity; Invoices is the same Document type). B1 numbers it from the document series (DocNum)
 * besides its key DocEntry. A second invoice with the same NumAtCard is accepted: whether B1 can block one
 * is a document setting, UNVERIFIED (NOTES §3.6), so the emulator takes the less convenient side and the
 * client must look first. The business rules' wording is UNVERIFIED, under B1's generic -5002 (NOTES §3.2).
 */
export function postInvoice(body: Row, seed: SapB1Seed, invoices: StoredInvoice[], rateFor: (currency: string, date: string) => number): StoredInvoice {
  const parts = documentParts(body, seed, rateFor);
  const docEntry = (invoices.at(-1)?.DocEntry ?? 0) + 1;
  const invoice: StoredInvoice = { DocEntry: docEntry, DocNum: 40_000 + docEntry, ...parts };
  invoices.push(invoice);
  return invoice;
}

/** A marketing document (EntityType Document) as stored, before the set it goes to numbers it. */
export type DocumentParts = Omit<StoredInvoice, 'DocEntry' | 'DocNum'>;

/**
 * The header and lines of a marketing document (an invoice or a credit note: both EntityType Document),
 * checked as B1 checks them. Item lines get RemainingOpenQuantity, what a later copy to a credit note can
 * still take (ComplexType DocumentLine).
 */
export function documentParts(body: Row, seed: SapB1Seed, rateFor: (currency: string, date: string) => number): DocumentParts {
  const date = dateOf(body.DocDate);
  if (!date) throw businessError('Enter a posting date (DocDate).');
  for (const [field, max] of Object.entries(MAX_LENGTHS)) {
    const v = body[field];
    if (typeof v === 'string' && v.length > max) throw businessError(`Value too long in property '${field}' of 'Document' (${v.length} > ${max}).`);
  }
  const cardCode = String(body.CardCode ?? '');
  const bp = seed.businessPartners.find((b) => b.CardCode === cardCode);
  if (!bp) throw businessError(`Invalid BP code '${cardCode}'.`);
  if (bp.CardType !== 'cCustomer') throw businessError(`Business partner '${cardCode}' is not a customer; an A/R document needs a customer.`);
  if (bp.Frozen === 'tYES') throw businessError(`Business partner '${cardCode}' is inactive.`);
  const currency = typeof body.DocCurrency === 'string' && body.DocCurrency ? body.DocCurrency : bp.Currency === '##' ? seed.localCurrency : bp.Currency;
  if (!seed.currencies.includes(currency)) throw businessError(`Currency '${currency}' is not defined.`);
  if (bp.Currency !== '##' && bp.Currency !== currency) throw businessError(`Business partner '${cardCode}' is kept in ${bp.Currency}; a document in ${currency} needs an all-currencies (##) partner.`);
  const rate = rateFor(currency, date);
  const lines = Array.isArray(body.DocumentLines) ? (body.DocumentLines as Row[]) : [];
  if (lines.length === 0) throw businessError('A document needs at least one line (DocumentLines).');
  let total = 0;
  const stored = lines.map((line, i) => {
    const where = `line ${i + 1}`;
    const code = String(line.ItemCode ?? '');
    const item = seed.items.find((it) => it.ItemCode === code);
    if (!item) throw businessError(`Invalid item code '${code}' (${where}).`);
    if (item.SalesItem !== 'tYES') throw businessError(`Item '${code}' is not a sales item (${where}).`);
    if (item.Frozen === 'tYES') throw businessError(`Item '${code}' is inactive (${where}).`);
    const quantity = num(line.Quantity);
    if (!(quantity > 0)) throw businessError(`Enter a quantity above zero (${where}).`);
    const description = line.ItemDescription;
    if (typeof description === 'string' && description.length > LINE_DESCRIPTION) throw businessError(`Value too long in property 'ItemDescription' of 'DocumentLine' (${where}).`);
    const price = num(line.UnitPrice ?? line.Price);
    const lineTotal = round2(quantity * price);
    const tax = lineTax(line, 'TaxTotal', where, seed);
    total += Math.round(lineTotal * 100) + Math.round(tax.TaxTotal * 100);
    const base = typeof line.BaseType === 'number' ? { BaseType: line.BaseType, BaseEntry: line.BaseEntry, BaseLine: line.BaseLine } : {};
    // A return reason must be one of the company's (that B1 refuses another is UNVERIFIED, and its wording).
    if (line.ReturnReason !== undefined && !(seed.returnReasons ?? []).some((r) => r.Code === line.ReturnReason)) throw businessError(`Invalid return reason ${String(line.ReturnReason)} (${where}).`);
    const reason = line.ReturnReason !== undefined ? { ReturnReason: line.ReturnReason } : {};
    const warehouse = line.WarehouseCode !== undefined ? { WarehouseCode: lineWarehouse(line.WarehouseCode, seed, where) } : {};
    return {
      LineNum: i, ItemCode: code, ItemDescription: typeof description === 'string' ? description : item.ItemName, Quantity: quantity, UnitPrice: price, Price: price, Currency: currency,
      LineTotal: lineTotal, ...tax, RemainingOpenQuantity: quantity, ...base, ...reason, ...warehouse,
    };
  });
  const expenses = (Array.isArray(body.DocumentAdditionalExpenses) ? (body.DocumentAdditionalExpenses as Row[]) : []).map((e, i) => {
    const where = `additional expense ${i + 1}`;
    const code = e.ExpenseCode;
    if (!(seed.freightCodes ?? []).some((f) => f.ExpensCode === code)) throw businessError(`Invalid freight code '${String(code)}' (${where}).`);
    const lineTotal = round2(num(e.LineTotal));
    const { TaxTotal, ...tax } = lineTax(e, 'TaxSum', where, seed);
    total += Math.round(lineTotal * 100) + Math.round(TaxTotal * 100);
    const base = typeof e.BaseDocType === 'number' ? { BaseDocType: e.BaseDocType, BaseDocEntry: e.BaseDocEntry, BaseDocLine: e.BaseDocLine } : {};
    return { LineNum: i, ExpenseCode: code, LineTotal: lineTotal, ...(typeof e.Remarks === 'string' ? { Remarks: e.Remarks } : {}), ...tax, TaxSum: TaxTotal, ...base };
  });
  const docTotal = total / 100;
  const local = currency === seed.localCurrency;
  return {
    DocType: 'dDocument_Items', DocDate: date, DocDueDate: dateOf(body.DocDueDate) ?? date, TaxDate: dateOf(body.TaxDate) ?? date,
    CardCode: cardCode, CardName: bp.CardName, NumAtCard: typeof body.NumAtCard === 'string' ? body.NumAtCard : null,
    DocCurrency: currency, DocRate: rate, DocTotal: local ? docTotal : round2(docTotal * rate), DocTotalFc: local ? 0 : docTotal,
    Comments: typeof body.Comments === 'string' ? body.Comments : null, DocumentStatus: 'bost_Open', Cancelled: 'tNO', PaidToDate: 0,
    DocumentLines: stored,
    DocumentAdditionalExpenses: expenses,
  };
}

/**
 * A line's WarehouseCode (edmx DocumentLine.WarehouseCode) must name one of the company's warehouses (edmx
 * EntitySet Warehouses, key WarehouseCode), as on sales orders (emulator-orders.ts); the wording is
 * UNVERIFIED (B1's generic -5002, NOTES §3.2). That B1 also refuses an Inactive = tYES warehouse on a line is
 * UNVERIFIED: the edmx shows the flag only; the emulator refuses it, the stricter reading.
 */
export function lineWarehouse(code: unknown, seed: SapB1Seed, where: string): string {
  const w = seed.warehouses.find((x) => x.WarehouseCode === code);
  if (!w) throw businessError(`Invalid warehouse code '${String(code)}' (${where}).`);
  if (w.Inactive === 'tYES') throw businessError(`Warehouse '${w.WarehouseCode}' is inactive (${where}).`);
  return w.WarehouseCode;
}

/**
 * A line's tax: its TaxCode must be one of the company's, and the amount sent (TaxTotal on a line, TaxSum on an
 * additional expense) is kept as given,
 * which is how the emulator takes Amazon's amount (whether B1 keeps or recalculates it is UNVERIFIED).
 */
function lineTax(line: Row, field: 'TaxTotal' | 'TaxSum', where: string, seed: SapB1Seed): { TaxCode?: string; TaxTotal: number } {
  if (line.TaxCode === undefined) return { TaxTotal: 0 };
  const code = String(line.TaxCode);
  if (!(seed.taxCodes ?? []).some((t) => t.Code === code)) throw businessError(`Invalid tax code '${code}' (${where}).`);
  return { TaxCode: code, TaxTotal: round2(num(line[field])) };
}

function dateOf(v: unknown): string | null {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
}
export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
