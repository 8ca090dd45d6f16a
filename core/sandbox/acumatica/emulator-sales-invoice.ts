import { randomUUID } from 'node:crypto';
import { decimalToMinor } from '../../erp/wire-decimal';
import { Failure, filter, page, unwrap, wrap, unprocessableRecord, updateHoldOnly, wrapWithErrors } from './emulator-records';
import type { AcumaticaEntity } from './emulator-schema';
import { SEED_BRANCHES, SEED_CURRENCIES, type SeedAccount, type SeedCustomer, type SeedStockItem } from './emulator-seed';

/** An AR invoice or credit memo as the emulator keeps it (swagger SalesInvoice / SalesInvoiceDetail, NOTES §4.3). */
export interface AcumaticaSalesInvoiceRow {
  id: string;
  Type: 'Invoice' | 'Credit Memo';
  ReferenceNbr: string;
  CustomerID: string;
  CustomerOrder: string | null;
  Date: string;
  DueDate: string;
  Description: string | null;
  Currency: string;
  Hold: boolean;
  /** On Hold and Balanced before release; Open once released, Closed when nothing is left of its balance (a payment's or credit memo's release paid it in full). */
  Status: 'On Hold' | 'Balanced' | 'Open' | 'Closed';
  Amount: number;
  Balance: number;
  TaxTotal: number;
  LastModifiedDateTime: string;
  Details: Array<{ LineNbr: number; InventoryID?: string; Account?: string; Qty: number; UnitPrice: number; Amount: number; BranchID: string; TransactionDescr: string }>;
  TaxDetails: Array<{ TaxID: string; TaxableAmount: number; TaxAmount: number }>;
  /** A credit memo's ApplicationsCreditMemo: the invoices it is applied to on release (SalesInvoiceApplicationCreditMemo). */
  Applications: Array<{ DocType: 'Invoice'; ReferenceNbr: string; AmountPaid: number }>;
}

type Fields = Record<AcumaticaEntity, readonly string[]>;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export interface SalesInvoiceBook {
  readonly rows: AcumaticaSalesInvoiceRow[];
  put(fields: Fields, raw: unknown, headers: Record<string, string>): Answer;
  get(fields: Fields, keys: string[], q: URLSearchParams): Answer;
  /** ReleaseSalesInvoice: releases now (the work runs on the server whether or not anyone polls) and says whether it failed. */
  release(raw: unknown): Failure | null;
}

/**
 * AR invoices (SalesInvoice, NOTES §4.3): PUT creates or updates, GET by Type/ReferenceNbr or as a filtered
 * list, ReleaseSalesInvoice moves a Balanced invoice to Open. CustomerOrder is not unique: whether
 * Acumatica can refuse a repeated customer order on an AR invoice is UNVERIFIED (NOTES §4.5 names it a key
 * to look for, not a constraint), so the emulator accepts a repeat and a client must look first. Business
 * refusals are 422 with the error on the field (NOTES §4.7); their wording is UNVERIFIED.
 */
