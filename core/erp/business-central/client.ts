import type { AuditLog } from '../../store';
import type { BackoffPolicy } from '../../net/backoff';
import type { Clock } from '../../clock/clock';
import type {
  ChangeNotifying, ChangeSubscriptions, ConnectionInfo, CustomerPaymentDocument, CustomerPaymentPosting, SettlementPaymentDocument, SettlementPaymentPosting, ErpConnector, FoundDocument, ItemPrice, JournalDocument, NaturalKeyKind,
  PostResult, PurchaseInvoiceDocument, PurchaseOrder, ReferenceDataKind, ReferenceDataPage, ReferenceRecord,
  PurchaseInvoicePosting, PurchaseOrderReading, SalesCreditNoteDocument, SalesCreditNotePosting, SalesInvoiceDocument, SalesInvoicePosting, StockAndPriceReading, StockLevel,
  PostedSalesInvoice, PostedSalesShipment, SalesOrderDocument, SalesOrderResult, SalesOrderSync, AmazonFulfilmentOrders, FulfilmentMarker, FulfilmentOrder,
  CustomerReturnDocument, CustomerReturnPosting, ErpReturnReason, AccountCreation, NewAccount,
} from '../erp-connector';
import { ConcurrencyGate } from '../concurrency-gate';
import { inRounds } from '../create-once';
import { ErpError } from '../erp-error';
import { auditToLog, ErpHttpClient, type CallAuditor } from '../http-client';
import { anyOf, buildQuery, chunk, odataString, readAllPages, type BatchOperation, type BatchOperationResult, type ODataCollection, type ODataQuery } from '../odata';
import { createAuth, resolveEndpoints, type BusinessCentralSecrets, type BusinessCentralSettings } from './auth';
import { classifyBusinessCentralError, splitCorrelationId } from './errors';
import { businessCentralKind } from './kind';
import type { ExchangeRateReader, LedgerRates } from '../exchange-rate';
import { EXCHANGE_RATES_SET, exchangeRateFromRow } from './exchange-rates';
import {
  accountRecord, customerPaymentBody, journalBatchCode, journalLineBodies, purchaseInvoiceBody, purchaseOrderFromRow,
  salesCreditMemoBody, salesInvoiceBody, simpleRecord,
} from './mapping';
import { payoutPaymentLines } from './payout-payment';
import { BusinessCentralWebhooks } from './webhooks';
import { fulfilmentOrderFromRow, hasNote, MARKER_FIELDS, NO_SHIPPING_AGENT, TRACKING_NOTE_MAX } from './amazon-fulfilment';
import { refuseUnofferedMarker } from '../fulfilment-marker';
import { RETURN_REASONS_SET, returnCreditMemoBody, returnReasonFromRow } from './customer-returns';
import { chartOfAccountsRow, chartOfAccountsUrl, SAME_KEY_EXISTS } from './chart-of-accounts-page';
import { postedSalesShipmentFromRow, SALES_SHIPMENTS_SET } from './sales-shipments';
import { invoiceMatches, lineChanges, orderShipped, postedSalesInvoiceFromRow, salesOrderBody } from './sales-orders';

type Row = Record<string, unknown>;

const SYSTEM = 'business-central';
/** BCDOCS operational-limits-online.md: at most 100 operations in one $batch. */
export const MAX_BATCH_OPERATIONS = 100;
/** Rounds of look-create-post a post may take when transient failures interrupt it. */
const MAX_ROUNDS = 6;

export interface BusinessCentralConnectorOptions {
  settings: BusinessCentralSettings;
  secrets: BusinessCentralSecrets;
  audit?: AuditLog | CallAuditor;
  connectionId?: string;
  fetch?: typeof fetch;
  backoff?: BackoffPolicy;
  /** Prefer: odata.maxpagesize; the server may send fewer (NOTES §1.4). */
  pageSize?: number;
  /** Per-connection concurrency (BC processes 5 at once per user, NOTES §1.6). */
  concurrency?: number;
  random?: () => number;
  /** What retries and Retry-After waits are timed on (the workspace's clock; a test's or bench's emulated one). */
  clock?: Clock;
}

interface Company { id: string; name: string; displayName: string; systemVersion: string }

/**
 * Business Central (online, and NAV/BC on-premises with API v2.0) behind the ErpConnector contract.
 * Every post follows the same shape: look up the natural key, create what is missing, post, read back
 * the ERP's document number. Any transient failure restarts that round from the look-up, so a dropped
 * connection or a crash never creates a second copy.
 */
export class BusinessCentralConnector implements ErpConnector, SalesInvoicePosting, SalesCreditNotePosting, CustomerPaymentPosting, SettlementPaymentPosting, PurchaseInvoicePosting, PurchaseOrderReading, StockAndPriceReading, ChangeNotifying, ExchangeRateReader, SalesOrderSync, AmazonFulfilmentOrders, CustomerReturnPosting, AccountCreation {
  readonly system = SYSTEM;
  readonly capabilities = businessCentralKind.capabilities;
  /** postSalesInvoice and postSalesCreditNote look the external document number up first in every round (postDocument). */
  readonly postLooksUpFirst: ReadonlySet<NaturalKeyKind> = new Set<NaturalKeyKind>(['salesInvoice', 'salesCreditNote']);
  readonly http: ErpHttpClient;
  /** The service root, ending in /api/v2.0 (webhook subscriptions live here, not under a company). */
  readonly apiBaseUrl: string;
  private readonly principal: string;
  private readonly pageSize: number;
  private company: Company | null = null;
  private localCurrency: string | null | undefined;

  constructor(private readonly o: BusinessCentralConnectorOptions) {
    const auditor = !o.audit ? undefined : typeof o.audit === 'function' ? o.audit : auditToLog(o.audit, SYSTEM, o.connectionId);
    const auth = createAuth(o.settings, o.secrets, { ...(o.fetch ? { fetch: o.fetch } : {}), ...(auditor ? { audit: auditor } : {}) });
    this.principal = auth.principal;
    this.apiBaseUrl = resolveEndpoints(o.settings).apiBaseUrl;
    this.pageSize = o.pageSize ?? 5000;
    this.http = new ErpHttpClient({
      system: SYSTEM,
      authorize: auth.authorize,
      onUnauthorized: auth.onUnauthorized,
      // BC's codes refine 4xx answers only; 401/403, 429 and 5xx keep the generic reading.
      classify: ({ status, code }) => (status >= 500 || status === 429 || status === 401 || status === 403 ? null : classifyBusinessCentralError(status, code)),
      gate: new ConcurrencyGate(o.concurrency ?? 5),
      ...(o.backoff ? { backoff: o.backoff } : {}),
      ...(auditor ? { audit: auditor } : {}),
      ...(o.fetch ? { fetch: o.fetch } : {}),
      ...(o.random ? { random: o.random } : {}),
      ...(o.clock ? { clock: o.clock } : {}),
    });
  }

