import type { Clock } from '../../clock/clock';
import { currencyExponent, isKnownCurrency, type Exponent } from '../../money';
import { inRounds } from '../create-once';
import { payoutTotal, type FoundDocument, type PostResult, type SettlementPaymentDocument } from '../erp-connector';
import { ErpError } from '../erp-error';
import type { HttpRequest, HttpResponse } from '../http-client';
import { decimalToMinor, minorToWireNumber } from '../wire-decimal';
import { fieldErrorsIn } from './errors';
import { odataString } from '../odata';

type Wrapped = Record<string, { value?: unknown } | unknown>;
const SYSTEM = 'acumatica';

/**
 * PaymentRef (ARPayment.ExtRefNbr) carries our natural key, what the look-up filters on; Description the
 * words a person reads. Their sizes, 40 and 256, are Acumatica's usual columns, UNVERIFIED: the swagger
 * gives no maxLength.
 */
const PAYMENT_REF_LENGTH = 40;
const DESCRIPTION_LENGTH = 256;

/** An AR document as the payment reads it before applying to it; balance in minor units of its currency. */
export interface ArDocument { type: string; referenceNbr: string; customer: string; status: string; currency: string; balance: number }
/** A payment as read back. */
export interface ArPayment { id: string; referenceNbr: string; status: string }

/** What the payout needs of the connector: its calls under the version-locked root and the release's polling. */
export interface PayoutPort {
  root: string;
  call(req: HttpRequest): Promise<HttpResponse>;
  getList(entity: string, query: string, signal?: AbortSignal): Promise<Wrapped[]>;
  getAll(entity: string, query: string, signal?: AbortSignal): Promise<Wrapped[]>;
  /** POST an action and poll its Location until it is done (202 + Location, NOTES §4.3). */
  runAction(req: HttpRequest): Promise<unknown>;
  valueOf(row: Wrapped, field: string): unknown;
  clock: Clock;
  settleMs: number;
}

/** Released: Open while part of it is unapplied, Closed once all of it is applied (as invoices). */
const released = (status: string) => status === 'Open' || status === 'Closed';

/**
 * A settlement's payout in Acumatica: one AR Payment (swagger Payment: Type, CustomerID, CashAccount,
 * CurrencyID, ApplicationDate, PaymentAmount, PaymentRef, Description, Hold, DocumentsToApply of
 * PaymentDetail: DocType, ReferenceNbr, AmountPaid) applied to the settlement's invoices and the open
 * credit memos of its refunds, released by ReleasePayment (swagger /Payment/ReleasePayment, body
 * {entity}; 202 + Location as every release, NOTES §4.3). Exactly once as invoices are: the payment is
 * looked up by PaymentRef before creating and after any unknown outcome; one found on hold is taken off
 * hold, one found Balanced is released, one found Open or Closed is done.
 * UNVERIFIED (the swagger shows the fields, not the rules): that CashAccount names a cash account whose
 * ID is the clearing GL account's number (the endpoint has no cash account entity to find it by); that a
 * payment without PaymentMethod takes the customer's default; that a credit memo is applied from a
 * payment's Documents to Apply.
 */
export class AcumaticaPayouts {
  constructor(private readonly p: PayoutPort) {}

  async post(doc: SettlementPaymentDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    if (key.length > PAYMENT_REF_LENGTH) throw refusal(key, `the natural key is longer than the ${PAYMENT_REF_LENGTH} characters of Payment Ref.`);
    return inRounds({ key, settle: { ms: this.p.settleMs, clock: this.p.clock }, ...(signal ? { signal } : {}) }, async (round) => {
      let payment = await this.look(key, signal);
      const existed = payment !== null && round === 0;
      if (!payment) payment = await this.create(doc, signal);
      if (payment.status === 'On Hold') {
        payment = await this.put({ id: payment.id, Type: { value: 'Payment' }, ReferenceNbr: { value: payment.referenceNbr }, Hold: { value: false } }, 'take payment off hold', key, signal);
        if (payment.status === 'On Hold') {
          throw new ErpError(`Payment ${payment.referenceNbr} of payout ${key} stays on hold in Acumatica, so it was not released. Take it off hold there and replay.`, {
            system: SYSTEM, kind: 'validation', operation: 'take payment off hold', document: key, retryable: false,
          });
        }
      }
      if (payment.status === 'Balanced') payment = await this.release(payment, signal);
      return { documentNumber: payment.referenceNbr, alreadyExisted: existed, posted: released(payment.status) };
    });
  }

  async find(key: string, signal?: AbortSignal): Promise<FoundDocument | null> {
    const payment = await this.look(key, signal);
    return payment ? { kind: 'settlementPayment', documentNumber: payment.referenceNbr, state: released(payment.status) ? 'posted' : 'draft' } : null;
  }

