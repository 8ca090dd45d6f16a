import type { AuditLog } from '../../store';
import { systemClock, type Clock } from '../../clock/clock';
import type { BackoffPolicy } from '../../net/backoff';
import { fetchTrustingCertificate } from '../../net/tls-trust';
import type {
  ConnectionInfo, ErpConnector, FoundDocument, IsoDate, ItemPrice, JournalDocument, NaturalKeyKind, PostResult, ReferenceDataKind, ReferenceDataPage, ReferenceRecord, SalesCreditNoteDocument, SalesCreditNotePosting, SalesInvoiceDocument, SalesInvoicePosting,
  SettlementPaymentDocument, SettlementPaymentPosting, StockAndPriceReading, StockLevel,
} from '../erp-connector';
import type { ExchangeRateReader, LedgerRates, RateWanted } from '../exchange-rate';
import { ConcurrencyGate } from '../concurrency-gate';
import { createOnce, inRounds } from '../create-once';
import { ErpError } from '../erp-error';
import { auditToLog, ErpHttpClient, type CallAuditor } from '../http-client';
import { buildQuery, odataString, type ODataQuery } from '../odata';
import { readAllPages, type PageBody } from '../pager';
import type { AccountCreation, AmazonFulfilmentOrders, FulfilmentMarker, FulfilmentOrder, CustomerReturnDocument, CustomerReturnPosting, ErpReturnReason, ErpWarehouse, InventoryAdjustmentDocument, InventoryAdjustmentPosting, JournalReversal, JournalReversalResult, NewAccount } from '../erp-connector';
import { classifySapB1Error, isSessionExpired } from './errors';
import { sapB1Kind } from './kind';
import { accountRecord, journalEntryBody, type ForeignCurrency } from './mapping';
import { BASE_INVOICE_FIELDS, CREDIT_NOTE_KEY_FIELDS, creditNoteBody, creditNoteOfRefund } from './credit-note';
import { parseReturnReasons, returnDocumentBody, returnDocumentSet, toErpWarehouse, WAREHOUSE_FIELDS } from './customer-returns';
import { INVOICE_KEY_FIELDS, invoiceBody, invoiceOfOrder } from './sales-invoice';
import { incomingPaymentBody, OPEN_INVOICE_FIELDS, PAYMENT_KEY_FIELDS, paymentOfKey } from './incoming-payment';
import { B1SessionKeeper, serviceRoot } from './session';
import { countedWarehouses, readB1Prices, readB1Stock } from './stock-and-prices';
import { fulfilmentOrderOf, ORDER_FIELDS, shippingTypeClause, shippingTypeQuery, trackingPatch, userFieldClause, userFieldQuery } from './fulfilment-orders';
import { ADJUSTMENT_KEY_FIELDS, adjustmentBody, adjustmentOfKey, adjustmentSet } from './inventory-adjustment';
import type { SapB1Secrets, SapB1Settings } from './settings';

type Row = Record<string, unknown>;
const SYSTEM = 'sap-b1';

export interface SapB1ConnectorOptions {
  settings: SapB1Settings;
  secrets: SapB1Secrets;
  audit?: AuditLog | CallAuditor;
  connectionId?: string;
  fetch?: typeof fetch;
  backoff?: BackoffPolicy;
  clock?: Clock;
  /** Prefer: odata.maxpagesize; B1 pages at 20 otherwise (NOTES §3.4). */
  pageSize?: number;
  /** How long to wait before looking again after an unknown outcome of a create. */
  settleMs?: number;
}

interface AdminInfo { CompanyName?: string; LocalCurrency?: string; SystemCurrency?: string }

/**
 * SAP Business One through the Service Layer behind the ErpConnector contract. One session per
 * connector (B1SESSION/ROUTEID cookies, NOTES §3.1), at most `concurrency` requests in flight on it
 * (issue 16: 2 unless the user raises it). A journal entry is booked on create, so exactly once rests on
 * looking our natural key up in Reference before creating and after any unknown outcome (NOTES §3.6).
 */
export class SapB1Connector implements ErpConnector, ExchangeRateReader, JournalReversal, SalesInvoicePosting, SalesCreditNotePosting, SettlementPaymentPosting, StockAndPriceReading, AccountCreation, CustomerReturnPosting, InventoryAdjustmentPosting, AmazonFulfilmentOrders {
  readonly system = SYSTEM;
  readonly capabilities = sapB1Kind.capabilities;
  readonly http: ErpHttpClient;
  readonly session: B1SessionKeeper;
  private readonly root: string;
  private readonly clock: Clock;
  private admin: AdminInfo | null = null;
  private closed = false;