  // ---------- connection ----------

  async testConnection(signal?: AbortSignal): Promise<ConnectionInfo> {
    const company = await this.resolveCompany(signal);
    const lcy = await this.companyCurrency(signal);
    return {
      principal: this.principal,
      companyId: company.id,
      companyName: company.displayName || company.name,
      environment: this.o.settings.deployment === 'online' ? `online, environment ${this.o.settings.environment}` : `on-premises, ${this.apiBaseUrl}`,
      version: company.systemVersion,
      localCurrency: lcy,
    };
  }

  /** Holds no session: an Entra token or a web service key is sent with each call. */
  async close(): Promise<void> {}

  changeSubscriptions(): ChangeSubscriptions {
    return new BusinessCentralWebhooks(this);
  }

  /** The id of the company this connector works in (discovered on first use). */
  async companyId(signal?: AbortSignal): Promise<string> {
    return (await this.resolveCompany(signal)).id;
  }

  /** Company discovery: the one named in the settings, or the only one there is (NOTES §1.2). */
  private async resolveCompany(signal?: AbortSignal): Promise<Company> {
    if (this.company) return this.company;
    const companies = await this.getAll<Row>('companies', `${this.apiBaseUrl}/companies`, {}, signal);
    const wanted = this.o.settings.companyName?.trim();
    const list = companies.map((c) => ({ id: String(c.id), name: String(c.name ?? ''), displayName: String(c.displayName ?? ''), systemVersion: String(c.systemVersion ?? '') }));
    const match = wanted ? list.filter((c) => c.name === wanted || c.displayName === wanted) : list;
    if (match.length !== 1) {
      const names = list.map((c) => `"${c.name}"`).join(', ') || 'none';
      const why = wanted ? `No company named "${wanted}"` : 'Several companies and none chosen';
      throw new ErpError(`${why} in this Business Central environment. Companies there: ${names}.`, { system: SYSTEM, kind: 'validation', operation: 'companies', retryable: false });
    }
    this.company = match[0]!;
    return this.company;
  }

  private async companyCurrency(signal?: AbortSignal): Promise<string | null> {
    if (this.localCurrency !== undefined) return this.localCurrency;
    const rows = await this.getAll<Row>('companyInformation', await this.companyUrl('companyInformation', signal), {}, signal);
    this.localCurrency = rows[0]?.currencyCode ? String(rows[0].currencyCode) : null;
    return this.localCurrency;
  }

  /**
   * The company's local currency and every exchange rate it holds: the journalLines page has no currency
   * field, so a settlement in another currency posts converted at these (core/settlement/journal-conversion.ts).
   * Read whole each time: a rate changed in place keeps its key, and the set is small.
   */
  async readLedgerRates(signal?: AbortSignal): Promise<LedgerRates> {
    this.localCurrency = undefined;
    const localCurrency = await this.companyCurrency(signal);
    const rows = await this.getSet(EXCHANGE_RATES_SET, {}, signal);
    return { localCurrency, rates: rows.map(exchangeRateFromRow).filter((r) => r !== null) };
  }

  private async companyUrl(path: string, signal?: AbortSignal): Promise<string> {
    const c = await this.resolveCompany(signal);
    return `${this.apiBaseUrl}/companies(${c.id})/${path}`;
  }

  // ---------- reads ----------

  private async getAll<T>(operation: string, url: string, query: ODataQuery, signal?: AbortSignal): Promise<T[]> {
    return readAllPages<T>(url + buildQuery(query), async (pageUrl) => {
      const res = await this.http.send({ operation: `GET ${operation}`, method: 'GET', url: pageUrl, headers: { prefer: `odata.maxpagesize=${this.pageSize}` }, ...(signal ? { signal } : {}) });
      return res.json<ODataCollection<T>>();
    });
  }

  private async getSet(set: string, query: ODataQuery, signal?: AbortSignal): Promise<Row[]> {
    return this.getAll<Row>(set, await this.companyUrl(set, signal), query, signal);
  }

  async readReferenceData(kind: ReferenceDataKind, since?: string | null, signal?: AbortSignal): Promise<ReferenceDataPage> {
    const changed = since ? { filter: `lastModifiedDateTime gt ${since}` } : {};
    let records: ReferenceRecord[];
    switch (kind) {
      case 'accounts':
        records = (await this.getSet('accounts', changed, signal)).map(accountRecord);
        break;
      case 'dimensions':
        // Read whole: a new dimension value does not change its dimension's lastModifiedDateTime.
        records = (await this.getSet('dimensions', { expand: ['dimensionValues'] }, signal)).map((d) => ({
          ...simpleRecord(d, 'code'),
          values: ((d.dimensionValues as Row[] | undefined) ?? []).map((v) => simpleRecord(v, 'code')),
        }));
        break;
      case 'items': case 'customers': case 'vendors':
        records = (await this.getSet(kind, changed, signal)).map((r) => simpleRecord(r, 'number'));
        break;
      case 'taxCodes':
        // A sales line's taxCode is its "Tax Code" (bc-apiv2-page-fields.json, APIV2SalesInvoiceLines), and the
        // taxGroups page lists those codes (APIV2TaxGroups over "Tax Group Buffer": VAT product posting groups
        // in VAT companies, tax groups in sales-tax ones; the buffer's filling is UNVERIFIED beyond its name).
        // taxAreas (APIV2TaxAreas) are what a customer's taxAreaId names, on the header, not on a line.
        // Read whole (a short list): an incremental read never sees a deleted group, and a mapping to one must be refused.
        return { records: (await this.getSet('taxGroups', {}, signal)).map((r) => simpleRecord(r, 'code')), watermark: null };
      case 'freightCodes':
        // A BC sales line is an item, a G/L account, a resource, ... (its lineType); there is no freight code list.
        return { records: [], watermark: null };
      case 'paymentMethods':
        records = (await this.getSet('paymentMethods', changed, signal)).map((r) => simpleRecord(r, 'code'));
        break;
    }
    return { records, watermark: maxTimestamp(records.map((r) => r.lastModified), since ?? null) };
  }