  /** The one live payment carrying our key; two are a conflict a person settles. */
  private async look(key: string, signal?: AbortSignal): Promise<ArPayment | null> {
    const filter = `Type eq 'Payment' and PaymentRef eq ${odataString(key)}`;
    const rows = (await this.p.getList('Payment', `$filter=${encodeURIComponent(filter)}&$select=Type,ReferenceNbr,CustomerID,Status,PaymentRef`, signal)).map((r) => this.toPayment(r));
    const live = rows.filter((r) => r.status !== 'Voided');
    if (live.length <= 1) return live[0] ?? null;
    throw new ErpError(`Acumatica holds ${live.length} payments with payment ref. ${key}: ${live.map((r) => `${r.referenceNbr} (${r.status})`).join(', ')}. Nothing was created; void the extra payment in Acumatica, then replay.`, {
      system: SYSTEM, kind: 'conflict', document: key, retryable: false,
    });
  }

  private async create(doc: SettlementPaymentDocument, signal?: AbortSignal): Promise<ArPayment> {
    const key = doc.externalDocumentNumber;
    const body = payoutPaymentBody(doc, await this.documentsOf(doc, signal));
    try {
      return await this.put(body, 'create payment', key, signal);
    } catch (err) {
      const refused = err instanceof ErpError && err.httpStatus === 422 ? fieldErrorsIn(err.erpMessage) : [];
      if (!refused.length) throw err;
      const cash = refused.some((r) => r.includes('Cash Account'))
        ? ` The payment takes the payout off the clearing account through a cash account of the same ID: create cash account ${doc.clearingAccountNumber} over GL account ${doc.clearingAccountNumber} in Acumatica (Cash Accounts), then replay.`
        : '';
      throw new ErpError(`Acumatica refused the payout ${key}: ${refused.join(' ')}${cash}`, {
        system: SYSTEM, kind: 'validation', httpStatus: 422, erpMessage: refused.join(' '), operation: 'create payment', document: key, retryable: false,
      });
    }
  }

  /**
   * The documents the payment names as Acumatica holds them: the customer's open AR documents in one paged
   * read, and each named document not among them read on its own, to say why it cannot be applied.
   */
  private async documentsOf(doc: SettlementPaymentDocument, signal?: AbortSignal): Promise<ArDocument[]> {
    const select = '$select=Type,ReferenceNbr,CustomerID,Status,Balance,Currency';
    const open = await this.p.getAll('SalesInvoice', `$filter=${encodeURIComponent(`CustomerID eq ${odataString(doc.customerNumber)} and Status eq 'Open'`)}&${select}`, signal);
    const docs = open.map((r) => this.toDocument(r, doc.currency));
    for (const a of doc.applications) {
      const type = a.kind === 'invoice' ? 'Invoice' : 'Credit Memo';
      if (docs.some((d) => d.type === type && d.referenceNbr === a.documentNumber)) continue;
      const rows = await this.p.getList('SalesInvoice', `$filter=${encodeURIComponent(`Type eq ${odataString(type)} and ReferenceNbr eq ${odataString(a.documentNumber)}`)}&${select}`, signal);
      docs.push(...rows.map((r) => this.toDocument(r, doc.currency)));
    }
    return docs;
  }

  private async put(body: Wrapped, operation: string, key: string, signal?: AbortSignal): Promise<ArPayment> {
    const res = await this.p.call({ operation, method: 'PUT', url: `${this.p.root}/Payment`, body, auditRequest: { document: key }, ...(signal ? { signal } : {}) });
    return this.toPayment(res.json<Wrapped>());
  }

  private async release(payment: ArPayment, signal?: AbortSignal): Promise<ArPayment> {
    const read = async () => this.toPayment((await this.p.call({ operation: 'read payment', method: 'GET', url: `${this.p.root}/Payment/Payment/${encodeURIComponent(payment.referenceNbr)}`, ...(signal ? { signal } : {}) })).json<Wrapped>());
    try {
      await this.p.runAction({ operation: 'release payment', method: 'POST', url: `${this.p.root}/Payment/ReleasePayment`, body: { entity: { id: payment.id }, parameters: {} }, ...(signal ? { signal } : {}) });
    } catch (err) {
      // Refused because it was released meanwhile (another run, a person in Acumatica): then it is done.
      if (!(err instanceof ErpError) || err.retryable) throw err;
      const now = await read();
      if (released(now.status)) return now;
      throw err;
    }
    return read();
  }

  private toPayment(row: Wrapped): ArPayment {
    return { id: String(row.id), referenceNbr: String(this.p.valueOf(row, 'ReferenceNbr')), status: String(this.p.valueOf(row, 'Status')) };
  }

  private toDocument(row: Wrapped, fallbackCurrency: string): ArDocument {
    const v = (f: string) => this.p.valueOf(row, f);
    const currency = String(v('Currency') ?? fallbackCurrency);
    return { type: String(v('Type')), referenceNbr: String(v('ReferenceNbr')), customer: String(v('CustomerID')), status: String(v('Status')), currency, balance: toMinor(v('Balance'), exponentOr2(currency)) };
  }
}