export function salesInvoiceBook(o: { customers: readonly SeedCustomer[]; items: readonly SeedStockItem[]; accounts: readonly SeedAccount[]; taxes: readonly string[]; holdOnEntry: boolean; now: () => string }): SalesInvoiceBook {
  const rows: AcumaticaSalesInvoiceRow[] = [];
  const wrapInvoice = (fields: Fields, r: AcumaticaSalesInvoiceRow, details: boolean) => {
    const out = wrap(fields.SalesInvoice, r as unknown as Record<string, unknown>);
    if (details) out.Details = r.Details.map((d) => wrap(fields.SalesInvoiceDetail, { id: `${r.id}-${d.LineNbr}`, ...d }));
    if (details && r.Type === 'Credit Memo') {
      out.ApplicationsCreditMemo = r.Applications.map((a, i) => wrap(fields.SalesInvoiceApplicationCreditMemo, { id: `${r.id}-A${i + 1}`, ...a, Status: invoiceOf(a.ReferenceNbr)?.Status, Balance: invoiceOf(a.ReferenceNbr)?.Balance }));
    }
    return out;
  };
  const notFound = () => new Failure(500, 'No entity satisfies the condition.', 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');
  const invoiceOf = (nbr: string) => rows.find((r) => r.Type === 'Invoice' && r.ReferenceNbr === nbr);

  function put(fields: Fields, raw: unknown, h: Record<string, string>): Answer {
    const { TaxDetails: rawTaxes, ApplicationsCreditMemo: rawApplications, ...rest } = (raw ?? {}) as Record<string, unknown>;
    const rec = unwrap(fields.SalesInvoice, 'SalesInvoice', rest);
    const applications = Array.isArray(rawApplications) ? rawApplications.map((a) => unwrap(fields.SalesInvoiceApplicationCreditMemo, 'SalesInvoiceApplicationCreditMemo', a)) : [];
    const taxDetails = Array.isArray(rawTaxes) ? rawTaxes.map((t) => unwrap(fields.SalesInvoiceTaxDetail, 'SalesInvoiceTaxDetail', t)) : [];
    const details = Array.isArray((raw as Record<string, unknown>).Details) ? ((raw as Record<string, unknown>).Details as unknown[]).map((d) => unwrap(fields.SalesInvoiceDetail, 'SalesInvoiceDetail', d)) : [];
    const id = (raw as { id?: unknown }).id;
    const existing = rows.find((r) => (typeof id === 'string' && r.id === id) || (rec.ReferenceNbr !== undefined && r.ReferenceNbr === rec.ReferenceNbr));
    if (existing && h['if-none-match'] === '*') throw new Failure(412, 'The header If-None-Match specifies that the entity has to be inserted but an entity with these keys already exists.', 'PX.Api.ContractBased.EntityAlreadyExistsException');
    if (existing) return update(fields, existing, rec, details.length + applications.length);
    const errors: Record<string, string> = {};
    const type = rec.Type ?? 'Invoice';
    if (type !== 'Invoice' && type !== 'Credit Memo') errors.Type = `'Type' ${String(type)} is not an AR invoice or credit memo type this emulator keeps.`;
    if (type !== 'Credit Memo' && applications.length) errors.ApplicationsCreditMemo = 'Only a credit memo is applied to documents here.';
    const customer = o.customers.find((c) => c.CustomerID === rec.CustomerID);
    if (!customer) errors.CustomerID = `'Customer' cannot be found in the system.`;
    else if (customer.Status !== 'Active') errors.CustomerID = `The customer status is '${customer.Status}'.`;
    const currency = String(rec.Currency ?? customer?.CurrencyID ?? 'USD');
    const precision = SEED_CURRENCIES.find((c) => c.CurrencyID === currency)?.DecimalPrecision;
    if (precision === undefined) errors.Currency = `'Currency' cannot be found in the system.`;
    if (!details.length) errors.Details = 'The document has no lines.';
    const unknownTax = taxDetails.find((t) => !o.taxes.includes(String(t.TaxID)));
    if (unknownTax) errors.TaxDetails = `'Tax ID' ${String(unknownTax.TaxID)} cannot be found in the system.`;
    const lineErrors = details.map((d) => {
      const e: Record<string, string> = {};
      if (d.InventoryID === undefined && d.Account !== undefined) {
        // A line without an inventory item books to its account (UNVERIFIED: the wording of the refusal).
        const account = o.accounts.find((a) => a.AccountCD === d.Account);
        if (!account) e.Account = `'Account' cannot be found in the system.`;
        else if (!account.Active) e.Account = `The account '${account.AccountCD}' is inactive.`;
      } else {
        const item = o.items.find((i) => i.InventoryID === d.InventoryID);
        if (!item) e.InventoryID = `'Inventory ID' cannot be found in the system.`;
        else if (item.ItemStatus !== 'Active') e.InventoryID = `The status of the '${item.InventoryID}' item is '${item.ItemStatus}'.`;
      }
      if (!(Number(d.Qty) > 0)) e.Qty = 'The quantity must be greater than 0.';
      if (d.BranchID !== undefined && !SEED_BRANCHES.includes(d.BranchID as (typeof SEED_BRANCHES)[number])) e.BranchID = `'Branch' cannot be found in the system.`;
      return e;
    });
    const refused = unprocessableRecord(rec, errors, details, lineErrors);
    if (refused) return refused;
    const exp = precision as 0 | 2 | 3;
    const lines = details.map((d, i) => {
      const qty = Number(d.Qty);
      const price = Number(d.UnitPrice ?? 0);
      // Amount in minor units first, so the total is exact.
      const amount = Math.round(qty * decimalToMinor(price, exp));
      return { LineNbr: i + 1, ...(d.InventoryID !== undefined ? { InventoryID: String(d.InventoryID) } : { Account: String(d.Account) }), Qty: qty, UnitPrice: price, Amount: amount / 10 ** exp, BranchID: String(d.BranchID ?? SEED_BRANCHES[0]), TransactionDescr: String(d.TransactionDescr ?? d.Description ?? '') };
    });
    const taxes = taxDetails.map((t) => ({ TaxID: String(t.TaxID), TaxableAmount: Number(t.TaxableAmount ?? 0), TaxAmount: Number(t.TaxAmount ?? 0) }));
    const tax = taxes.reduce((s, t) => s + decimalToMinor(t.TaxAmount, exp), 0);
    const total = (lines.reduce((s, l) => s + decimalToMinor(l.Amount, exp), 0) + tax) / 10 ** exp;
    // A credit memo's applications: released invoices of its customer and currency, no more than each has open nor than the memo comes to (wording UNVERIFIED).
    const applied = applications.map((a) => ({ DocType: 'Invoice' as const, ReferenceNbr: String(a.ReferenceNbr ?? ''), AmountPaid: Number(a.AmountPaid ?? 0) }));
    const applicationError = applied.map((a) => {
      const inv = invoiceOf(a.ReferenceNbr);
      if (!inv) return `The invoice ${a.ReferenceNbr} cannot be found in the system.`;
      if (inv.CustomerID !== rec.CustomerID || inv.Currency !== currency) return `The invoice ${a.ReferenceNbr} belongs to another customer or currency.`;
      if (inv.Status !== 'Open') return `The invoice ${a.ReferenceNbr} is ${inv.Status} and cannot be adjusted.`;
      if (!(a.AmountPaid > 0) || decimalToMinor(a.AmountPaid, exp) > decimalToMinor(inv.Balance, exp)) return `The amount paid on ${a.ReferenceNbr} cannot exceed its balance (${inv.Balance}).`;
      return null;
    }).find((e) => e !== null) ?? (applied.reduce((s, a) => s + decimalToMinor(a.AmountPaid, exp), 0) > Math.round(total * 10 ** exp) ? 'The applications come to more than the credit memo.' : null);
    if (applicationError) return { status: 422, body: wrapWithErrors({ ...rec }, { ApplicationsCreditMemo: applicationError }) };
    const hold = o.holdOnEntry || rec.Hold === undefined || Boolean(rec.Hold);
    const date = String(rec.Date ?? o.now()).slice(0, 10);
    const prefix = type === 'Invoice' ? 'AR' : 'CM';
    const row: AcumaticaSalesInvoiceRow = {
      id: randomUUID(), Type: type as AcumaticaSalesInvoiceRow['Type'], ReferenceNbr: `${prefix}${String(rows.filter((r) => r.Type === type).length + 1).padStart(6, '0')}`, CustomerID: String(rec.CustomerID),
      CustomerOrder: typeof rec.CustomerOrder === 'string' ? rec.CustomerOrder : null, Date: date, DueDate: String(rec.DueDate ?? date).slice(0, 10),
      Description: typeof rec.Description === 'string' ? rec.Description : null, Currency: currency, Hold: hold, Status: hold ? 'On Hold' : 'Balanced',
      Amount: total, Balance: total, TaxTotal: tax / 10 ** exp, LastModifiedDateTime: o.now(), Details: lines, TaxDetails: taxes, Applications: applied,
    };
    rows.push(row);
    return { status: 200, body: wrapInvoice(fields, row, true) };
  }

  /** Only Hold may change, as for journals: what a client needs to release an invoice left on hold. */
  function update(fields: Fields, r: AcumaticaSalesInvoiceRow, rec: Record<string, unknown>, detailCount: number): Answer {
    updateHoldOnly(r, rec, detailCount ? ['Details'] : [], { article: 'an', noun: 'invoice' }, o.now);
    return { status: 200, body: wrapInvoice(fields, r, true) };
  }


  function get(fields: Fields, keys: string[], q: URLSearchParams): Answer {
    const details = q.get('$expand') === 'Details';
    if (keys.length === 2) {
      const r = rows.find((x) => x.Type === keys[0] && x.ReferenceNbr === keys[1]);
      if (!r) throw notFound();
      return { status: 200, body: wrapInvoice(fields, r, details) };
    }
    const found = page(filter(rows as unknown as Array<Record<string, unknown>>, q.get('$filter')), q) as unknown as AcumaticaSalesInvoiceRow[];
    return { status: 200, body: found.map((r) => wrapInvoice(fields, r, details)) };
  }

  function release(raw: unknown): Failure | null {
    const e = ((raw as { entity?: Record<string, unknown> }).entity ?? {}) as Record<string, { value?: unknown } | string>;
    const id = typeof e.id === 'string' ? e.id : undefined;
    const nbr = (e.ReferenceNbr as { value?: unknown } | undefined)?.value;
    const r = rows.find((x) => (id && x.id === id) || x.ReferenceNbr === nbr);
    if (!r) throw notFound();
    if (r.Status === 'Open' || r.Status === 'Closed') return new Failure(500, `The document ${r.ReferenceNbr} has been released already.`);
    if (r.Hold) return new Failure(500, `The document ${r.ReferenceNbr} is on hold and cannot be released.`);
    // A credit memo's applications take effect now; one whose invoice has less open since is refused, nothing applied.
    const exp = (SEED_CURRENCIES.find((c) => c.CurrencyID === r.Currency)?.DecimalPrecision ?? 2) as 0 | 2 | 3;
    const invoicesOf = r.Applications.map((a) => ({ a, inv: invoiceOf(a.ReferenceNbr) }));
    const short = invoicesOf.find(({ a, inv }) => !inv || inv.Status !== 'Open' || decimalToMinor(a.AmountPaid, exp) > decimalToMinor(inv.Balance, exp));
    if (short) return new Failure(500, `The amount paid on ${short.a.ReferenceNbr} exceeds its balance; the credit memo ${r.ReferenceNbr} cannot be released.`);
    let left = decimalToMinor(r.Balance, exp);
    for (const { a, inv } of invoicesOf) {
      const paid = decimalToMinor(a.AmountPaid, exp);
      const balance = decimalToMinor(inv!.Balance, exp) - paid;
      inv!.Balance = balance / 10 ** exp;
      if (balance === 0) inv!.Status = 'Closed';
      inv!.LastModifiedDateTime = o.now();
      left -= paid;
    }
    r.Balance = left / 10 ** exp;
    r.Status = left === 0 ? 'Closed' : 'Open';
    r.LastModifiedDateTime = o.now();
    return null;
  }

  return { rows, put, get, release };
}