  async readPurchaseOrders(since: string | null, signal?: AbortSignal): Promise<{ orders: PurchaseOrder[]; watermark: string | null }> {
    const lcy = await this.companyCurrency(signal);
    const rows = await this.getSet('purchaseOrders', { ...(since ? { filter: `lastModifiedDateTime gt ${since}` } : {}), expand: ['purchaseOrderLines'] }, signal);
    const orders = rows.map((r) => purchaseOrderFromRow(r, lcy));
    return { orders, watermark: maxTimestamp(orders.map((o) => o.lastModified), since) };
  }

  async readStock(itemNumbers: readonly string[], signal?: AbortSignal): Promise<StockLevel[]> {
    const rows = await this.itemsByNumber(itemNumbers, ['number', 'inventory'], signal);
    return rows.map((r) => ({ itemNumber: String(r.number), quantity: Number(r.inventory ?? 0) }));
  }

  async readPrices(itemNumbers: readonly string[], signal?: AbortSignal): Promise<ItemPrice[]> {
    const lcy = await this.companyCurrency(signal);
    const rows = await this.itemsByNumber(itemNumbers, ['number', 'unitPrice'], signal);
    return rows.map((r) => ({ itemNumber: String(r.number), unitPrice: String(r.unitPrice ?? '0'), currency: lcy }));
  }

  /** Twenty numbers per request keeps the URL well under server limits. */
  private async itemsByNumber(numbers: readonly string[], select: string[], signal?: AbortSignal): Promise<Row[]> {
    const out: Row[] = [];
    for (const group of chunk([...new Set(numbers)], 20)) out.push(...(await this.getSet('items', { filter: anyOf('number', group), select }, signal)));
    return out;
  }

  /**
   * The invoices a person cancelled in BC: a posted invoice is cancelled with the salesInvoices bound action
   * Microsoft.NAV.cancel (bc-apiv2-page-fields.json, APIV2SalesInvoices boundActions; NOTES §1 table), after
   * which the page's status field reads "Canceled" (the spelling is UNVERIFIED: the reference lists the
   * field, not its values).
   */
  async cancelledSalesInvoices(keys: readonly string[], signal?: AbortSignal): Promise<string[]> {
    const out: string[] = [];
    for (const group of chunk([...new Set(keys)], 20)) {
      const rows = await this.getSet('salesInvoices', { filter: anyOf('externalDocumentNumber', group), select: ['externalDocumentNumber', 'number', 'status'] }, signal);
      for (const r of rows) if (r.status === 'Canceled') out.push(String(r.externalDocumentNumber));
    }
    return out;
  }

  // ---------- natural keys ----------

  async findByNaturalKey(kind: NaturalKeyKind, key: string, signal?: AbortSignal): Promise<FoundDocument | null> {
    switch (kind) {
      case 'journal': {
        const state = await this.journalState(key, signal);
        if (!state.journal) return null;
        if (state.postedDocumentNumber) return { kind, documentNumber: state.postedDocumentNumber, state: 'posted' };
        return state.documentNumber ? { kind, documentNumber: state.documentNumber, state: 'draft' } : null;
      }
      case 'salesInvoice': {
        const row = (await this.getSet('salesInvoices', { filter: `externalDocumentNumber eq ${odataString(key)}` }, signal))[0];
        return row ? { kind, documentNumber: String(row.number), state: row.status === 'Draft' ? 'draft' : 'posted' } : null;
      }
      case 'salesCreditNote': {
        const row = (await this.getSet('salesCreditMemos', { filter: `externalDocumentNumber eq ${odataString(key)}` }, signal))[0];
        return row ? { kind, documentNumber: String(row.number), state: row.status === 'Draft' ? 'draft' : 'posted' } : null;
      }
      case 'purchaseInvoice': {
        const row = (await this.getSet('purchaseInvoices', { filter: `vendorInvoiceNumber eq ${odataString(key)}` }, signal))[0];
        return row ? { kind, documentNumber: String(row.number), state: row.status === 'Draft' ? 'draft' : 'posted' } : null;
      }
      case 'customerPayment': {
        const journal = await this.findJournalByCode('customerPaymentJournals', journalBatchCode(key, 'AMP'), signal);
        if (!journal) return null;
        const rows = await this.getAll<Row>('customerPayments', await this.companyUrl(`customerPaymentJournals(${String(journal.id)})/customerPayments`, signal), { filter: `externalDocumentNumber eq ${odataString(key)}` }, signal);
        return rows[0] ? { kind, documentNumber: String(rows[0].documentNumber), state: 'draft' } : null;
      }
      case 'settlementPayment': {
        const state = await this.payoutState(key, signal);
        if (!state.journal || !state.documentNumber) return null;
        return { kind, documentNumber: state.documentNumber, state: state.posted ? 'posted' : 'draft' };
      }
    }
  }

  private async findJournalByCode(set: 'journals' | 'customerPaymentJournals', code: string, signal?: AbortSignal): Promise<Row | null> {
    return (await this.getSet(set, { filter: `code eq ${odataString(code)}` }, signal))[0] ?? null;
  }

  /**
   * Where a journal document stands. Its batch's displayName carries our document number, because posted
   * G/L entries expose documentNumber but not the external document number (ALAPP GLEntries page fields).
   */
  private async journalState(externalDocumentNumber: string, signal?: AbortSignal, documentNumber?: string): Promise<{
    journal: Row | null; documentNumber: string | null; postedDocumentNumber: string | null;
  }> {
    const journal = await this.findJournalByCode('journals', journalBatchCode(externalDocumentNumber), signal);
    const docNo = documentNumber ?? (journal ? String(journal.displayName ?? '').split(' ')[0] ?? null : null);
    if (!docNo) return { journal, documentNumber: null, postedDocumentNumber: null };
    const posted = await this.getSet('generalLedgerEntries', { filter: `documentNumber eq ${odataString(docNo)}`, top: 1, select: ['documentNumber'] }, signal);
    return { journal, documentNumber: docNo, postedDocumentNumber: posted.length ? docNo : null };
  }

  // ---------- posting ----------