/**
 * The Payment body. Every document is checked against what Acumatica holds first: another customer's,
 * one in another currency, one not open, or one with less open than is applied refuses the whole payment
 * before anything is sent, naming each, since Acumatica would refuse it and a person must settle it there.
 * A credit memo still open is applied beside the invoices (lowering the payment); one already applied to its
 * invoice (closed) has lowered that invoice's balance, so the invoice's line is paid net of it instead.
 */
export function payoutPaymentBody(doc: SettlementPaymentDocument, docs: readonly ArDocument[]): Wrapped {
  const key = doc.externalDocumentNumber;
  const exp = currencyExponent(doc.currency);
  const find = (type: string, nbr: string) => docs.find((d) => d.type === type && d.referenceNbr === nbr);
  const problems: string[] = [];
  const netOfInvoice = new Map<string, number>();
  for (const a of doc.applications) if (a.kind === 'invoice') netOfInvoice.set(a.documentNumber, (netOfInvoice.get(a.documentNumber) ?? 0) + a.amount);
  const memos: Array<{ type: string; nbr: string; amount: number }> = [];
  for (const a of doc.applications) {
    if (a.kind !== 'creditNote') continue;
    const memo = find('Credit Memo', a.documentNumber);
    if (memo && memo.status === 'Closed' && a.creditsInvoice && netOfInvoice.has(a.creditsInvoice)) {
      netOfInvoice.set(a.creditsInvoice, netOfInvoice.get(a.creditsInvoice)! - a.amount);
      continue;
    }
    const problem = memo ? problemOf(memo, a.amount, doc) : `credit memo ${a.documentNumber} does not exist`;
    if (problem) problems.push(problem);
    memos.push({ type: 'Credit Memo', nbr: a.documentNumber, amount: a.amount });
  }
  const invoices = [...netOfInvoice].filter(([, amount]) => amount > 0).map(([nbr, amount]) => {
    const invoice = find('Invoice', nbr);
    const problem = invoice ? problemOf(invoice, amount, doc) : `invoice ${nbr} does not exist`;
    if (problem) problems.push(problem);
    return { type: 'Invoice', nbr, amount };
  });
  if (problems.length) throw refusal(key, `${problems.join('; ')}. Settle these documents in Acumatica, then replay the payout.`);
  const total = payoutTotal(doc);
  return {
    Type: { value: 'Payment' },
    CustomerID: { value: doc.customerNumber },
    CashAccount: { value: doc.clearingAccountNumber },
    CurrencyID: { value: doc.currency.toUpperCase() },
    ApplicationDate: { value: `${doc.postingDate}T00:00:00` },
    PaymentAmount: { value: minorToWireNumber(total, exp) },
    PaymentRef: { value: key },
    Description: { value: doc.description.slice(0, DESCRIPTION_LENGTH) },
    Hold: { value: false },
    DocumentsToApply: [...invoices, ...memos].map((l) => ({ DocType: { value: l.type }, ReferenceNbr: { value: l.nbr }, AmountPaid: { value: minorToWireNumber(l.amount, exp) } })),
  };
}

function problemOf(d: ArDocument, amount: number, doc: SettlementPaymentDocument): string | null {
  const what = `${d.type === 'Invoice' ? 'invoice' : 'credit memo'} ${d.referenceNbr}`;
  const exp = currencyExponent(doc.currency);
  if (d.customer !== doc.customerNumber) return `${what} belongs to customer ${d.customer}, not ${doc.customerNumber}`;
  if (d.currency !== doc.currency.toUpperCase()) return `${what} is in ${d.currency}, the payout in ${doc.currency}`;
  if (d.status === 'Closed') return `${what} is already closed (paid or applied in Acumatica)`;
  if (d.status !== 'Open') return `${what} is ${d.status}, not released`;
  if (amount > d.balance) return `${what} has ${minorToWireNumber(d.balance, exp)} ${doc.currency} open, less than the ${minorToWireNumber(amount, exp)} the settlement ${d.type === 'Invoice' ? 'pays for it' : 'took back for it'}`;
  return null;
}

/** A refusal before anything is sent. */
function refusal(key: string, what: string): ErpError {
  return new ErpError(`Payout ${key}: ${what} Nothing was sent to Acumatica.`, { system: SYSTEM, kind: 'validation', document: key, retryable: false });
}

function exponentOr2(currency: string): Exponent {
  return isKnownCurrency(currency) ? currencyExponent(currency) : 2;
}

function toMinor(v: unknown, exp: Exponent): number {
  const n = Number(v ?? 0);
  return decimalToMinor(Number.isFinite(n) ? n.toFixed(exp) : '0', exp);
}