  constructor(private readonly o: SapB1ConnectorOptions) {
    const auditor = !o.audit ? undefined : typeof o.audit === 'function' ? o.audit : auditToLog(o.audit, SYSTEM, o.connectionId);
    this.root = serviceRoot(o.settings);
    this.clock = o.clock ?? systemClock;
    // A self-signed Service Layer certificate is trusted only by the fingerprint this connection names.
    const pinned = o.settings.trustedCertificateSha256;
    const fetchImpl = o.fetch ?? (pinned ? fetchTrustingCertificate(pinned) : undefined);
    const common = {
      system: SYSTEM,
      classify: ({ status, code }: { status: number; code: string | null }) => classifySapB1Error(status, code),
      clock: this.clock,
      ...(o.backoff ? { backoff: o.backoff } : {}),
      ...(auditor ? { audit: auditor } : {}),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    };
    // Login and logout carry no session, so they never trigger a re-login of their own.
    const loginHttp = new ErpHttpClient({ ...common, authorize: async () => ({}), isSessionExpired: () => false, gate: new ConcurrencyGate(1) });
    this.session = new B1SessionKeeper(o.settings, o.secrets, loginHttp, this.clock);
    this.http = new ErpHttpClient({
      ...common,
      authorize: (signal) => this.session.authorize(signal),
      onUnauthorized: (headers, signal) => this.session.shared.renew(headers, signal),
      isSessionExpired,
      gate: new ConcurrencyGate(Number(o.settings.concurrency || 2)),
    });
  }

  // ---------- connection ----------

  async testConnection(signal?: AbortSignal): Promise<ConnectionInfo> {
    const admin = await this.adminInfo(signal);
    return {
      principal: `user ${this.o.settings.userName}`,
      companyId: this.o.settings.companyDb,
      companyName: admin.CompanyName || this.o.settings.companyDb,
      environment: `Service Layer ${this.root}${admin.SystemCurrency ? `, system currency ${admin.SystemCurrency}` : ''}`,
      version: this.session.version,
      localCurrency: admin.LocalCurrency ?? null,
    };
  }

  /** Logs out, freeing the licence seat now rather than at the idle timeout (NOTES §3.1). */
  async close(): Promise<void> {
    this.closed = true;
    await this.session.shared.close();
  }

  /** The company's name and local and system currencies (edmx AdminInfo, CompanyService_GetAdminInfo). */
  private async adminInfo(signal?: AbortSignal): Promise<AdminInfo> {
    if (this.admin) return this.admin;
    const res = await this.send({ operation: 'POST CompanyService_GetAdminInfo', method: 'POST', url: `${this.root}/CompanyService_GetAdminInfo`, body: {}, idempotent: true }, signal);
    this.admin = res.json<AdminInfo>();
    return this.admin;
  }

  // ---------- reads ----------

  private send(req: Parameters<ErpHttpClient['send']>[0], signal?: AbortSignal) {
    if (this.closed) throw new Error('The SAP Business One connector was used after close().');
    return this.http.send({ ...req, ...(signal ? { signal } : {}) });
  }

  private async getAll(set: string, query: ODataQuery, signal?: AbortSignal): Promise<Row[]> {
    const prefer = this.o.pageSize ? { prefer: `odata.maxpagesize=${this.o.pageSize}` } : undefined;
    return readAllPages<Row>(`${this.root}/${set}${buildQuery(query)}`, async (url) => {
      const res = await this.send({ operation: `GET ${set}`, method: 'GET', url, ...(prefer ? { headers: prefer } : {}) }, signal);
      return res.json<PageBody<Row>>();
    });
  }