  /**
   * Settlement journal: its own journal batch, lines through $batch (<= 100 a request), then
   * Microsoft.NAV.post (NOTES §1.3, §1.5). Accounts and dimensions are checked first so a bad mapping
   * fails with the account named and nothing written.
   */
  async postJournal(doc: JournalDocument, signal?: AbortSignal): Promise<PostResult> {
    const bodies = journalLineBodies(doc);
    const key = doc.externalDocumentNumber;
    const lcy = await this.companyCurrency(signal);
    if (lcy && doc.currency.toUpperCase() !== lcy.toUpperCase()) {
      // The journalLines page has no currency field (ALAPP APIV2JournalLines.Page.al), so API v2.0 posts
      // journals in the company's local currency only. Refuse rather than post foreign amounts as LCY.
      throw new ErpError(`Business Central's journal API posts only in the company's local currency ${lcy}; document ${key} is in ${doc.currency}.`, {
        system: SYSTEM, kind: 'unsupported', document: key, retryable: false,
      });
    }
    await this.checkJournalReferences(doc, signal);
    return this.rounds(key, signal, async (round) => {
      const state = await this.journalState(key, signal, doc.documentNumber);
      if (state.postedDocumentNumber) return { documentNumber: state.postedDocumentNumber, alreadyExisted: round === 0, posted: true };
      const journal = state.journal ?? (await this.createJournal(journalBatchCode(key), `${doc.documentNumber} ${key}`, signal));
      const journalId = String(journal.id);
      const linesUrl = await this.companyUrl(`journals(${journalId})/journalLines`, signal);
      const existing = await this.getAll<Row>('journalLines', linesUrl, { select: ['lineNumber', 'externalDocumentNumber'] }, signal);
      const foreign = existing.find((l) => l.externalDocumentNumber !== key);
      if (foreign) {
        throw new ErpError(`Journal batch ${String(journal.code)} holds line ${String(foreign.lineNumber)} of another document (${String(foreign.externalDocumentNumber)}); it was changed in Business Central. Remove that line and post again.`, { system: SYSTEM, kind: 'conflict', document: key, retryable: false });
      }
      const have = new Set(existing.map((l) => Number(l.lineNumber)));
      const company = await this.resolveCompany(signal);
      const missing = bodies.filter((b) => !have.has(b.lineNumber));
      await this.batch(
        missing.map((b) => ({ id: String(b.lineNumber / 10000), method: 'POST', url: `companies(${company.id})/journals(${journalId})/journalLines`, body: b })),
        'POST journalLines',
        key,
        signal,
      );
      await this.http.send({ operation: 'POST journals/Microsoft.NAV.post', method: 'POST', url: await this.companyUrl(`journals(${journalId})/Microsoft.NAV.post`, signal), idempotent: false, ...(signal ? { signal } : {}) });
      return { documentNumber: doc.documentNumber, alreadyExisted: false, posted: true };
    });
  }

  private async createJournal(code: string, displayName: string, signal?: AbortSignal): Promise<Row> {
    const res = await this.http.send({ operation: 'POST journals', method: 'POST', url: await this.companyUrl('journals', signal), body: { code, displayName: displayName.slice(0, 100) }, idempotent: false, ...(signal ? { signal } : {}) });
    return res.json<Row>();
  }

  /** Every account exists and takes direct postings; every dimension value exists. */
  private async checkJournalReferences(doc: JournalDocument, signal?: AbortSignal): Promise<void> {
    const accounts = new Map((await this.readReferenceData('accounts', null, signal)).records.map((a) => [a.code, a]));
    const needDims = doc.lines.some((l) => l.dimensions && Object.keys(l.dimensions).length);
    const dims = needDims ? new Map((await this.readReferenceData('dimensions', null, signal)).records.map((d) => [d.code, new Set((d.values ?? []).map((v) => v.code))])) : new Map<string, Set<string>>();
    doc.lines.forEach((line, i) => {
      const account = accounts.get(line.accountNumber);
      const where = { system: SYSTEM, kind: 'validation' as const, document: doc.externalDocumentNumber, line: i + 1, retryable: false };
      if (!account) throw new ErpError(`Document ${doc.externalDocumentNumber}, line ${i + 1}: G/L account ${line.accountNumber} does not exist in Business Central. Nothing was posted.`, where);
      if (!account.postable) throw new ErpError(`Document ${doc.externalDocumentNumber}, line ${i + 1}: G/L account ${line.accountNumber} (${account.name}) does not accept direct postings (it is blocked, a heading/total, or Direct Posting is off). Nothing was posted.`, where);
      for (const [code, value] of Object.entries(line.dimensions ?? {})) {
        const values = dims.get(code);
        if (!values) throw new ErpError(`Document ${doc.externalDocumentNumber}, line ${i + 1}: dimension ${code} does not exist in Business Central. Nothing was posted.`, where);
        if (!values.has(value)) throw new ErpError(`Document ${doc.externalDocumentNumber}, line ${i + 1}: dimension ${code} has no value ${value} in Business Central. Nothing was posted.`, where);
      }
    });
  }

  async postSalesInvoice(doc: SalesInvoiceDocument, signal?: AbortSignal): Promise<PostResult> {
    const body = salesInvoiceBody(doc, await this.companyCurrency(signal));
    const key = doc.externalDocumentNumber;
    return this.postDocument('salesInvoices', `externalDocumentNumber eq ${odataString(key)}`, body, key, signal);
  }

  async postSalesCreditNote(doc: SalesCreditNoteDocument, signal?: AbortSignal): Promise<PostResult> {
    const body = salesCreditMemoBody(doc, await this.companyCurrency(signal));
    const key = doc.externalDocumentNumber;
    return this.postDocument('salesCreditMemos', `externalDocumentNumber eq ${odataString(key)}`, body, key, signal);
  }

  async readReturnReasons(signal?: AbortSignal): Promise<ErpReturnReason[]> {
    return (await this.getSet(RETURN_REASONS_SET, {}, signal)).map(returnReasonFromRow);
  }

