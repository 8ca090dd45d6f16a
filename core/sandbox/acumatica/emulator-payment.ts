import { randomUUID } from 'node:crypto';
import { decimalToMinor } from '../../erp/wire-decimal';
import { Failure, filter, page, unwrap, wrap, wrapWithErrors, updateHoldOnly } from './emulator-records';
import type { AcumaticaEntity } from './emulator-schema';
import { SEED_CURRENCIES, type SeedCustomer } from './emulator-seed';

/** An open AR document a payment can apply to, as the invoice book (and any other AR book) keeps it. */
export interface ArDocumentRow {
  Type: string;
  ReferenceNbr: string;
  CustomerID: string;
  Currency: string;
  /** Open once released; Closed when its balance reaches zero. */
  Status: string;
  Balance: number;
  LastModifiedDateTime: string;
}

/** One application of a payment (swagger PaymentDetail: DocType, ReferenceNbr, AmountPaid). */
export interface AcumaticaPaymentApplication { DocType: string; ReferenceNbr: string; AmountPaid: number }

/** An AR payment as the emulator keeps it (swagger Payment). */
export interface AcumaticaPaymentRow {
  id: string;
  Type: 'Payment';
  ReferenceNbr: string;
  CustomerID: string;
  CashAccount: string;
  PaymentMethod: string | null;
  CurrencyID: string;
  ApplicationDate: string;
  PaymentAmount: number;
  PaymentRef: string | null;
  Description: string | null;
  Hold: boolean;
  /** On Hold, Balanced before release; Open (a balance left unapplied) or Closed once released. */
  Status: 'On Hold' | 'Balanced' | 'Open' | 'Closed';
  AppliedToDocuments: number;
  AvailableBalance: number;
  LastModifiedDateTime: string;
  DocumentsToApply: AcumaticaPaymentApplication[];
}

/**
 * The demo tenant's cash accounts a payment may name (CashAccount): one over the Amazon clearing GL account,
 * under the same ID. The Default endpoint has no cash account entity to read them from.
 */
export const SEED_CASH_ACCOUNTS: readonly string[] = ['10200'];

/** Document types a payment applies to; a credit memo's application lowers what the payment pays. */
const APPLICABLE = ['Invoice', 'Debit Memo', 'Credit Memo'];

type Fields = Record<AcumaticaEntity, readonly string[]>;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export interface PaymentBook {
  readonly rows: AcumaticaPaymentRow[];
  put(fields: Fields, raw: unknown, headers: Record<string, string>): Answer;
  get(fields: Fields, keys: string[], q: URLSearchParams): Answer;
  /** ReleasePayment: applies the payment now and says whether it failed. */
  release(raw: unknown): Failure | null;
}

/**
 * AR payments (Payment with DocumentsToApply, NOTES §4.3 "/Payment + /Payment/ReleasePayment"): PUT creates
 * a payment applied to open AR documents of its customer, ReleasePayment applies it (balances fall,
 * a document paid in full closes). Refusals are 422 with the error on the field, as for invoices; their
 * wording, that a credit memo is applied from a payment's Documents to Apply, and that a release checks
 * each balance again are UNVERIFIED (the swagger shows the fields, not the rules).
 */