  async readReferenceData(kind: ReferenceDataKind, _since?: string | null, signal?: AbortSignal): Promise<ReferenceDataPage> {
    let records: ReferenceRecord[] = [];
    if (kind === 'accounts') {
      // Read whole: ChartOfAccount has no UpdateDate in the metadata (NOTES §3.4's incremental read is for documents, items and partners).
      records = (await this.getAll('ChartOfAccounts', { select: ['Code', 'Name', 'ActiveAccount', 'FrozenFor', 'LockManualTransaction', 'AcctCurrency', 'AccountType'] }, signal)).map(accountRecord);
      return { records, watermark: null };
    }
    if (kind === 'dimensions') {
      // Dimensions by number, each with the profit centres (cost centres) that belong to it (edmx ProfitCenter.InWhichDimension).
      const [dims, centres] = await Promise.all([this.getAll('Dimensions', {}, signal), this.getAll('ProfitCenters', {}, signal)]);
      records = dims.map((d) => ({
        id: String(d.DimensionCode), code: String(d.DimensionCode), name: String(d.DimensionName ?? ''), postable: d.IsActive !== 'tNO', lastModified: null,
        values: centres.filter((c) => c.InWhichDimension === d.DimensionCode).map((c) => ({ id: String(c.CenterCode), code: String(c.CenterCode), name: String(c.CenterName ?? ''), postable: c.Active !== 'tNO', lastModified: null })),
      }));
    }
    if (kind === 'customers') {
      // Customers (CardType cCustomer) a marketplace maps to; an inactive (frozen) one cannot take an invoice.
      records = (await this.getAll('BusinessPartners', { filter: "CardType eq 'cCustomer'", select: ['CardCode', 'CardName', 'Frozen'] }, signal))
        .map((r) => ({ id: String(r.CardCode), code: String(r.CardCode), name: String(r.CardName ?? ''), postable: r.Frozen !== 'tYES', lastModified: null }));
    }
    if (kind === 'taxCodes') {
      // A line's TaxCode names a SalesTaxCodes row (edmx EntityType SalesTaxCode: Code, Name, Inactive, ValidForAR).
      // VAT localisations name VatGroups in VatGroup instead (NOTES §3.3); the connector sends TaxCode, so this
      // reads what TaxCode takes. One inactive or not valid for sales cannot take an invoice line (UNVERIFIED that B1 refuses it).
      records = (await this.getAll('SalesTaxCodes', { select: ['Code', 'Name', 'Inactive', 'ValidForAR'] }, signal))
        .map((r) => ({ id: String(r.Code), code: String(r.Code), name: String(r.Name ?? ''), postable: r.Inactive !== 'tYES' && r.ValidForAR !== 'tNO', lastModified: null }));
    }
    if (kind === 'freightCodes') {
      // DocumentAdditionalExpense.ExpenseCode names an AdditionalExpenses row (edmx EntityType AdditionalExpense: ExpensCode Edm.Int32, Name).
      records = (await this.getAll('AdditionalExpenses', { select: ['ExpensCode', 'Name'] }, signal))
        .map((r) => ({ id: String(r.ExpensCode), code: String(r.ExpensCode), name: String(r.Name ?? ''), postable: true, lastModified: null }));
    }
    if (kind === 'items') {
      // Items a SKU maps to: sellable (SalesItem) and not frozen (edmx Item).
      records = (await this.getAll('Items', { select: ['ItemCode', 'ItemName', 'SalesItem', 'Frozen'] }, signal))
        .map((r) => ({ id: String(r.ItemCode), code: String(r.ItemCode), name: String(r.ItemName ?? ''), postable: r.SalesItem === 'tYES' && r.Frozen !== 'tYES', lastModified: null }));
    }
    return { records, watermark: null };
  }

  // ---------- stock and prices (Amazon listings) ----------

  readStock(itemNumbers: readonly string[], signal?: AbortSignal): Promise<StockLevel[]> {
    return readB1Stock((set, q, s) => this.getAll(set, q, s), this.o.settings, itemNumbers, signal);
  }

  readPrices(itemNumbers: readonly string[], signal?: AbortSignal): Promise<ItemPrice[]> {
    return readB1Prices((set, q, s) => this.getAll(set, q, s), this.o.settings, itemNumbers, async () => (await this.adminInfo(signal)).LocalCurrency ?? null, signal);
  }

  /**
   * FBA stock brought into B1 as a goods receipt (units added) or goods issue (units taken out), booked on
   * create. Exactly once rests on the duplicate check on Comments (our natural key) in the one set the
   * sign chooses, before creating and after any unknown outcome.
   */
  async postInventoryAdjustment(doc: InventoryAdjustmentDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    const set = adjustmentSet(doc);
    const body = adjustmentBody(doc, countedWarehouses(this.o.settings)?.[0] ?? null);
    const result = await createOnce<string>({
      key,
      look: async (s) => adjustmentOfKey(key, await this.getAll(set, { filter: `Comments eq ${odataString(key)}`, select: ADJUSTMENT_KEY_FIELDS }, s)),
      create: async (s) => {
        const res = await this.send({ operation: `POST ${set}`, method: 'POST', url: `${this.root}/${set}`, body, auditRequest: { naturalKey: key, item: doc.itemNumber, quantity: doc.quantity } }, s);
        const docNum = res.text ? res.json<Row>().DocNum : undefined;
        if (docNum === undefined || docNum === null) throw new ErpError(`SAP Business One created stock adjustment ${key} without saying its number.`, { system: SYSTEM, kind: 'permanent', document: key, retryable: false });
        return String(docNum);
      },
      settle: { ms: this.o.settleMs ?? 2_000, clock: this.clock },
      ...(signal ? { signal } : {}),
    });
    return { documentNumber: result.value, alreadyExisted: result.existedBefore, posted: true };
  }