  /** A return as a credit memo linked to its invoice, with the ERP reason the return's Amazon reason maps to. */
  async postCustomerReturn(doc: CustomerReturnDocument, signal?: AbortSignal): Promise<PostResult> {
    const reason = (await this.getSet(RETURN_REASONS_SET, { filter: `code eq ${odataString(doc.reasonCode)}` }, signal))[0];
    if (!reason) {
      throw new ErpError(`Return ${doc.externalDocumentNumber}: Business Central has no customer return reason "${doc.reasonCode}".`, { system: SYSTEM, kind: 'validation', document: doc.externalDocumentNumber, retryable: false });
    }
    const body = returnCreditMemoBody(doc, String(reason.id), await this.companyCurrency(signal));
    const key = doc.externalDocumentNumber;
    return this.postDocument('salesCreditMemos', `externalDocumentNumber eq ${odataString(key)}`, body, key, signal);
  }

  async postPurchaseInvoice(doc: PurchaseInvoiceDocument, signal?: AbortSignal): Promise<PostResult> {
    const body = purchaseInvoiceBody(doc, await this.companyCurrency(signal));
    const key = doc.vendorInvoiceNumber;
    if (doc.purchaseOrderNumber) await this.checkAgainstPurchaseOrder(doc, signal);
    return this.postDocument('purchaseInvoices', `vendorInvoiceNumber eq ${odataString(key)} and vendorNumber eq ${odataString(doc.vendorNumber)}`, body, key, signal);
  }

  /**
   * API v2.0 cannot link invoice lines to receipt lines (orderNumber is read-only on purchaseInvoices,
   * ALAPP page fields), so matching means: the order exists for this vendor and no line invoices more
   * than it still has open. Refusing here beats a vendor invoice that silently over-bills.
   */
  private async checkAgainstPurchaseOrder(doc: PurchaseInvoiceDocument, signal?: AbortSignal): Promise<void> {
    const rows = await this.getSet('purchaseOrders', { filter: `number eq ${odataString(doc.purchaseOrderNumber!)}`, expand: ['purchaseOrderLines'] }, signal);
    const po = rows[0] ? purchaseOrderFromRow(rows[0], null) : null;
    const where = { system: SYSTEM, kind: 'validation' as const, document: doc.vendorInvoiceNumber, retryable: false };
    if (!po) throw new ErpError(`Vendor invoice ${doc.vendorInvoiceNumber}: purchase order ${doc.purchaseOrderNumber} does not exist in Business Central.`, where);
    if (po.vendorNumber !== doc.vendorNumber) throw new ErpError(`Vendor invoice ${doc.vendorInvoiceNumber}: purchase order ${po.number} belongs to vendor ${po.vendorNumber}, not ${doc.vendorNumber}.`, where);
    doc.lines.forEach((l, i) => {
      const open = po.lines.filter((p) => p.itemNumber === l.itemNumber).reduce((s, p) => s + p.quantity - p.invoicedQuantity, 0);
      if (l.quantity > open) throw new ErpError(`Vendor invoice ${doc.vendorInvoiceNumber}, line ${i + 1}: item ${l.itemNumber} quantity ${l.quantity} exceeds the ${open} still open on purchase order ${po.number}.`, { ...where, line: i + 1 });
    });
  }

  /**
   * Look up, create with its lines in one deep insert, post, read back the posted number. A draft under the
   * key is ours: a create that dropped before its post, or one BC refused part-way (the reference does not say
   * a refused deep insert leaves nothing behind, and the emulator keeps the header: UNVERIFIED either way).
   * It is posted as it stands only when it carries exactly the document's lines; otherwise (partial, or built
   * from mappings since corrected) it is deleted (deleteSalesInvoice / deleteSalesCreditMemo, BC API v1.0
   * spec) and the document created afresh, so what BC posts is what was sent.
   */
  private async postDocument(set: 'salesInvoices' | 'salesCreditMemos' | 'purchaseInvoices', keyFilter: string, body: Row, key: string, signal?: AbortSignal): Promise<PostResult> {
    const lineSet = set === 'salesInvoices' ? 'salesInvoiceLines' : set === 'salesCreditMemos' ? 'salesCreditMemoLines' : null;
    return this.rounds(key, signal, async (round) => {
      let existing = (await this.getSet(set, { filter: keyFilter, ...(lineSet ? { expand: [lineSet] } : {}) }, signal))[0];
      if (existing && existing.status !== 'Draft') return { documentNumber: String(existing.number), alreadyExisted: round === 0, posted: true };
      if (existing && lineSet && !draftCarries(existing, body, lineSet)) {
        await this.http.send({
          operation: `DELETE ${set}`, method: 'DELETE', url: await this.companyUrl(`${set}(${String(existing.id)})`, signal),
          headers: { 'if-match': String(existing['@odata.etag'] ?? '*') }, idempotent: true, ...(signal ? { signal } : {}),
        });
        existing = undefined;
      }
      const doc = existing ?? (await this.http.send({ operation: `POST ${set}`, method: 'POST', url: await this.companyUrl(set, signal), body, idempotent: false, ...(signal ? { signal } : {}) })).json<Row>();
      const id = String(doc.id);
      await this.http.send({ operation: `POST ${set}/Microsoft.NAV.post`, method: 'POST', url: await this.companyUrl(`${set}(${id})/Microsoft.NAV.post`, signal), idempotent: false, ...(signal ? { signal } : {}) });
      // The post action answers 204; the posted number only shows on a fresh read (NOTES §1.3).
      const posted = (await this.http.send({ operation: `GET ${set}`, method: 'GET', url: await this.companyUrl(`${set}(${id})`, signal), ...(signal ? { signal } : {}) })).json<Row>();
      return { documentNumber: String(posted.number), alreadyExisted: false, posted: true };
    });
  }