export function paymentBook(o: { customers: readonly SeedCustomer[]; cashAccounts: readonly string[]; documents: () => readonly ArDocumentRow[]; holdOnEntry: boolean; now: () => string }): PaymentBook {
  const rows: AcumaticaPaymentRow[] = [];
  const notFound = () => new Failure(500, 'No entity satisfies the condition.', 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');
  const wrapPayment = (fields: Fields, r: AcumaticaPaymentRow, details: boolean) => {
    const out = wrap(fields.Payment, r as unknown as Record<string, unknown>);
    if (details) out.DocumentsToApply = r.DocumentsToApply.map((d, i) => wrap(fields.PaymentDetail, { id: `${r.id}-${i + 1}`, ...d }));
    return out;
  };
  const exponentOf = (currency: string) => SEED_CURRENCIES.find((c) => c.CurrencyID === currency)?.DecimalPrecision;
  const findDocument = (type: string, nbr: string) => o.documents().find((d) => d.Type === type && d.ReferenceNbr === nbr);
  /** What an application moves: a credit memo's is given back, so it counts against the payment. */
  const signed = (a: AcumaticaPaymentApplication, exp: 0 | 2 | 3) => (a.DocType === 'Credit Memo' ? -1 : 1) * decimalToMinor(a.AmountPaid, exp);

  function problemOf(a: AcumaticaPaymentApplication, customer: string, currency: string, exp: 0 | 2 | 3): Record<string, string> {
    if (!APPLICABLE.includes(a.DocType)) return { DocType: `'Doc. Type' cannot be ${a.DocType}.` };
    const d = findDocument(a.DocType, a.ReferenceNbr);
    if (!d || d.CustomerID !== customer) return { ReferenceNbr: `'Reference Nbr.' cannot be found in the system.` };
    if (d.Status === 'Closed') return { ReferenceNbr: `The document ${a.DocType} ${a.ReferenceNbr} is closed.` };
    if (d.Status !== 'Open') return { ReferenceNbr: `The document ${a.DocType} ${a.ReferenceNbr} has not been released.` };
    if (d.Currency !== currency) return { ReferenceNbr: `The document ${a.DocType} ${a.ReferenceNbr} is in ${d.Currency}, the payment in ${currency}.` };
    if (!(a.AmountPaid > 0)) return { AmountPaid: 'The amount paid must be greater than 0.' };
    if (decimalToMinor(a.AmountPaid, exp) > decimalToMinor(d.Balance, exp)) return { AmountPaid: `The amount paid cannot exceed the balance of the document (${d.Balance}).` };
    return {};
  }

  function put(fields: Fields, raw: unknown, h: Record<string, string>): Answer {
    const { DocumentsToApply: rawApps, ...rest } = (raw ?? {}) as Record<string, unknown>;
    const rec = unwrap(fields.Payment, 'Payment', rest);
    const apps = Array.isArray(rawApps) ? rawApps.map((d) => unwrap(fields.PaymentDetail, 'PaymentDetail', d)) : [];
    const id = (raw as { id?: unknown }).id;
    const existing = rows.find((r) => (typeof id === 'string' && r.id === id) || (rec.ReferenceNbr !== undefined && r.ReferenceNbr === rec.ReferenceNbr));
    if (existing && h['if-none-match'] === '*') throw new Failure(412, 'The header If-None-Match specifies that the entity has to be inserted but an entity with these keys already exists.', 'PX.Api.ContractBased.EntityAlreadyExistsException');
    if (existing) return update(fields, existing, rec, apps.length);
    const errors: Record<string, string> = {};
    if (rec.Type !== undefined && rec.Type !== 'Payment') errors.Type = `This emulator keeps payments of type Payment, not ${String(rec.Type)}.`;
    const customer = o.customers.find((c) => c.CustomerID === rec.CustomerID);
    if (!customer) errors.CustomerID = `'Customer' cannot be found in the system.`;
    else if (customer.Status !== 'Active') errors.CustomerID = `The customer status is '${customer.Status}'.`;
    if (!o.cashAccounts.includes(String(rec.CashAccount))) errors.CashAccount = `'Cash Account' cannot be found in the system.`;
    const currency = String(rec.CurrencyID ?? customer?.CurrencyID ?? 'USD');
    const exp = exponentOf(currency);
    if (exp === undefined) errors.CurrencyID = `'Currency' cannot be found in the system.`;
    if (!(Number(rec.PaymentAmount) > 0)) errors.PaymentAmount = 'The payment amount must be greater than 0.';
    const applications = apps.map((a): AcumaticaPaymentApplication => ({ DocType: String(a.DocType ?? 'Invoice'), ReferenceNbr: String(a.ReferenceNbr ?? ''), AmountPaid: Number(a.AmountPaid ?? 0) }));
    const appErrors = applications.map((a) => (exp === undefined ? {} : problemOf(a, String(rec.CustomerID), currency, exp)));
    const e = (exp ?? 2) as 0 | 2 | 3;
    const amount = Number(rec.PaymentAmount) > 0 ? decimalToMinor(Number(rec.PaymentAmount), e) : 0;
    const applied = applications.reduce((s, a) => s + signed(a, e), 0);
    if (!errors.PaymentAmount && applied > amount) errors.PaymentAmount = `The document is out of balance: ${applied / 10 ** e} is applied, more than the payment amount.`;
    if (Object.keys(errors).length || appErrors.some((x) => Object.keys(x).length)) {
      const body = wrapWithErrors({ ...rec }, errors) as Record<string, unknown>;
      body.DocumentsToApply = applications.map((a, i) => wrapWithErrors({ ...a }, appErrors[i]!));
      return { status: 422, body };
    }
    const hold = o.holdOnEntry || rec.Hold === undefined || Boolean(rec.Hold);
    const date = String(rec.ApplicationDate ?? o.now()).slice(0, 10);
    const row: AcumaticaPaymentRow = {
      id: randomUUID(), Type: 'Payment', ReferenceNbr: String(rows.length + 1).padStart(6, '0'), CustomerID: String(rec.CustomerID), CashAccount: String(rec.CashAccount),
      PaymentMethod: typeof rec.PaymentMethod === 'string' ? rec.PaymentMethod : null, CurrencyID: currency, ApplicationDate: date, PaymentAmount: amount / 10 ** e,
      PaymentRef: typeof rec.PaymentRef === 'string' ? rec.PaymentRef : null, Description: typeof rec.Description === 'string' ? rec.Description : null,
      Hold: hold, Status: hold ? 'On Hold' : 'Balanced', AppliedToDocuments: applied / 10 ** e, AvailableBalance: (amount - applied) / 10 ** e, LastModifiedDateTime: o.now(),
      DocumentsToApply: applications,
    };
    rows.push(row);
    return { status: 200, body: wrapPayment(fields, row, true) };
  }

  /** Only Hold may change, as for invoices: what a client needs to release a payment left on hold. */
  function update(fields: Fields, r: AcumaticaPaymentRow, rec: Record<string, unknown>, appCount: number): Answer {
    updateHoldOnly(r, rec, appCount ? ['DocumentsToApply'] : [], { article: 'a', noun: 'payment' }, o.now);
    return { status: 200, body: wrapPayment(fields, r, true) };
  }


  function get(fields: Fields, keys: string[], q: URLSearchParams): Answer {
    const details = (q.get('$expand') ?? '').split(',').includes('DocumentsToApply');
    if (keys.length === 2) {
      const r = rows.find((x) => x.Type === keys[0] && x.ReferenceNbr === keys[1]);
      if (!r) throw notFound();
      return { status: 200, body: wrapPayment(fields, r, details) };
    }
    const found = page(filter(rows as unknown as Array<Record<string, unknown>>, q.get('$filter')), q) as unknown as AcumaticaPaymentRow[];
    return { status: 200, body: found.map((r) => wrapPayment(fields, r, details)) };
  }

  function release(raw: unknown): Failure | null {
    const e = ((raw as { entity?: Record<string, unknown> }).entity ?? {}) as Record<string, { value?: unknown } | string>;
    const id = typeof e.id === 'string' ? e.id : undefined;
    const nbr = (e.ReferenceNbr as { value?: unknown } | undefined)?.value;
    const r = rows.find((x) => (id && x.id === id) || x.ReferenceNbr === nbr);
    if (!r) throw notFound();
    if (r.Status === 'Open' || r.Status === 'Closed') return new Failure(500, `The payment ${r.ReferenceNbr} has been released already.`);
    if (r.Hold) return new Failure(500, `The payment ${r.ReferenceNbr} is on hold and cannot be released.`);
    const exp = (exponentOf(r.CurrencyID) ?? 2) as 0 | 2 | 3;
    // A document paid or credited since the payment was entered refuses the release as a whole.
    for (const a of r.DocumentsToApply) {
      const problem = Object.values(problemOf(a, r.CustomerID, r.CurrencyID, exp))[0];
      if (problem) return new Failure(500, `The payment ${r.ReferenceNbr} cannot be released: ${problem}`);
    }
    for (const a of r.DocumentsToApply) {
      const d = findDocument(a.DocType, a.ReferenceNbr)!;
      const left = decimalToMinor(d.Balance, exp) - decimalToMinor(a.AmountPaid, exp);
      d.Balance = left / 10 ** exp;
      if (left === 0) d.Status = 'Closed';
      d.LastModifiedDateTime = o.now();
    }
    r.Status = decimalToMinor(r.AvailableBalance, exp) > 0 ? 'Open' : 'Closed';
    r.LastModifiedDateTime = o.now();
    return null;
  }

  return { rows, put, get, release };
}