  // ---------- orders shipped by Amazon (Multi-Channel Fulfillment) ----------

  /** Open sales orders marked as Amazon's: with open lines at its warehouse, naming its shipping type, or with its user field's value. */
  async readFulfilmentOrders(marker: FulfilmentMarker, signal?: AbortSignal): Promise<FulfilmentOrder[]> {
    const open = "DocumentStatus eq 'bost_Open' and Cancelled eq 'tNO'";
    const marked = await this.markerClause(marker, signal);
    const rows = await this.getAll('Orders', { filter: marked ? `${open} and ${marked}` : open, select: ORDER_FIELDS }, signal);
    return rows.map((r) => fulfilmentOrderOf(r, marker.by === 'location' ? marker.code : null)).filter((o): o is FulfilmentOrder => o !== null);
  }

  async checkFulfilmentMarker(marker: FulfilmentMarker, signal?: AbortSignal): Promise<void> {
    await this.markerClause(marker, signal);
  }

  /** Checks the marker against the company (a warehouse, shipping type or user field it has) and answers its Orders filter clause. */
  private async markerClause(marker: FulfilmentMarker, signal?: AbortSignal): Promise<string | null> {
    if (marker.by === 'shipping-agent') return shippingTypeClause(marker.code, (await this.getAll('ShippingTypes', shippingTypeQuery(marker.code), signal))[0]);
    if (marker.by === 'field') return userFieldClause(marker, (await this.getAll('UserFieldsMD', userFieldQuery(marker.field), signal))[0]);
    const known = await this.getAll('Warehouses', { filter: `WarehouseCode eq ${odataString(marker.code)}`, select: ['WarehouseCode'] }, signal);
    if (!known.length) throw new ErpError(`SAP Business One has no warehouse ${marker.code}, the one set for orders shipped by Amazon. Pick an existing warehouse code in the fulfilment settings.`, { system: SYSTEM, kind: 'validation', operation: 'Warehouses', retryable: false });
    // Lines stand at warehouses, the header at none: the order's lines are picked after the read.
    return null;
  }

  /**
   * Amazon's note on the order's Comments and its tracking numbers in TrackingNumber, once: the order is
   * read before each PATCH, in rounds, so a dropped answer or an expired session never writes it twice.
   */
  async recordTracking(orderNumber: string, note: string, signal?: AbortSignal, trackingNumber?: string): Promise<'written' | 'already'> {
    return inRounds<'written' | 'already'>({ key: orderNumber, settle: { ms: this.o.settleMs ?? 2_000, clock: this.clock }, ...(signal ? { signal } : {}) }, async (n) => {
      const order = (await this.getAll('Orders', { filter: `DocNum eq ${Number(orderNumber)}`, select: ['DocEntry', 'DocNum', 'DocumentStatus', 'Cancelled', 'TrackingNumber', 'Comments'] }, signal))[0];
      if (!order) throw new ErpError(`Sales order ${orderNumber} is not in SAP Business One, so its Amazon tracking cannot be written to it.`, { system: SYSTEM, kind: 'validation', document: orderNumber, retryable: false });
      const patch = trackingPatch(order, note, trackingNumber);
      if (!patch) return n === 0 ? 'already' : 'written';
      await this.send({ operation: 'PATCH Orders', method: 'PATCH', url: `${this.root}/Orders(${Number(order.DocEntry)})`, body: patch, idempotent: false, auditRequest: { order: orderNumber } }, signal);
      return 'written';
    });
  }

  // ---------- journals ----------

  async findByNaturalKey(kind: NaturalKeyKind, key: string, signal?: AbortSignal): Promise<FoundDocument | null> {
    if (kind === 'salesInvoice') {
      const docNum = await this.invoiceOfOrder(key, null, signal);
      return docNum === null ? null : { kind, documentNumber: docNum, state: 'posted' };
    }
    if (kind === 'salesCreditNote') {
      const docNum = await this.creditNoteOf(key, null, signal);
      return docNum === null ? null : { kind, documentNumber: docNum, state: 'posted' };
    }
    if (kind === 'settlementPayment') {
      const docNum = await this.paymentOf(key, signal);
      return docNum === null ? null : { kind, documentNumber: docNum, state: 'posted' };
    }
    if (kind !== 'journal') throw new ErpError(`SAP Business One: looking up a ${kind} is not built yet.`, { system: SYSTEM, kind: 'unsupported', retryable: false });
    const rows = await this.getAll('JournalEntries', { filter: `Reference eq ${odataString(key)}`, select: ['JdtNum', 'Reference'] }, signal);
    const row = rows[0];
    return row ? { kind, documentNumber: String(row.JdtNum), state: 'posted' } : null;
  }

