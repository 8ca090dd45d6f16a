import type { Clock } from '../../clock/clock';
import { currencyExponent } from '../../money/currency';
import { createOnce, inRounds } from '../create-once';
import type { FoundDocument, PostResult, SettlementPaymentDocument } from '../erp-connector';
import { ErpError } from '../erp-error';
import type { ErpHttpClient } from '../http-client';
import { changesetError, sendMultipartBatch } from '../multipart-batch';
import { odataString } from '../odata';
import { minorToWireNumber } from '../wire-decimal';
import { classifyFoError, isDuplicateLine } from './errors';

const SYSTEM = 'd365fo';
/** F&O's usual size of a journal line's text (LedgerJournalTrans.Txt), UNVERIFIED as the kind's other lengths. */
const TEXT_LENGTH = 60;

/** A free-text invoice (or credit note) as the payout reads it: posted, its customer, currency and invoice number. */
export interface FreeTextDocument { FreeTextNumber: string; CustomerAccount: string; CurrencyCode: string; InvoiceId: string; IsPosted: string }
interface PaymentHeader { dataAreaId: string; JournalBatchNumber: string; Description: string; IsPosted: string }

export interface FoPayoutPort {
  root: string;
  area: string;
  /** The customer payment journal name new journals take (the connection's setting). */
  journalName: string;
  /** The clearing account as F&O reads a ledger account (its display value). */
  offsetAccount: (mainAccount: string) => string;
  http: ErpHttpClient;
  clock: Clock;
  list<T>(set: string, filter: string, signal?: AbortSignal): Promise<T[]>;
}

/**
 * A settlement's payout in F&O as a customer payment journal (BALFO receivable spec: CustomerPaymentJournal
 * Headers with JournalName and Description, which holds our natural key as the settlement journal's does;
 * CustomerPaymentJournalLines). One line per document against the marketplace customer (AccountType Cust),
 * offset to the clearing main account (OffsetAccountType Ledger), marking the document it settles
 * (MarkedInvoice, MarkedInvoiceCompany): an invoice's line credits the customer, a credit note's debits it.
 * Like every journal it waits for a person to post it in F&O (NOTES §2.3: no posting action), so the result
 * is posted: false and findByNaturalKey reads IsPosted. Exactly once as settlement journals are: the header
 * is looked up by description before creating and after any unknown outcome, then only the line numbers F&O
 * does not hold are sent, in one atomic changeset.
 * UNVERIFIED: that posting a line with MarkedInvoice settles that invoice (the spec gives the fields, not
 * what posting does with them; SettleVoucher is left to the journal name's setup); that MarkedInvoice takes
 * the posted invoice's InvoiceId; the size of TransactionText. F&O's OData offers no open amount of an
 * invoice in the specs, so what is still open is checked by F&O when the person posts.
 */
export class FoPayouts {
  constructor(private readonly p: FoPayoutPort) {}

  async post(doc: SettlementPaymentDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    // `*` is a wildcard in F&O filters (§2.2): such a key could find another journal's header.
    if (key.includes('*')) throw refusal(key, 'a natural key with * cannot be looked up in F&O, where * is a wildcard.');
    const lines = paymentJournalLines(doc, await this.documentsOf(doc, signal), this.p.area, this.p.offsetAccount(doc.clearingAccountNumber));
    const settle = { ms: 1000, clock: this.p.clock };
    let fresh = false;
    const header = await createOnce<PaymentHeader>({
      key, settle, ...(signal ? { signal } : {}),
      look: (sig) => this.findHeader(key, sig),
      create: async (sig) => {
        const created = (await this.p.http.send({
          operation: 'create customer payment journal', method: 'POST', url: `${this.p.root}/CustomerPaymentJournalHeaders`, idempotent: false,
          body: { dataAreaId: this.p.area, JournalName: this.p.journalName, Description: key }, auditRequest: { naturalKey: key, documents: doc.applications.length }, ...(sig ? { signal: sig } : {}),
        })).json<PaymentHeader>();
        fresh = true;
        return created;
      },
    });
    const batch = header.value.JournalBatchNumber;
    if (header.value.IsPosted === 'Yes') return { documentNumber: batch, alreadyExisted: true, posted: true };
    let insertedAny = false;
    await inRounds({ key, settle, ...(signal ? { signal } : {}), alreadyExists: (e) => isDuplicateLine(e.erpMessage) }, async (round) => {
      const have = round === 0 && fresh
        ? new Set<number>()
        : new Set((await this.p.list<{ LineNumber: number }>('CustomerPaymentJournalLines', `dataAreaId eq ${odataString(this.p.area)} and JournalBatchNumber eq ${odataString(batch)}`, signal)).map((l) => Number(l.LineNumber)));
      const missing = lines.filter((l) => !have.has(l.LineNumber));
      if (!missing.length) return;
      const [answer] = await sendMultipartBatch(this.p.http, `${this.p.root}/$batch`, [{
        changeset: missing.map((l) => ({ id: String(l.LineNumber), method: 'POST' as const, url: `${this.p.root}/CustomerPaymentJournalLines`, body: { ...l, JournalBatchNumber: batch } })),
      }], 'customer payment journal lines', signal);
      if (answer?.kind === 'changeset' && !answer.committed) throw changesetError(SYSTEM, 'customer payment journal lines', answer.failure, classifyFoError).withDocument(key, Number(answer.failure.id));
      if (answer?.kind !== 'changeset') throw new ErpError(`F&O did not answer the changeset of customer payment journal ${batch}.`, { system: SYSTEM, kind: 'transient', document: key });
      insertedAny = true;
    });
    return { documentNumber: batch, alreadyExisted: header.existedBefore && !insertedAny, posted: false };
  }