  /**
   * One sales order per customer and external document number (the customer's PO number): looked up
   * first, created with its lines in one deep insert, or, while nothing of it has shipped, brought in line
   * line by line (PATCH with the line's ETag, NOTES §1.5). Shipped or invoiced (a fully invoiced order is
   * gone, its posted invoice names it) it is never changed: the caller gets `shipped` and decides.
   */
  async syncSalesOrder(doc: SalesOrderDocument, signal?: AbortSignal): Promise<SalesOrderResult> {
    const body = salesOrderBody(doc, await this.companyCurrency(signal));
    const key = doc.externalDocumentNumber;
    const filter = `externalDocumentNumber eq ${odataString(key)} and customerNumber eq ${odataString(doc.customerNumber)}`;
    return inRounds<SalesOrderResult>({ key, maxRounds: MAX_ROUNDS, alreadyExists: sameKeyExists, ...(signal ? { signal } : {}) }, async () => {
      const order = (await this.getSet('salesOrders', { filter, expand: ['salesOrderLines'] }, signal))[0];
      if (!order) {
        const invoice = await this.findPostedSalesInvoice(doc.customerNumber, key, signal);
        if (invoice) return { outcome: invoiceMatches(doc, invoice) ? 'unchanged' : 'shipped', documentNumber: invoice.number };
        const created = (await this.http.send({ operation: 'POST salesOrders', method: 'POST', url: await this.companyUrl('salesOrders', signal), body, idempotent: false, ...(signal ? { signal } : {}) })).json<Row>();
        return { outcome: 'created', documentNumber: String(created.number) };
      }
      const lines = (order.salesOrderLines as Row[] | undefined) ?? [];
      const changes = lineChanges(doc, lines);
      if (changes.patch.length + changes.insert.length + changes.remove.length === 0) return { outcome: 'unchanged', documentNumber: String(order.number) };
      if (orderShipped(order, lines)) return { outcome: 'shipped', documentNumber: String(order.number) };
      const linesUrl = await this.companyUrl(`salesOrders(${String(order.id)})/salesOrderLines`, signal);
      // Not repeated by the transport: after a drop the next round reads fresh lines and ETags and does what is left.
      const send = (operation: string, method: 'PATCH' | 'DELETE' | 'POST', url: string, extra: { body?: Row; etag?: unknown }) => this.http.send({
        operation, method, url, idempotent: false, ...(extra.body ? { body: extra.body } : {}),
        ...(extra.etag ? { headers: { 'if-match': String(extra.etag) } } : {}), ...(signal ? { signal } : {}),
      });
      for (const l of changes.remove) await send('DELETE salesOrderLines', 'DELETE', `${linesUrl}(${String(l.id)})`, { etag: l['@odata.etag'] });
      for (const p of changes.patch) await send('PATCH salesOrderLines', 'PATCH', `${linesUrl}(${String(p.line.id)})`, { body: p.body, etag: p.line['@odata.etag'] });
      for (const l of changes.insert) await send('POST salesOrderLines', 'POST', linesUrl, { body: l });
      return { outcome: 'updated', documentNumber: String(order.number) };
    });
  }

  /** A new G/L account through the Chart of Accounts web service; one already under its number is left as it is. */
  async createAccount(account: NewAccount, signal?: AbortSignal): Promise<'created' | 'exists'> {
    const found = await this.getSet('accounts', { filter: `number eq ${odataString(account.number)}`, select: ['id'] }, signal);
    if (found.length) return 'exists';
    const company = await this.resolveCompany(signal);
    try {
      await this.http.send({ operation: 'POST Chart_of_Accounts', method: 'POST', url: chartOfAccountsUrl(this.apiBaseUrl, company.name), body: chartOfAccountsRow(account), idempotent: false, ...(signal ? { signal } : {}) });
      return 'created';
    } catch (err) {
      if (err instanceof ErpError && err.erpCode === SAME_KEY_EXISTS) return 'exists';
      throw err;
    }
  }

  /**
   * DELETE salesOrders({id}) (deleteSalesOrder, BC API v1.0 spec; the v2.0 page does not forbid it) with
   * the order's ETag, after a look: a drop after BC deleted it finds no order in the next round.
   */
  async cancelSalesOrder(customerNumber: string, externalDocumentNumber: string, signal?: AbortSignal): Promise<{ outcome: 'deleted' | 'absent' | 'shipped'; documentNumber: string | null }> {
    const filter = `externalDocumentNumber eq ${odataString(externalDocumentNumber)} and customerNumber eq ${odataString(customerNumber)}`;
    return inRounds<{ outcome: 'deleted' | 'absent' | 'shipped'; documentNumber: string | null }>({ key: externalDocumentNumber, maxRounds: MAX_ROUNDS, ...(signal ? { signal } : {}) }, async (round) => {
      const order = (await this.getSet('salesOrders', { filter, expand: ['salesOrderLines'] }, signal))[0];
      if (!order) {
        const invoice = await this.findPostedSalesInvoice(customerNumber, externalDocumentNumber, signal);
        if (invoice) return { outcome: 'shipped', documentNumber: invoice.number };
        return { outcome: round === 0 ? 'absent' : 'deleted', documentNumber: null };
      }
      if (orderShipped(order, (order.salesOrderLines as Row[] | undefined) ?? [])) return { outcome: 'shipped', documentNumber: String(order.number) };
      await this.http.send({
        operation: 'DELETE salesOrders', method: 'DELETE', url: await this.companyUrl(`salesOrders(${String(order.id)})`, signal), idempotent: false,
        headers: { 'if-match': String(order['@odata.etag']) }, ...(signal ? { signal } : {}),
      });
      return { outcome: 'deleted', documentNumber: String(order.number) };
    });
  }

  async readFulfilmentOrders(marker: FulfilmentMarker, signal?: AbortSignal): Promise<FulfilmentOrder[]> {
    const locationId = await this.markedLocationId(marker, signal);
    const filter = marker.by === 'field' ? { filter: `${marker.field} eq ${odataString(marker.value)}` } : {};
    const orders = await this.getSet('salesOrders', { ...filter, expand: ['salesOrderLines'] }, signal);
    return orders.map((o) => fulfilmentOrderFromRow(o, locationId)).filter((o): o is FulfilmentOrder => o !== null);
  }

  async checkFulfilmentMarker(marker: FulfilmentMarker, signal?: AbortSignal): Promise<void> {
    await this.markedLocationId(marker, signal);
  }

  /** Refuses a marker Business Central does not have; the id of a marked location (its lines are picked by it), else null. */
  private async markedLocationId(marker: FulfilmentMarker, signal?: AbortSignal): Promise<string | null> {
    if (marker.by === 'shipping-agent') throw refuseUnofferedMarker(marker, ['location', 'field'], { system: SYSTEM, label: 'Business Central' }, NO_SHIPPING_AGENT);
    if (marker.by === 'field') {
      if ((MARKER_FIELDS as readonly string[]).includes(marker.field)) return null;
      throw new ErpError(`Business Central's sales orders have no field "${marker.field}" to mark orders shipped by Amazon. Pick one of ${MARKER_FIELDS.join(', ')} in the fulfilment settings.`, { system: SYSTEM, kind: 'validation', operation: 'salesOrders', retryable: false });
    }
    const location = (await this.getSet('locations', { filter: `code eq ${odataString(marker.code)}` }, signal))[0];
    if (!location) throw new ErpError(`Business Central has no location ${marker.code}, the one set for orders shipped by Amazon. Pick an existing location in the fulfilment settings.`, { system: SYSTEM, kind: 'validation', operation: 'locations', retryable: false });
    return String(location.id);
  }