  async postJournal(doc: JournalDocument, signal?: AbortSignal): Promise<PostResult> {
    const fc = await this.foreignCurrency({ currency: doc.currency, date: doc.postingDate, key: doc.externalDocumentNumber }, signal);
    const body = journalEntryBody(doc, fc);
    const result = await createOnce<string>({
      key: doc.externalDocumentNumber,
      look: async (s) => (await this.findByNaturalKey('journal', doc.externalDocumentNumber, s))?.documentNumber ?? null,
      create: async (s) => {
        const res = await this.send({
          operation: 'POST JournalEntries', method: 'POST', url: `${this.root}/JournalEntries`, body, headers: { prefer: 'return-no-content' },
          auditRequest: { naturalKey: doc.externalDocumentNumber, lines: doc.lines.length },
        }, s);
        const location = res.headers.get('location') ?? '';
        const jdt = /JournalEntries\((\d+)\)/.exec(location)?.[1] ?? (res.text ? String(res.json<Row>().JdtNum ?? '') : '');
        if (!jdt) throw new ErpError(`SAP Business One created journal entry ${doc.externalDocumentNumber} without saying its number.`, { system: SYSTEM, kind: 'permanent', retryable: false });
        return jdt;
      },
      settle: { ms: this.o.settleMs ?? 2_000, clock: this.clock },
      ...(signal ? { signal } : {}),
    });
    return { documentNumber: result.value, alreadyExisted: result.existedBefore, posted: true };
  }

  /**
   * Reverses a posted journal entry with `POST JournalEntries(n)/Cancel` (the edmx's bound action Cancel
   * on JournalEntry), which books a reversing entry. Cancel is not idempotent and B1 refuses a second
   * one, so exactly once rests on looking for the reversal first and after any unknown outcome: the entry
   * whose `Original` is n (a JournalEntry property in the edmx; that B1 fills it on a cancellation's
   * reversal is UNVERIFIED, the emulator does).
   */
  async reverseJournal(posted: { documentNumber: string; naturalKey: string }, signal?: AbortSignal): Promise<JournalReversalResult> {
    const jdt = Number(posted.documentNumber);
    if (!Number.isInteger(jdt) || jdt <= 0) {
      throw new ErpError(`SAP Business One journal entry numbers are whole numbers; "${posted.documentNumber}" (${posted.naturalKey}) is not one.`, { system: SYSTEM, kind: 'validation', document: posted.naturalKey, retryable: false });
    }
    const look = async (s?: AbortSignal) => {
      const rows = await this.getAll('JournalEntries', { filter: `Original eq ${jdt}`, select: ['JdtNum', 'Original'] }, s);
      return rows[0] ? String(rows[0].JdtNum) : null;
    };
    const result = await createOnce<string | null>({
      key: posted.naturalKey,
      look,
      create: async (s) => {
        await this.send({
          operation: 'POST JournalEntries/Cancel', method: 'POST', url: `${this.root}/JournalEntries(${jdt})/Cancel`, body: {},
          auditRequest: { naturalKey: posted.naturalKey, jdtNum: jdt },
        }, s);
        // Cancel answers 204 without the reversal's number: read it back.
        return look(s);
      },
      settle: { ms: this.o.settleMs ?? 2_000, clock: this.clock },
      ...(signal ? { signal } : {}),
    });
    return { reversalDocumentNumber: result.value, alreadyReversed: result.existedBefore };
  }

  // ---------- sales invoices ----------

  /**
   * An Amazon order as an A/R invoice (POST Invoices, NOTES §3.3), booked on create. Exactly once rests on
   * the duplicate check: the invoice whose NumAtCard is the order id is looked for before creating and
   * after any unknown outcome (a dropped answer, a 5xx), and is known by its DocNum (NOTES §3.6).
   */
  /** A new active G/L account (POST ChartOfAccounts); one already under its code is left as it is. */
  async createAccount(account: NewAccount, signal?: AbortSignal): Promise<'created' | 'exists'> {
    if ((await this.getAll('ChartOfAccounts', { filter: `Code eq ${odataString(account.number)}`, select: ['Code'] }, signal)).length) return 'exists';
    const type = account.kind === 'income' ? 'at_Revenues' : account.kind === 'expense' ? 'at_Expenses' : 'at_Other';
    await this.send({ operation: 'POST ChartOfAccounts', method: 'POST', url: `${this.root}/ChartOfAccounts`, body: { Code: account.number, Name: account.name.slice(0, 100), AccountType: type, ActiveAccount: 'tYES' }, idempotent: false }, signal);
    return 'created';
  }