  async find(key: string, signal?: AbortSignal): Promise<FoundDocument | null> {
    const header = await this.findHeader(key, signal);
    return header ? { kind: 'settlementPayment', documentNumber: header.JournalBatchNumber, state: header.IsPosted === 'Yes' ? 'posted' : 'draft' } : null;
  }

  private async findHeader(key: string, signal?: AbortSignal): Promise<PaymentHeader | null> {
    const rows = await this.p.list<PaymentHeader>('CustomerPaymentJournalHeaders', `dataAreaId eq ${odataString(this.p.area)} and Description eq ${odataString(key)}`, signal);
    if (rows.length > 1) {
      throw new ErpError(`F&O holds ${rows.length} customer payment journals (${rows.map((r) => r.JournalBatchNumber).join(', ')}) described ${key}; delete all but one there before posting again.`, { system: SYSTEM, kind: 'conflict', retryable: false, document: key });
    }
    return rows[0] ?? null;
  }

  /** The free-text documents the payout names, twenty to a request so the filter stays short (no parentheses: one conjunction per number). */
  private async documentsOf(doc: SettlementPaymentDocument, signal?: AbortSignal): Promise<FreeTextDocument[]> {
    const numbers = [...new Set(doc.applications.map((a) => a.documentNumber))];
    const out: FreeTextDocument[] = [];
    for (let i = 0; i < numbers.length; i += 20) {
      const filter = numbers.slice(i, i + 20).map((n) => `dataAreaId eq ${odataString(this.p.area)} and FreeTextNumber eq ${odataString(n)}`).join(' or ');
      out.push(...(await this.p.list<FreeTextDocument>('FreeTextInvoiceHeaders', filter, signal)));
    }
    return out;
  }
}

/**
 * The journal's lines, one per document in the payout's order. Every document is checked first: one F&O
 * does not hold, another customer's, one in another currency, or one not yet posted (it has no invoice
 * number to mark) refuses the whole payout before anything is sent, naming each.
 */
export function paymentJournalLines(doc: SettlementPaymentDocument, found: readonly FreeTextDocument[], area: string, offsetAccount: string): Array<Record<string, unknown> & { LineNumber: number }> {
  const key = doc.externalDocumentNumber;
  const exp = currencyExponent(doc.currency);
  const problems: string[] = [];
  const lines = doc.applications.map((a, i) => {
    const what = `${a.kind === 'invoice' ? 'invoice' : 'credit note'} ${a.documentNumber}`;
    const d = found.find((f) => f.FreeTextNumber === a.documentNumber);
    if (!d) problems.push(`${what} is not a free-text invoice F&O holds`);
    else if (d.CustomerAccount !== doc.customerNumber) problems.push(`${what} belongs to customer ${d.CustomerAccount}, not ${doc.customerNumber}`);
    else if (d.CurrencyCode.toUpperCase() !== doc.currency.toUpperCase()) problems.push(`${what} is in ${d.CurrencyCode}, the payout in ${doc.currency}`);
    else if (d.IsPosted !== 'Yes' || !d.InvoiceId) problems.push(`${what} is not posted in F&O yet, so it has no invoice number to settle`);
    const amount = minorToWireNumber(a.amount, exp);
    return {
      dataAreaId: area, LineNumber: i + 1, TransactionDate: doc.postingDate, AccountType: 'Cust', AccountDisplayValue: doc.customerNumber,
      OffsetAccountType: 'Ledger', OffsetAccountDisplayValue: offsetAccount,
      CreditAmount: a.kind === 'invoice' ? amount : 0, DebitAmount: a.kind === 'invoice' ? 0 : amount, CurrencyCode: doc.currency.toUpperCase(),
      MarkedInvoice: d?.InvoiceId ?? '', MarkedInvoiceCompany: area, PaymentReference: doc.documentNumber,
      TransactionText: `Amazon payout for ${what}`.slice(0, TEXT_LENGTH),
    };
  });
  if (problems.length) throw refusal(key, `${problems.join('; ')}. Post or correct these documents in F&O, then replay the payout.`);
  return lines;
}

function refusal(key: string, what: string): ErpError {
  return new ErpError(`Payout ${key}: ${what} Nothing was sent to F&O.`, { system: SYSTEM, kind: 'validation', document: key, retryable: false });
}