  /** Looks for the note on the order before adding it, in rounds, so a dropped connection writes it once. */
  async recordTracking(orderNumber: string, note: string, signal?: AbortSignal): Promise<'written' | 'already'> {
    return inRounds<'written' | 'already'>({ key: orderNumber, maxRounds: MAX_ROUNDS, ...(signal ? { signal } : {}) }, async () => {
      const order = (await this.getSet('salesOrders', { filter: `number eq ${odataString(orderNumber)}`, expand: ['salesOrderLines'] }, signal))[0];
      if (!order) throw new ErpError(`Sales order ${orderNumber} is no longer open in Business Central (posted or deleted), so its Amazon tracking cannot be written to it.`, { system: SYSTEM, kind: 'validation', document: orderNumber, retryable: false });
      if (hasNote(order, note)) return 'already';
      const url = await this.companyUrl(`salesOrders(${String(order.id)})/salesOrderLines`, signal);
      await this.http.send({ operation: 'POST salesOrderLines', method: 'POST', url, body: { lineType: 'Comment', description: note.slice(0, TRACKING_NOTE_MAX) }, idempotent: false, ...(signal ? { signal } : {}) });
      return 'written';
    });
  }

  async findPostedSalesInvoice(customerNumber: string, externalDocumentNumber: string, signal?: AbortSignal): Promise<PostedSalesInvoice | null> {
    const rows = await this.getSet('salesInvoices', {
      filter: `externalDocumentNumber eq ${odataString(externalDocumentNumber)} and customerNumber eq ${odataString(customerNumber)} and status ne 'Draft'`,
      expand: ['salesInvoiceLines'],
    }, signal);
    return rows[0] ? postedSalesInvoiceFromRow(rows[0], await this.companyCurrency(signal)) : null;
  }

  async findPostedSalesShipments(customerNumber: string, externalDocumentNumber: string, signal?: AbortSignal): Promise<PostedSalesShipment[]> {
    const rows = await this.getSet(SALES_SHIPMENTS_SET, {
      filter: `externalDocumentNumber eq ${odataString(externalDocumentNumber)} and customerNumber eq ${odataString(customerNumber)}`,
      expand: ['salesShipmentLines'],
    }, signal);
    return rows.map(postedSalesShipmentFromRow).sort((a, b) => a.postingDate.localeCompare(b.postingDate) || a.number.localeCompare(b.number));
  }

  /**
   * Customer payments go to a customer payment journal of our own. API v2.0 has no post action on
   * customerPaymentJournals (ALAPP page: no bound actions), so the lines wait there for the user to post.
   */
  async postCustomerPayment(doc: CustomerPaymentDocument, signal?: AbortSignal): Promise<PostResult> {
    const body = customerPaymentBody(doc);
    const key = doc.externalDocumentNumber;
    return this.rounds(key, signal, async (round) => {
      const code = journalBatchCode(key, 'AMP');
      let journal = await this.findJournalByCode('customerPaymentJournals', code, signal);
      // A journal of its own per payment, so its balancing account (CustPaymJournals.balancingAccountId) can be the deduction's.
      const balancing = doc.balancingAccountNumber ? await this.postableAccountId(doc.balancingAccountNumber, key, signal) : null;
      journal ??= (await this.http.send({ operation: 'POST customerPaymentJournals', method: 'POST', url: await this.companyUrl('customerPaymentJournals', signal), body: { code, displayName: `${doc.documentNumber} ${key}`.slice(0, 100), ...(balancing ? { balancingAccountId: balancing } : {}) }, idempotent: false, ...(signal ? { signal } : {}) })).json<Row>();
      const url = await this.companyUrl(`customerPaymentJournals(${String(journal.id)})/customerPayments`, signal);
      const existing = await this.getAll<Row>('customerPayments', url, { filter: `externalDocumentNumber eq ${odataString(key)}` }, signal);
      if (existing[0]) return { documentNumber: String(existing[0].documentNumber), alreadyExisted: round === 0, posted: false };
      await this.http.send({ operation: 'POST customerPayments', method: 'POST', url, body, idempotent: false, ...(signal ? { signal } : {}) });
      return { documentNumber: doc.documentNumber, alreadyExisted: false, posted: false };
    });
  }

  /**
   * A settlement's payout as a customer payment journal of its own (code from the natural key, balancing
   * account the clearing account), one line per invoice applying to it (appliesToInvoiceNumber). API v2.0
   * cannot post a customer payment journal (CustPaymJournals page: no bound actions), so the journal waits
   * for a person to post it in BC; the look-up sees it posted once G/L entries carry its document number.
   * Lines already there (a round whose answer was lost) are not made again.
   */
  async postSettlementPayment(doc: SettlementPaymentDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    const lines = payoutPaymentLines(doc);
    return this.rounds(key, signal, async () => {
      const state = await this.payoutState(key, signal);
      if (state.posted) return { documentNumber: state.documentNumber!, alreadyExisted: true, posted: true };
      const balancing = await this.postableAccountId(doc.clearingAccountNumber, key, signal);
      const journal = state.journal ?? (await this.http.send({
        operation: 'POST customerPaymentJournals', method: 'POST', url: await this.companyUrl('customerPaymentJournals', signal), idempotent: false,
        body: { code: journalBatchCode(key, 'AMS'), displayName: `${doc.documentNumber} ${key}`.slice(0, 100), balancingAccountId: balancing }, ...(signal ? { signal } : {}),
      })).json<Row>();
      const url = await this.companyUrl(`customerPaymentJournals(${String(journal.id)})/customerPayments`, signal);
      const had = new Set((await this.getAll<Row>('customerPayments', url, { filter: `externalDocumentNumber eq ${odataString(key)}` }, signal)).map((r) => String(r.appliesToInvoiceNumber)));
      const missing = lines.filter((l) => !had.has(String(l.appliesToInvoiceNumber)));
      for (const body of missing) await this.http.send({ operation: 'POST customerPayments', method: 'POST', url, body, idempotent: false, auditRequest: { naturalKey: key, invoice: body.appliesToInvoiceNumber }, ...(signal ? { signal } : {}) });
      return { documentNumber: doc.documentNumber, alreadyExisted: missing.length === 0, posted: false };
    });
  }