  async postSalesInvoice(doc: SalesInvoiceDocument, signal?: AbortSignal): Promise<PostResult> {
    const body = invoiceBody(doc);
    const key = doc.externalDocumentNumber;
    await this.foreignCurrency({ currency: doc.currency, date: doc.invoiceDate, key }, signal);
    const result = await createOnce<string>({
      key,
      look: (s) => this.invoiceOfOrder(key, doc.customerNumber, s),
      create: async (s) => {
        const res = await this.send({
          operation: 'POST Invoices', method: 'POST', url: `${this.root}/Invoices`, body,
          auditRequest: { naturalKey: key, customer: doc.customerNumber, lines: doc.lines.length },
        }, s);
        const docNum = res.text ? res.json<Row>().DocNum : undefined;
        if (docNum === undefined || docNum === null) throw new ErpError(`SAP Business One created the invoice of order ${key} without saying its number.`, { system: SYSTEM, kind: 'permanent', document: key, retryable: false });
        return String(docNum);
      },
      settle: { ms: this.o.settleMs ?? 2_000, clock: this.clock },
      ...(signal ? { signal } : {}),
    });
    return { documentNumber: result.value, alreadyExisted: result.existedBefore, posted: true };
  }

  /** The DocNum of the order's invoice (NumAtCard = order id), null when there is none; more than one is refused. */
  private async invoiceOfOrder(orderId: string, customer: string | null, signal?: AbortSignal): Promise<string | null> {
    const rows = await this.getAll('Invoices', { filter: `NumAtCard eq ${odataString(orderId)}`, select: INVOICE_KEY_FIELDS }, signal);
    return invoiceOfOrder(orderId, customer, rows);
  }

  /**
   * The invoices a person cancelled in B1: a cancelled document reads Cancelled = tYES (edmx EntityType
   * Document, BoYesNoEnum), and the cancellation document B1 makes for it reads CancelStatus = csCancellation
   * (CancelStatusEnum), which is not the invoice itself.
   */
  async cancelledSalesInvoices(keys: readonly string[], signal?: AbortSignal): Promise<string[]> {
    const out: string[] = [];
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += 20) {
      const group = unique.slice(i, i + 20);
      const rows = await this.getAll('Invoices', { filter: group.map((k) => `NumAtCard eq ${odataString(k)}`).join(' or '), select: ['DocNum', 'NumAtCard', 'Cancelled', 'CancelStatus'] }, signal);
      for (const r of rows) if (r.Cancelled === 'tYES' && r.CancelStatus !== 'csCancellation') out.push(String(r.NumAtCard));
    }
    return out;
  }

  // ---------- refund credit notes ----------

  /**
   * A refund as an A/R credit note (POST CreditNotes) copied from the lines of its order's invoice, booked on
   * create. Exactly once as the invoices: the note whose NumAtCard is the refund's key is looked for before
   * creating and after any unknown outcome. The invoice is read just before creating, so its lines' open
   * quantities are B1's as they stand.
   */
  async postSalesCreditNote(doc: SalesCreditNoteDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    await this.foreignCurrency({ currency: doc.currency, date: doc.creditNoteDate, key }, signal);
    const result = await createOnce<string>({
      key,
      look: (s) => this.creditNoteOf(key, doc.customerNumber, s),
      create: async (s) => {
        const invoice = (await this.invoicesByNumber([doc.invoiceNumber], s, BASE_INVOICE_FIELDS))[0] ?? null;
        const res = await this.send({
          operation: 'POST CreditNotes', method: 'POST', url: `${this.root}/CreditNotes`, body: creditNoteBody(doc, invoice),
          auditRequest: { naturalKey: key, customer: doc.customerNumber, invoice: doc.invoiceNumber, lines: doc.lines.length },
        }, s);
        const docNum = res.text ? res.json<Row>().DocNum : undefined;
        if (docNum === undefined || docNum === null) throw new ErpError(`SAP Business One created the credit note of refund ${key} without saying its number.`, { system: SYSTEM, kind: 'permanent', document: key, retryable: false });
        return String(docNum);
      },
      settle: { ms: this.o.settleMs ?? 2_000, clock: this.clock },
      ...(signal ? { signal } : {}),
    });
    return { documentNumber: result.value, alreadyExisted: result.existedBefore, posted: true };
  }

  private async creditNoteOf(key: string, customer: string | null, signal?: AbortSignal): Promise<string | null> {
    return creditNoteOfRefund(key, customer, await this.getAll('CreditNotes', { filter: `NumAtCard eq ${odataString(key)}`, select: CREDIT_NOTE_KEY_FIELDS }, signal));
  }

  // ---------- customer returns ----------

  /** B1's return reason codes, from the connection's settings (customer-returns.ts: the metadata lists none). */
  async readReturnReasons(): Promise<ErpReturnReason[]> {
    return parseReturnReasons(this.o.settings.returnReasons);
  }

  /** The company's warehouses (GET Warehouses, customer-returns.ts), for the sellable and unsellable return warehouses. */
  async readReturnWarehouses(signal?: AbortSignal): Promise<ErpWarehouse[]> {
    return (await this.getAll('Warehouses', { select: WAREHOUSE_FIELDS }, signal)).map(toErpWarehouse);
  }

  /**
   * A customer return as a credit note copied from the order's invoice or as a return request
   * (customer-returns.ts), booked on create, once: the document whose NumAtCard is the return's key is
   * looked for before creating and after any unknown outcome.
   */
  async postCustomerReturn(doc: CustomerReturnDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    const set = returnDocumentSet(doc);
    await this.foreignCurrency({ currency: doc.currency, date: doc.returnDate, key }, signal);
    const look = async (s?: AbortSignal) => creditNoteOfRefund(key, doc.customerNumber, await this.getAll(set, { filter: `NumAtCard eq ${odataString(key)}`, select: CREDIT_NOTE_KEY_FIELDS }, s), set === 'CreditNotes' ? 'A/R credit note' : 'return request');
    const result = await createOnce<string>({
      key,
      look,
      create: async (s) => {
        const invoice = doc.kind === 'credit-note' && doc.invoiceNumber ? (await this.invoicesByNumber([doc.invoiceNumber], s, BASE_INVOICE_FIELDS))[0] ?? null : null;
        const res = await this.send({
          operation: `POST ${set}`, method: 'POST', url: `${this.root}/${set}`, body: returnDocumentBody(doc, invoice),
          auditRequest: { naturalKey: key, customer: doc.customerNumber, invoice: doc.invoiceNumber, reason: doc.reasonCode },
        }, s);
        const docNum = res.text ? res.json<Row>().DocNum : undefined;
        if (docNum === undefined || docNum === null) throw new ErpError(`SAP Business One created the document of return ${key} without saying its number.`, { system: SYSTEM, kind: 'permanent', document: key, retryable: false });
        return String(docNum);
      },
      settle: { ms: this.o.settleMs ?? 2_000, clock: this.clock },
      ...(signal ? { signal } : {}),
    });
    return { documentNumber: result.value, alreadyExisted: result.existedBefore, posted: true };
  }

  // ---------- settlement payouts ----------

  /**
   * A settlement's payout as an incoming payment (POST IncomingPayments, NOTES §3.3) from the marketplace
   * customer, out of the clearing account, applied to the invoices of the settlement's orders net of their
   * refunds' credit notes; booked on
   * create. Exactly once rests on the duplicate check on Remarks (our natural key) before creating and after
   * any unknown outcome. The invoices are read just before creating, so one closed or paid since is named
   * in the refusal rather than sent.
   */
  async postSettlementPayment(doc: SettlementPaymentDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    await this.foreignCurrency({ currency: doc.currency, date: doc.postingDate, key }, signal);
    const local = (await this.adminInfo(signal)).LocalCurrency ?? null;
    const result = await createOnce<string>({
      key,
      look: (s) => this.paymentOf(key, s),
      create: async (s) => {
        const numbers = (kind: 'invoice' | 'creditNote') => doc.applications.filter((a) => a.kind === kind).map((a) => a.documentNumber);
        const notes = await this.invoicesByNumber(numbers('creditNote'), s, OPEN_INVOICE_FIELDS, 'CreditNotes');
        const body = incomingPaymentBody(doc, await this.invoicesByNumber(numbers('invoice'), s), notes, local);
        const res = await this.send({
          operation: 'POST IncomingPayments', method: 'POST', url: `${this.root}/IncomingPayments`, body,
          auditRequest: { naturalKey: key, customer: doc.customerNumber, invoices: doc.applications.length },
        }, s);
        const docNum = res.text ? res.json<Row>().DocNum : undefined;
        if (docNum === undefined || docNum === null) throw new ErpError(`SAP Business One created the payment of ${key} without saying its number.`, { system: SYSTEM, kind: 'permanent', document: key, retryable: false });
        return String(docNum);
      },
      settle: { ms: this.o.settleMs ?? 2_000, clock: this.clock },
      ...(signal ? { signal } : {}),
    });
    return { documentNumber: result.value, alreadyExisted: result.existedBefore, posted: true };
  }

  private async paymentOf(key: string, signal?: AbortSignal): Promise<string | null> {
    return paymentOfKey(key, await this.getAll('IncomingPayments', { filter: `Remarks eq ${odataString(key)}`, select: PAYMENT_KEY_FIELDS }, signal));
  }

  /** Invoices (or credit notes) by DocNum, twenty to a request so the filter stays short. */
  private async invoicesByNumber(numbers: readonly string[], signal?: AbortSignal, select: string[] = OPEN_INVOICE_FIELDS, set: 'Invoices' | 'CreditNotes' = 'Invoices'): Promise<Row[]> {
    const unique = [...new Set(numbers)];
    const out: Row[] = [];
    for (let i = 0; i < unique.length; i += 20) {
      const group = unique.slice(i, i + 20).map(Number).filter(Number.isInteger);
      if (group.length) out.push(...(await this.getAll(set, { filter: group.map((n) => `DocNum eq ${n}`).join(' or '), select }, signal)));
    }
    return out;
  }

  /** A document outside the local currency posts at the company's rate for its date; B1 has no rate → refused in plain words. */
  private async foreignCurrency(doc: { currency: string; date: IsoDate; key: string }, signal?: AbortSignal): Promise<ForeignCurrency | null> {
    const local = (await this.adminInfo(signal)).LocalCurrency;
    if (!local || local === doc.currency) return null;
    const rate = await this.rateOn(doc.currency, doc.date, signal);
    if (rate === null) {
      throw new ErpError(`SAP Business One has no exchange rate for ${doc.currency} on ${doc.date}: enter it in B1 (Exchange Rates and Indexes), then post again.`, {
        system: SYSTEM, kind: 'validation', operation: 'SBOBobService_GetCurrencyRate', document: doc.key, retryable: false,
      });
    }
    return { localCurrency: local, rate };
  }

  /**
   * The company's rate of `currency` for one day (edmx Function SBOBobService_GetCurrencyRate(Currency,
   * Date) → Edm.Double; called with POST and a JSON body as the other SBOBobService functions are,
   * UNVERIFIED for GET). B1 keeps one rate per currency and day; a day without one is refused (its
   * code and words UNVERIFIED), which is null here.
   */
  private async rateOn(currency: string, date: IsoDate, signal?: AbortSignal): Promise<number | null> {
    try {
      const res = await this.send({ operation: 'POST SBOBobService_GetCurrencyRate', method: 'POST', url: `${this.root}/SBOBobService_GetCurrencyRate`, body: { Currency: currency, Date: date }, idempotent: true }, signal);
      const answer = res.json<{ value?: unknown } | number>();
      const rate = typeof answer === 'number' ? answer : Number((answer as { value?: unknown }).value);
      return rate > 0 ? rate : null;
    } catch (err) {
      if (err instanceof ErpError && (err.kind === 'validation' || err.kind === 'not-found')) return null;
      throw err;
    }
  }

  /**
   * The local currency, and the company's rate for each currency and posting date the waiting
   * settlements need (B1 answers one rate per currency and day and has no list of its rates in the
   * metadata). Journals post in their own currency with B1 booking the local amounts, so nothing is
   * converted before posting; a day without a rate becomes a review item before approval.
   */
  async readLedgerRates(signal?: AbortSignal, wanted: readonly RateWanted[] = []): Promise<LedgerRates> {
    this.admin = null;
    const local = (await this.adminInfo(signal)).LocalCurrency || null;
    const asked = local ? wanted.filter((w) => w.currency.toUpperCase() !== local.toUpperCase()) : [];
    const answers = await Promise.all(asked.map(async (w) => ({ ...w, rate: await this.rateOn(w.currency, w.date, signal) })));
    return {
      localCurrency: local,
      postsIn: 'document-currency',
      rates: answers.filter((a) => a.rate !== null).map((a) => ({ currency: a.currency, startingDate: a.date, amount: '1', relationalCurrency: null, relationalAmount: String(a.rate) })),
      unavailable: answers.filter((a) => a.rate === null).map(({ currency, date }) => ({ currency, date })),
    };
  }
}