  /** The payout's journal batch, its document number (first word of its name) and whether G/L entries carry that number (a person posted it). */
  private async payoutState(key: string, signal?: AbortSignal): Promise<{ journal: Row | null; documentNumber: string | null; posted: boolean }> {
    const journal = await this.findJournalByCode('customerPaymentJournals', journalBatchCode(key, 'AMS'), signal);
    const documentNumber = journal ? String(journal.displayName ?? '').split(' ')[0] || null : null;
    if (!documentNumber) return { journal, documentNumber: null, posted: false };
    const entries = await this.getSet('generalLedgerEntries', { filter: `documentNumber eq ${odataString(documentNumber)}`, top: 1, select: ['documentNumber'] }, signal);
    return { journal, documentNumber, posted: entries.length > 0 };
  }

  private async postableAccountId(number: string, key: string, signal?: AbortSignal): Promise<string> {
    const account = (await this.readReferenceData('accounts', null, signal)).records.find((a) => a.code === number);
    const where = { system: SYSTEM, kind: 'validation' as const, document: key, retryable: false };
    if (!account) throw new ErpError(`Payment ${key}: G/L account ${number} does not exist in Business Central. Nothing was posted.`, where);
    if (!account.postable) throw new ErpError(`Payment ${key}: G/L account ${number} (${account.name}) does not accept direct postings. Nothing was posted.`, where);
    return account.id;
  }

  /**
   * Runs look-create-post rounds: a retryable failure (5xx, dropped connection, 429 after retries,
   * a key that already exists because an earlier attempt got through) starts over from the look-up.
   */
  private async rounds(key: string, signal: AbortSignal | undefined, round: (n: number) => Promise<PostResult>): Promise<PostResult> {
    return inRounds({ key, maxRounds: MAX_ROUNDS, alreadyExists: sameKeyExists, ...(signal ? { signal } : {}) }, round);
  }

  /**
   * JSON $batch in chunks of at most 100, each atomic (Isolation: snapshot, BCDOCS use-odata-batch.md).
   * Chunks go out in parallel; the connection's gate keeps at most 5 in flight (BC's per-user limit).
   * They are independent (explicit line numbers), and a failed chunk is recreated by the next round.
   */
  private async batch(ops: BatchOperation[], operation: string, key: string, signal?: AbortSignal): Promise<BatchOperationResult[]> {
    const settled = await Promise.allSettled(chunk(ops, MAX_BATCH_OPERATIONS).map((group) => this.batchChunk(group, operation, key, signal)));
    const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    // A permanent refusal (bad data) says more than a transient one that happened alongside it.
    const worst = errors.find((e) => !(e instanceof ErpError) || !e.retryable) ?? errors[0];
    if (worst !== undefined) throw worst;
    return settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  }

  private async batchChunk(group: BatchOperation[], operation: string, key: string, signal?: AbortSignal): Promise<BatchOperationResult[]> {
    const res = await this.http.send({
      operation: `$batch ${operation}`, method: 'POST', url: `${this.apiBaseUrl}/$batch`, idempotent: false,
      headers: { isolation: 'snapshot' }, body: { requests: group.map((op) => ({ ...op, headers: { 'content-type': 'application/json', ...(op.headers ?? {}) } })) },
      auditRequest: { operations: group.length, first: group[0]?.id, last: group[group.length - 1]?.id },
      ...(signal ? { signal } : {}),
    });
    const responses = res.json<{ responses?: BatchOperationResult[] }>().responses ?? [];
    const failed = responses.find((r) => r.status >= 400);
    if (failed || responses.length < group.length) {
      const body = (failed?.body ?? {}) as { error?: { code?: string; message?: string } };
      const status = failed?.status ?? 500;
      const code = body.error?.code ?? null;
      const { text, correlationId } = splitCorrelationId(body.error?.message ?? 'the batch stopped before every operation ran');
      const line = failed ? Number(failed.id) : undefined;
      const kind = status >= 500 || status === 429 ? 'transient' : classifyBusinessCentralError(status, code);
      // The whole chunk was rolled back (snapshot isolation), so the next round recreates all of it.
      throw new ErpError(`Document ${key}${line ? `, line ${line}` : ''}: Business Central refused ${operation}: ${code ? `${code}: ` : ''}${text}${correlationId ? ` (correlation id ${correlationId})` : ''}`, {
        system: SYSTEM, kind, httpStatus: status, erpCode: code, erpMessage: text, operation, document: key,
        ...(line ? { line } : {}), retryable: kind === 'transient',
      });
    }
    return responses;
  }
}

/** Whether a draft carries the body's customer and exactly its lines (type, number, quantity, price, tax code), in order. */
function draftCarries(draft: Row, body: Row, lineSet: string): boolean {
  if (body.customerNumber !== undefined && String(draft.customerNumber ?? '') !== String(body.customerNumber)) return false;
  const wanted = (body[lineSet] as Row[] | undefined) ?? [];
  const lines = ((draft[lineSet] as Row[] | undefined) ?? []).slice().sort((a, b) => Number(a.sequence) - Number(b.sequence));
  if (lines.length !== wanted.length) return false;
  const same = (a: unknown, b: unknown) => String(a ?? '').toUpperCase() === String(b ?? '').toUpperCase();
  return wanted.every((w, i) => {
    const l = lines[i]!;
    return same(l.lineType ?? 'Item', w.lineType ?? 'Item') && same(l.lineObjectNumber, w.lineObjectNumber) && Number(l.quantity) === Number(w.quantity)
      && Number(l.unitPrice) === Number(w.unitPrice) && (w.taxCode === undefined || same(l.taxCode, w.taxCode));
  });
}

/** BC refuses a second record with the same key (NOTES §1.5, §1.7): an earlier attempt got through. */
function sameKeyExists(err: ErpError): boolean {
  return err.kind === 'conflict' && err.erpCode === 'Internal_EntityWithSameKeyExists';
}

function maxTimestamp(values: Array<string | null>, fallback: string | null): string | null {
  let best = fallback;
  for (const v of values) if (v && (!best || Date.parse(v) > Date.parse(best))) best = v;
  return best;
}
