import type { AuditLog } from '../../store';
import type { Clock } from '../../clock/clock';
import type { BackoffPolicy } from '../../net/backoff';
import { currencyExponent } from '../../money';
import { ConcurrencyGate } from '../concurrency-gate';
import { inRounds } from '../create-once';
import type {
  ConnectionInfo, ErpConnector, FoundDocument, JournalDocument, NaturalKeyKind, PostResult, ReferenceDataKind, ReferenceDataPage, ReferenceRecord,
  SalesCreditNoteDocument, SalesCreditNotePosting, SalesInvoiceDocument, SalesInvoicePosting,
  AccountCreation, NewAccount, InventoryAdjustmentDocument, InventoryAdjustmentPosting, ItemPrice, StockAndPriceReading, StockLevel,
  SettlementPaymentDocument, SettlementPaymentPosting, CustomerReturnDocument, CustomerReturnPosting, ErpReturnReason, ErpWarehouse,
  AmazonFulfilmentOrders, FulfilmentMarker, FulfilmentOrder,
} from '../erp-connector';
import { ErpError } from '../erp-error';
import { auditToLog, ErpHttpClient, type CallAuditor, type HttpRequest, type HttpResponse } from '../http-client';
import { sendAndAwait } from '../long-running';
import { readAllPages } from '../pager';
import { parseReturnReasonSetting } from '../return-reason-setting';
import { minorToWireNumber } from '../wire-decimal';
import { accountTypeNature } from './account-nature';
import { createAcumaticaAuth } from './auth';
import { classifyAcumaticaError, fieldErrorsIn } from './errors';
import { acumaticaKind } from './kind';
import { AcumaticaPayouts } from './payout-payment';
import { creditMemoBody, CREDIT_MEMO, type CreditedInvoice } from './credit-memo';
import { returnCreditMemoBody, returnOrderBody, returnOrderOfKey, toReturnOrder, WAREHOUSE_QUERY, type ReturnOrder } from './customer-returns';
import { AcumaticaFulfilment } from './fulfilment-orders';
import { adjustmentBody, adjustmentOfKey, toAdjustment, type InAdjustment } from './inventory-adjustment';
import { invoiceOfOrder, isReleased, salesInvoiceBody, toArInvoice, type ArInvoice } from './sales-invoice';
import { endpointRoot, type AcumaticaSecrets, type AcumaticaSettings } from './settings';

const SYSTEM = 'acumatica';
/** The dimension a mapping names to choose a line's subaccount (Details[Subaccount], NOTES §4.3). */
export const SUBACCOUNT_DIMENSION = 'SUBACCOUNT';
const PAGE_SIZE = 500;

type Wrapped = Record<string, { value?: unknown } | unknown>;

export interface AcumaticaConnectorOptions {
  settings: AcumaticaSettings;
  secrets: AcumaticaSecrets;
  clock: Clock;
  audit?: AuditLog | CallAuditor;
  connectionId?: string;
  fetch?: typeof fetch;
  backoff?: BackoffPolicy;
  /** Pause between checks of a running release, and how long to wait for it. */
  release?: { intervalMs: number; maxWaitMs: number };
  /** After an unknown outcome, wait this long before looking for the batch again. */
  settleMs?: number;
  /** $top of each page read. */
  pageSize?: number;
}

/** A batch as the connector reads it back. */
interface Batch { id: string; batchNbr: string; status: string }

/** What the instance's version list says (ACUCLI RootApi, NOTES §4.1). */
interface VersionList { version?: { acumaticaBuildVersion?: string }; endpoints?: Array<{ name?: string; version?: string }> }

/**
 * Acumatica's contract-based REST API behind the ErpConnector contract. A settlement journal is a GL
 * JournalTransaction whose Description is our natural key, created with PUT and then released with
 * ReleaseJournalTransaction (202 + Location, NOTES §4.3). Exactly once: look the batch up by module and
 * description before creating and after any unknown outcome; a batch found on hold is taken off hold and
 * released, one found balanced is released, one found released (Unposted) or posted is done.
 */
export class AcumaticaConnector implements ErpConnector, SalesInvoicePosting, SalesCreditNotePosting, AccountCreation, SettlementPaymentPosting, StockAndPriceReading, InventoryAdjustmentPosting, CustomerReturnPosting, AmazonFulfilmentOrders {
  readonly system = SYSTEM;
  readonly capabilities = acumaticaKind.capabilities;
  readonly http: ErpHttpClient;
  private readonly root: string;
  private readonly auth: ReturnType<typeof createAcumaticaAuth>;
  private closed = false;

  constructor(private readonly o: AcumaticaConnectorOptions) {
    const auditor = !o.audit ? undefined : typeof o.audit === 'function' ? o.audit : auditToLog(o.audit, SYSTEM, o.connectionId);
    this.auth = createAcumaticaAuth(o.settings, o.secrets, { clock: o.clock, ...(o.fetch ? { fetch: o.fetch } : {}), ...(auditor ? { audit: auditor } : {}) });
    this.root = endpointRoot(o.settings);
    const session = this.auth.session;
    this.http = new ErpHttpClient({
      system: SYSTEM,
      authorize: (signal) => session.authorize(signal),
      onUnauthorized: (h, signal) => session.renew(h, signal),
      classify: classifyAcumaticaError,
      // The licence caps concurrent API requests and queues the rest (NOTES §4.6): stay inside it.
      gate: new ConcurrencyGate(o.settings.maxInFlight),
      clock: o.clock,
      ...(o.backoff ? { backoff: o.backoff } : {}),
      ...(auditor ? { audit: auditor } : {}),
      ...(o.fetch ? { fetch: o.fetch } : {}),
    });
  }

  /** Sign-ins made, for tests of session expiry and licence seats. */
  get logins(): number {
    return this.auth.session.logins;
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionInfo> {
    const s = this.o.settings;
    const list = (await this.http.send({ operation: 'list endpoint versions', method: 'GET', url: `${s.instanceUrl.replace(/\/+$/, '')}/entity`, ...(signal ? { signal } : {}) })).json<VersionList>();
    const served = (list.endpoints ?? []).filter((e) => e.name === s.endpointName).map((e) => String(e.version));
    if (!served.includes(s.endpointVersion)) {
      throw new ErpError(
        served.length
          ? `This Acumatica instance does not serve the ${s.endpointName} endpoint in version ${s.endpointVersion}; it serves ${served.join(', ')}. Choose one of those in the connection's settings.`
          : `This Acumatica instance serves no endpoint named ${s.endpointName}. Check the endpoint name in the connection's settings.`,
        { system: SYSTEM, kind: 'validation', operation: 'list endpoint versions', retryable: false },
      );
    }
    const ledgers = await this.getList('Ledger', `$filter=${encodeURIComponent("Type eq 'Actual'")}`, signal);
    const currency = ledgers.map((l) => valueOf(l, 'Currency')).find((c): c is string => typeof c === 'string') ?? null;
    return {
      principal: this.auth.principal,
      companyId: s.tenant,
      companyName: `${s.tenant}, branch ${s.branch}`,
      environment: `${s.instanceUrl}, signed in with ${s.signIn === 'cookie' ? 'a cookie session' : 'OAuth 2.0'}`,
      version: `${s.endpointName}/${s.endpointVersion}${list.version?.acumaticaBuildVersion ? `, build ${list.version.acumaticaBuildVersion}` : ''}`,
      localCurrency: currency,
    };
  }

  /** A new active GL account (PUT Account); one already under its AccountCD is left as it is, since a PUT would overwrite it. */
  async createAccount(account: NewAccount, signal?: AbortSignal): Promise<'created' | 'exists'> {
    const found = await this.getAll('Account', `$filter=${encodeURIComponent(`AccountCD eq '${account.number.replace(/'/g, "''")}'`)}`, signal);
    if (found.length) return 'exists';
    const type = { asset: 'Asset', liability: 'Liability', income: 'Income', expense: 'Expense' }[account.kind];
    const body = { AccountCD: { value: account.number }, Description: { value: account.name.slice(0, 60) }, Type: { value: type }, Active: { value: true } };
    await this.call({ operation: 'create account', method: 'PUT', url: `${this.root}/Account`, body, ...(signal ? { signal } : {}) });
    return 'created';
  }

  async readReferenceData(kind: ReferenceDataKind, since?: string | null, signal?: AbortSignal): Promise<ReferenceDataPage> {
    if (kind === 'accounts') {
      // Incremental by LastModifiedDateTime (NOTES §4.4).
      const filter = since ? `$filter=${encodeURIComponent(`LastModifiedDateTime gt datetimeoffset'${since}'`)}` : '';
      const rows = await this.getAll('Account', filter, signal);
      const records = rows.map((r): ReferenceRecord => ({
        id: String(r.id ?? valueOf(r, 'AccountCD')),
        code: String(valueOf(r, 'AccountCD')),
        name: String(valueOf(r, 'Description') ?? ''),
        postable: valueOf(r, 'Active') === true,
        lastModified: (valueOf(r, 'LastModifiedDateTime') as string | undefined) ?? null,
        ...accountTypeNature(valueOf(r, 'Type')),
      }));
      const watermark = records.reduce<string | null>((m, r) => (r.lastModified && (!m || r.lastModified > m) ? r.lastModified : m), since ?? null);
      return { records, watermark };
    }
    if (kind === 'dimensions') {
      // Subaccounts are one segmented key (NOTES §4.3): offered as one dimension whose values are the subaccounts.
      const subs = await this.getAll('Subaccount', '', signal);
      const values = subs.map((r): ReferenceRecord => ({
        id: String(r.id ?? valueOf(r, 'SubaccountCD')), code: String(valueOf(r, 'SubaccountCD')), name: String(valueOf(r, 'Description') ?? ''),
        postable: valueOf(r, 'Active') === true, lastModified: null,
      }));
      return { records: [{ id: SUBACCOUNT_DIMENSION, code: SUBACCOUNT_DIMENSION, name: 'Subaccount', postable: true, values, lastModified: null }], watermark: null };
    }
    if (kind === 'taxCodes') {
      // A TaxDetails row names its tax by TaxID (swagger SalesInvoiceTaxDetail), one of the Tax entity's (swagger Tax: TaxID, Description).
      // Read whole: a tax list is short. A tax past its NotValidAfter date is not flagged: that Acumatica refuses it on an invoice is UNVERIFIED.
      const rows = await this.getAll('Tax', '$select=TaxID,Description', signal);
      return { records: rows.map((r) => ({ id: String(r.id ?? valueOf(r, 'TaxID')), code: String(valueOf(r, 'TaxID')), name: String(valueOf(r, 'Description') ?? ''), postable: true, lastModified: null })), watermark: null };
    }
    // freightCodes: none. Acumatica's freight is the ShipVia code's (swagger ShipVia: FreightSalesAccount) on a sales order or
    // shipment; an AR invoice line (SalesInvoiceDetail) has no freight code, so freight goes to a non-stock item or an account.
    if (kind === 'customers' || kind === 'items') {
      // What a marketplace and a SKU map to (swagger Customer, StockItem); one not Active cannot take an invoice.
      const [entity, id, name, status] = kind === 'customers' ? ['Customer', 'CustomerID', 'CustomerName', 'Status'] : ['StockItem', 'InventoryID', 'Description', 'ItemStatus'];
      const rows = await this.getAll(entity, `$select=${id},${name},${status}`, signal);
      return { records: rows.map((r) => ({ id: String(valueOf(r, id)), code: String(valueOf(r, id)), name: String(valueOf(r, name) ?? ''), postable: valueOf(r, status) === 'Active', lastModified: null })), watermark: null };
    }
    return { records: [], watermark: null };
  }

  async findByNaturalKey(kind: NaturalKeyKind, key: string, signal?: AbortSignal): Promise<FoundDocument | null> {
    if (kind === 'settlementPayment') return this.payouts.find(key, signal);
    if (kind === 'salesInvoice') {
      const inv = await this.lookInvoice(key, null, signal);
      return inv ? { kind, documentNumber: inv.referenceNbr, state: isReleased(inv.status) ? 'posted' : 'draft' } : null;
    }
    if (kind === 'salesCreditNote') {
      const memo = await this.lookInvoice(key, null, signal, CREDIT_MEMO);
      return memo ? { kind, documentNumber: memo.referenceNbr, state: isReleased(memo.status) ? 'posted' : 'draft' } : null;
    }
    if (kind !== 'journal') return null;
    const b = await this.lookBatch(key, signal);
    if (!b) return null;
    // Released but Unposted waits for a person to post it in Acumatica (GL preference), so it is not posted yet.
    return { kind, documentNumber: b.batchNbr, state: b.status === 'Posted' ? 'posted' : 'draft' };
  }

  async postJournal(doc: JournalDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    const settle = { ms: this.o.settleMs ?? 2_000, clock: this.o.clock };
    return inRounds({ key, settle, alreadyExists: (e) => e.httpStatus === 412, ...(signal ? { signal } : {}) }, async (round) => {
      let batch = await this.lookBatch(key, signal);
      const existed = batch !== null && round === 0;
      if (!batch) batch = await this.createBatch(doc, signal);
      // A batch on hold (the tenant holds batches on entry, or a person put it on hold) is taken off hold first.
      if (batch.status === 'On Hold') batch = await this.takeOffHold(batch, key, signal);
      if (batch.status === 'Balanced') batch = await this.release(batch, signal);
      return { documentNumber: batch.batchNbr, alreadyExisted: existed, posted: batch.status === 'Posted' };
    });
  }

  /**
   * An Amazon order as an AR invoice: SalesInvoice with CustomerOrder = the order id, created with PUT and
   * released with ReleaseSalesInvoice (202 + Location, NOTES §4.3). Exactly once as for journals: look the
   * order up by CustomerOrder (NOTES §4.5) before creating and after any unknown outcome.
   */
  async postSalesInvoice(doc: SalesInvoiceDocument, signal?: AbortSignal): Promise<PostResult> {
    const body = salesInvoiceBody(doc, this.o.settings.branch);
    return this.postArDocument('Invoice', doc.externalDocumentNumber, doc.customerNumber, async () => body, signal);
  }

  /**
   * A refund as an AR credit memo (credit-memo.ts) applied to its order's invoice, released. Exactly once as
   * invoices: looked up by CustomerOrder (order id/refund id) and Type before creating and after any
   * unknown outcome. The invoice is read just before creating, so what is applied to it is what it still
   * has open.
   */
  async postSalesCreditNote(doc: SalesCreditNoteDocument, signal?: AbortSignal): Promise<PostResult> {
    return this.postArDocument(CREDIT_MEMO, doc.externalDocumentNumber, doc.customerNumber, async () => creditMemoBody(doc, this.o.settings.branch, await this.creditedInvoice(doc.invoiceNumber, signal)), signal);
  }

  private async creditedInvoice(referenceNbr: string, signal?: AbortSignal): Promise<CreditedInvoice | null> {
    const invoice = await this.readArDocument('Invoice', referenceNbr, signal);
    return invoice && {
      customer: String(valueOf(invoice, 'CustomerID')), currency: String(valueOf(invoice, 'Currency')), status: String(valueOf(invoice, 'Status')), balance: Number(valueOf(invoice, 'Balance') ?? 0),
    };
  }

  // ---------- customer returns ----------

  /** The connection's Return reasons setting (customer-returns.ts: the swaggers list no reason codes). */
  async readReturnReasons(): Promise<ErpReturnReason[]> {
    return parseReturnReasonSetting(this.o.settings.returnReasons);
  }

  /** The tenant's warehouses (GET Warehouse, customer-returns.ts), for the sellable and unsellable return warehouses. */
  async readReturnWarehouses(signal?: AbortSignal): Promise<ErpWarehouse[]> {
    const rows = await this.getList('Warehouse', WAREHOUSE_QUERY, signal);
    return rows.map((r) => ({ code: String(valueOf(r, 'WarehouseID')), description: String(valueOf(r, 'Description') ?? ''), active: valueOf(r, 'Active') !== false }));
  }

  /**
   * A return as the user chose (customer-returns.ts): a credit memo applied to the order's invoice and
   * released, as refunds are; or a return order, Open for the warehouse to receive. Exactly once either
   * way: looked up by CustomerOrder (the return's key) before creating and after any unknown outcome.
   */
  async postCustomerReturn(doc: CustomerReturnDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    if (doc.kind === 'credit-note') {
      return this.postArDocument(CREDIT_MEMO, key, doc.customerNumber, async () => returnCreditMemoBody(doc, this.o.settings.branch, doc.invoiceNumber ? await this.creditedInvoice(doc.invoiceNumber, signal) : null), signal);
    }
    const type = this.o.settings.returnOrderType;
    const settle = { ms: this.o.settleMs ?? 2_000, clock: this.o.clock };
    return inRounds({ key, settle, ...(signal ? { signal } : {}) }, async (round) => {
      let order = await this.lookReturnOrder(type, key, doc.customerNumber, signal);
      const existed = order !== null && round === 0;
      if (!order) order = await this.putReturnOrder(returnOrderBody(doc, type, this.o.settings.branch), 'create return order', key, signal);
      if (order.status === 'On Hold') order = await this.putReturnOrder({ id: order.id, OrderType: { value: type }, OrderNbr: { value: order.orderNbr }, Hold: { value: false } }, 'take return order off hold', key, signal);
      if (order.status === 'On Hold') {
        throw new ErpError(`The return order ${order.orderNbr} of return ${key} stays on hold in Acumatica. Take it off hold there, then retry.`, { system: SYSTEM, kind: 'validation', document: key, retryable: false });
      }
      return { documentNumber: order.orderNbr, alreadyExisted: existed, posted: order.status === 'Open' || order.status === 'Completed' };
    });
  }

  private async lookReturnOrder(type: string, key: string, customer: string, signal?: AbortSignal): Promise<ReturnOrder | null> {
    const filter = `OrderType eq '${type}' and CustomerOrder eq '${key.replace(/'/g, "''")}'`;
    const rows = await this.getList('SalesOrder', `$filter=${encodeURIComponent(filter)}&$select=OrderType,OrderNbr,CustomerID,CustomerOrder,Status`, signal);
    return returnOrderOfKey(key, customer, rows.map((r) => toReturnOrder(r, valueOf)));
  }

  private async putReturnOrder(body: Wrapped, operation: string, key: string, signal?: AbortSignal): Promise<ReturnOrder> {
    try {
      const res = await this.call({ operation, method: 'PUT', url: `${this.root}/SalesOrder`, body, auditRequest: { document: key }, ...(signal ? { signal } : {}) });
      return toReturnOrder(res.json<Wrapped>(), valueOf);
    } catch (err) {
      const refused = err instanceof ErpError && err.httpStatus === 422 ? fieldErrorsIn(err.erpMessage) : [];
      if (!refused.length) throw err;
      throw new ErpError(`Acumatica refused the return order of return ${key}: ${refused.join(' ')}`, {
        system: SYSTEM, kind: 'validation', httpStatus: 422, erpMessage: refused.join(' '), operation, document: key, retryable: false,
      });
    }
  }

  /**
   * Creates an AR document once and releases it: one found on hold is taken off hold, one found Balanced is
   * released, one found Open (or Closed) is done.
   */
  private async postArDocument(type: 'Invoice' | typeof CREDIT_MEMO, key: string, customer: string, body: () => Promise<Wrapped>, signal?: AbortSignal): Promise<PostResult> {
    const noun = type === 'Invoice' ? 'invoice' : 'credit memo';
    const what = type === 'Invoice' ? `invoice of order ${key}` : `credit memo ${key}`;
    const settle = { ms: this.o.settleMs ?? 2_000, clock: this.o.clock };
    return inRounds({ key, settle, ...(signal ? { signal } : {}) }, async (round) => {
      let inv = await this.lookInvoice(key, customer, signal, type);
      const existed = inv !== null && round === 0;
      if (!inv) inv = await this.createInvoice(await body(), key, noun, what, signal);
      if (inv.status === 'On Hold') inv = await this.putInvoice({ id: inv.id, Type: { value: type }, ReferenceNbr: { value: inv.referenceNbr }, Hold: { value: false } }, `take ${noun} off hold`, key, signal);
      if (inv.status === 'On Hold') {
        throw new ErpError(`The ${what} (${inv.referenceNbr}) stays on hold in Acumatica, so it was not released. Take it off hold there and post again.`, {
          system: SYSTEM, kind: 'validation', operation: 'take off hold', document: key, retryable: false,
        });
      }
      if (inv.status === 'Balanced') inv = await this.releaseInvoice(inv, signal);
      return { documentNumber: inv.referenceNbr, alreadyExisted: existed, posted: isReleased(inv.status) };
    });
  }

  /** On hand over every warehouse (StockItem.WarehouseDetails[QtyOnHand], swagger StockItemWarehouseDetail), one item per request. */
  async readStock(itemNumbers: readonly string[], signal?: AbortSignal): Promise<StockLevel[]> {
    const out: StockLevel[] = [];
    for (const row of await this.stockItems(itemNumbers, signal)) {
      const lines = Array.isArray(row.WarehouseDetails) ? (row.WarehouseDetails as Wrapped[]) : [];
      out.push({ itemNumber: String(valueOf(row, 'InventoryID')), quantity: lines.reduce((n, w) => n + Number(valueOf(w, 'QtyOnHand') ?? 0), 0) });
    }
    return out;
  }

  /** StockItem.DefaultPrice, in the base currency (null: the company's). An item without one is left out. */
  async readPrices(itemNumbers: readonly string[], signal?: AbortSignal): Promise<ItemPrice[]> {
    return (await this.stockItems(itemNumbers, signal))
      .filter((r) => typeof valueOf(r, 'DefaultPrice') === 'number')
      .map((r) => ({ itemNumber: String(valueOf(r, 'InventoryID')), unitPrice: String(valueOf(r, 'DefaultPrice')), currency: null }));
  }

  private async stockItems(itemNumbers: readonly string[], signal?: AbortSignal): Promise<Wrapped[]> {
    const out: Wrapped[] = [];
    for (const n of new Set(itemNumbers)) {
      const filter = `InventoryID eq '${n.replace(/'/g, "''")}'`;
      out.push(...(await this.getList('StockItem', `$filter=${encodeURIComponent(filter)}&$expand=WarehouseDetails`, signal)));
    }
    return out;
  }

  /**
   * FBA stock brought into Acumatica as an inventory adjustment (PUT InventoryAdjustment, released with
   * ReleaseAdjustment, 202 + Location as every release, NOTES §4.3) in the item's default warehouse. Exactly
   * once as for invoices: look the adjustment up by ExternalRef before creating and after any unknown outcome;
   * one found Balanced is released, one found Released is done.
   */
  async postInventoryAdjustment(doc: InventoryAdjustmentDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    const settle = { ms: this.o.settleMs ?? 2_000, clock: this.o.clock };
    return inRounds({ key, settle, ...(signal ? { signal } : {}) }, async (round) => {
      let adj = await this.lookAdjustment(key, signal);
      const existed = adj !== null && round === 0;
      if (!adj) {
        const item = (await this.stockItems([doc.itemNumber], signal))[0];
        const warehouse = item ? valueOf(item, 'DefaultWarehouseID') : undefined;
        if (typeof warehouse !== 'string' || !warehouse) {
          throw new ErpError(`Acumatica gives item ${doc.itemNumber} no default warehouse, so stock adjustment ${key} has nowhere to go. Set the item's default warehouse, then post again.`, { system: SYSTEM, kind: 'validation', document: key, retryable: false });
        }
        const res = await this.call({ operation: 'create inventory adjustment', method: 'PUT', url: `${this.root}/InventoryAdjustment`, body: adjustmentBody(doc, warehouse), auditRequest: { document: key, item: doc.itemNumber, quantity: doc.quantity }, ...(signal ? { signal } : {}) });
        adj = toAdjustment(res.json<Wrapped>(), valueOf);
      }
      if (adj.status === 'Balanced') {
        await this.releaseAdjustment(adj, key, signal);
        adj = (await this.lookAdjustment(key, signal)) ?? adj;
      }
      return { documentNumber: adj.referenceNbr, alreadyExisted: existed, posted: adj.status === 'Released' };
    });
  }

  private async lookAdjustment(key: string, signal?: AbortSignal): Promise<InAdjustment | null> {
    const filter = `ExternalRef eq '${key.replace(/'/g, "''")}'`;
    const rows = await this.getList('InventoryAdjustment', `$filter=${encodeURIComponent(filter)}&$select=ReferenceNbr,ExternalRef,Status`, signal);
    return adjustmentOfKey(key, rows.map((r) => toAdjustment(r, valueOf)));
  }

  private async releaseAdjustment(adj: InAdjustment, key: string, signal?: AbortSignal): Promise<void> {
    const poll = this.o.release ?? { intervalMs: 1_000, maxWaitMs: 10 * 60_000 };
    try {
      await sendAndAwait(this.http, {
        operation: 'release inventory adjustment', method: 'POST', url: `${this.root}/InventoryAdjustment/ReleaseAdjustment`,
        body: { entity: { id: adj.id }, parameters: {} }, ...(signal ? { signal } : {}),
      }, { clock: this.o.clock, ...poll, ...(signal ? { signal } : {}) });
    } catch (err) {
      // Refused because it was released meanwhile (another run, a person in Acumatica): then it is done.
      if (!(err instanceof ErpError) || err.retryable) throw err;
      if ((await this.lookAdjustment(key, signal))?.status === 'Released') return;
      throw err;
    }
  }

  private async lookInvoice(orderId: string, customer: string | null, signal?: AbortSignal, type: 'Invoice' | typeof CREDIT_MEMO = 'Invoice'): Promise<ArInvoice | null> {
    const filter = `Type eq '${type}' and CustomerOrder eq '${orderId.replace(/'/g, "''")}'`;
    const rows = await this.getList('SalesInvoice', `$filter=${encodeURIComponent(filter)}&$select=Type,ReferenceNbr,CustomerID,CustomerOrder,Status`, signal);
    return invoiceOfOrder(orderId, customer, rows.map((r) => toArInvoice(r, valueOf)), type === 'Invoice' ? 'invoice' : 'credit memo');
  }

  /** One AR document by its type and number; null when Acumatica has none ("No entity satisfies the condition", NOTES §4.7). */
  private async readArDocument(type: string, referenceNbr: string, signal?: AbortSignal): Promise<Wrapped | null> {
    try {
      const url = `${this.root}/SalesInvoice/${encodeURIComponent(type)}/${encodeURIComponent(referenceNbr)}`;
      return (await this.call({ operation: `read ${type.toLowerCase()}`, method: 'GET', url, ...(signal ? { signal } : {}) })).json<Wrapped>();
    } catch (err) {
      if (err instanceof ErpError && err.kind === 'not-found') return null;
      throw err;
    }
  }

  private async createInvoice(body: Wrapped, key: string, noun: string, what: string, signal?: AbortSignal): Promise<ArInvoice> {
    try {
      return await this.putInvoice(body, `create ${noun}`, key, signal);
    } catch (err) {
      const refused = err instanceof ErpError && err.httpStatus === 422 ? fieldErrorsIn(err.erpMessage) : [];
      if (!refused.length) throw err;
      throw new ErpError(`Acumatica refused the ${what}: ${refused.join(' ')}`, {
        system: SYSTEM, kind: 'validation', httpStatus: 422, erpMessage: refused.join(' '), operation: `create ${noun}`, document: key, retryable: false,
      });
    }
  }

  private async putInvoice(body: Wrapped, operation: string, key: string, signal?: AbortSignal): Promise<ArInvoice> {
    const res = await this.call({ operation, method: 'PUT', url: `${this.root}/SalesInvoice`, body, auditRequest: { document: key }, ...(signal ? { signal } : {}) });
    return toArInvoice(res.json<Wrapped>(), valueOf);
  }

  /** ReleaseSalesInvoice answers 202 + Location, polled until 204 (NOTES §4.3, ACUPM "Invoke Release of an Invoice"); then read back. */
  private async releaseInvoice(inv: ArInvoice, signal?: AbortSignal): Promise<ArInvoice> {
    const poll = this.o.release ?? { intervalMs: 1_000, maxWaitMs: 10 * 60_000 };
    const read = async () => toArInvoice((await this.readArDocument(inv.type, inv.referenceNbr, signal)) ?? {}, valueOf);
    try {
      await sendAndAwait(this.http, {
        operation: `release ${inv.type.toLowerCase()}`, method: 'POST', url: `${this.root}/SalesInvoice/ReleaseSalesInvoice`,
        body: { entity: { id: inv.id }, parameters: {} }, ...(signal ? { signal } : {}),
      }, { clock: this.o.clock, ...poll, ...(signal ? { signal } : {}) });
    } catch (err) {
      // Refused because it was released meanwhile (another run, a person in Acumatica): then it is done.
      if (!(err instanceof ErpError) || err.retryable) throw err;
      const now = await read();
      if (isReleased(now.status)) return now;
      throw err;
    }
    return read();
  }

  /** A settlement's payout as one released AR Payment applied to its invoices and credit memos (payout-payment.ts). */
  postSettlementPayment(doc: SettlementPaymentDocument, signal?: AbortSignal): Promise<PostResult> {
    return this.payouts.post(doc, signal);
  }

  // ---------- orders shipped by Amazon (Multi-Channel Fulfillment, fulfilment-orders.ts) ----------

  readFulfilmentOrders(marker: FulfilmentMarker, signal?: AbortSignal): Promise<FulfilmentOrder[]> {
    return this.fulfilment.readFulfilmentOrders(marker, signal);
  }

  /** Amazon's note on the order's note, once; the tracking numbers travel in its words (the order has no tracking field). */
  recordTracking(orderNumber: string, note: string, signal?: AbortSignal): Promise<'written' | 'already'> {
    return this.fulfilment.recordTracking(orderNumber, note, signal);
  }

  private get fulfilment(): AcumaticaFulfilment {
    return new AcumaticaFulfilment({
      root: this.root, clock: this.o.clock, settleMs: this.o.settleMs ?? 2_000, valueOf, orderType: this.o.settings.fulfilmentOrderType,
      call: (req) => this.call(req),
      getList: (entity, query, signal) => this.getList(entity, query, signal),
      getAll: (entity, query, signal) => this.getAll(entity, query, signal),
    });
  }

  private get payouts(): AcumaticaPayouts {
    const poll = this.o.release ?? { intervalMs: 1_000, maxWaitMs: 10 * 60_000 };
    return new AcumaticaPayouts({
      root: this.root, clock: this.o.clock, settleMs: this.o.settleMs ?? 2_000, valueOf,
      call: (req) => this.call(req),
      getList: (entity, query, signal) => this.getList(entity, query, signal),
      getAll: (entity, query, signal) => this.getAll(entity, query, signal),
      runAction: (req) => sendAndAwait(this.http, req, { clock: this.o.clock, ...poll, ...(req.signal ? { signal: req.signal } : {}) }),
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.auth.session.close();
  }

  /** PUT with the batch's id and Hold false (NOTES §4.3: PUT updates); Acumatica refuses it for a batch that does not balance. */
  private async takeOffHold(batch: Batch, key: string, signal?: AbortSignal): Promise<Batch> {
    const res = await this.call({ operation: 'take journal off hold', method: 'PUT', url: `${this.root}/JournalTransaction`, body: { id: batch.id, Module: { value: 'GL' }, BatchNbr: { value: batch.batchNbr }, Hold: { value: false } }, ...(signal ? { signal } : {}) });
    const after = toBatch(res.json<Wrapped>());
    if (after.status === 'On Hold') {
      throw new ErpError(`Batch ${after.batchNbr} stays on hold in Acumatica, so it was not released. Take it off hold there and post again.`, {
        system: SYSTEM, kind: 'validation', operation: 'take journal off hold', document: key, retryable: false,
      });
    }
    return after;
  }

  /**
   * Every entity call goes under the version-locked root; a 404 there means the instance does not serve
   * this endpoint version (NOTES §4.1; the status is UNVERIFIED), said in plain words and not retried.
   */
  private async call(req: HttpRequest): Promise<HttpResponse> {
    try {
      return await this.http.send(req);
    } catch (err) {
      if (!(err instanceof ErpError) || err.httpStatus !== 404 || !req.url.startsWith(`${this.root}/`)) throw err;
      const s = this.o.settings;
      throw new ErpError(`This Acumatica instance does not serve the ${s.endpointName} endpoint in version ${s.endpointVersion} (${req.operation} answered 404). Test the connection to see the versions it serves, and choose one in the connection's settings.`, {
        system: SYSTEM, kind: 'validation', httpStatus: 404, erpCode: err.erpCode, erpMessage: err.erpMessage, operation: req.operation, retryable: false,
      });
    }
  }

  private async lookBatch(key: string, signal?: AbortSignal): Promise<Batch | null> {
    const filter = `Module eq 'GL' and Description eq '${key.replace(/'/g, "''")}'`;
    const rows = await this.getList('JournalTransaction', `$filter=${encodeURIComponent(filter)}&$select=BatchNbr,Status,Description,Module`, signal);
    const row = rows[0];
    return row ? toBatch(row) : null;
  }

  private async createBatch(doc: JournalDocument, signal?: AbortSignal): Promise<Batch> {
    const exp = currencyExponent(doc.currency);
    const s = this.o.settings;
    const body = {
      Module: { value: 'GL' },
      ...(s.batchNumbering === 'manual' ? { BatchNbr: { value: doc.documentNumber } } : {}),
      TransactionDate: { value: `${doc.postingDate}T00:00:00` },
      BranchID: { value: s.branch },
      CurrencyID: { value: doc.currency },
      Description: { value: doc.externalDocumentNumber },
      Hold: { value: false },
      Details: doc.lines.map((l) => ({
        Account: { value: l.accountNumber },
        ...(l.dimensions?.[SUBACCOUNT_DIMENSION] ? { Subaccount: { value: l.dimensions[SUBACCOUNT_DIMENSION] } } : {}),
        BranchID: { value: s.branch },
        DebitAmount: { value: minorToWireNumber(l.debit, exp) },
        CreditAmount: { value: minorToWireNumber(l.credit, exp) },
        Description: { value: l.description },
      })),
    };
    try {
      // Our own batch number is a second guard: a batch with it already there is refused with 412 (NOTES §4.5).
      const res = await this.call({ operation: 'create journal', method: 'PUT', url: `${this.root}/JournalTransaction`, body, ...(s.batchNumbering === 'manual' ? { headers: { 'if-none-match': '*' } } : {}), auditRequest: { document: doc.externalDocumentNumber, lines: doc.lines.length }, ...(signal ? { signal } : {}) });
      return toBatch(res.json<Wrapped>());
    } catch (err) {
      const refused = err instanceof ErpError && err.httpStatus === 422 ? fieldErrorsIn(err.erpMessage) : [];
      if (!refused.length) throw err;
      throw new ErpError(`Acumatica refused the journal: ${refused.join(' ')}`, {
        system: SYSTEM, kind: 'validation', httpStatus: 422, erpMessage: refused.join(' '), operation: 'create journal', retryable: false,
      });
    }
  }

  /** ReleaseJournalTransaction answers 202 + Location, polled until 204 (NOTES §4.3); then the batch is read back for its status. */
  private async release(batch: Batch, signal?: AbortSignal): Promise<Batch> {
    const poll = this.o.release ?? { intervalMs: 1_000, maxWaitMs: 10 * 60_000 };
    try {
      await sendAndAwait(this.http, {
        operation: 'release journal', method: 'POST', url: `${this.root}/JournalTransaction/ReleaseJournalTransaction`,
        body: { entity: { id: batch.id }, parameters: {} }, ...(signal ? { signal } : {}),
      }, { clock: this.o.clock, ...poll, ...(signal ? { signal } : {}) });
    } catch (err) {
      // Refused because someone released it meanwhile (another run, a person in Acumatica): then it is done.
      if (!(err instanceof ErpError) || err.retryable) throw err;
      const now = await this.readBatch(batch, signal);
      if (now.status === 'Posted' || now.status === 'Unposted') return now;
      throw err;
    }
    return this.readBatch(batch, signal);
  }

  private async readBatch(batch: Batch, signal?: AbortSignal): Promise<Batch> {
    const res = await this.call({ operation: 'read journal', method: 'GET', url: `${this.root}/JournalTransaction/GL/${encodeURIComponent(batch.batchNbr)}`, ...(signal ? { signal } : {}) });
    return toBatch(res.json<Wrapped>());
  }

  private async getList(entity: string, query: string, signal?: AbortSignal): Promise<Wrapped[]> {
    const res = await this.call({ operation: `read ${entity}`, method: 'GET', url: `${this.root}/${entity}${query ? `?${query}` : ''}`, ...(signal ? { signal } : {}) });
    return res.json<Wrapped[]>();
  }

  /** Every record, page by page with $top/$skip: the API has no next link (NOTES §4.4). */
  private getAll(entity: string, query: string, signal?: AbortSignal): Promise<Wrapped[]> {
    return readAllPages<Wrapped>(`${this.root}/${entity}${query ? `?${query}` : ''}`, async (url) => {
      const res = await this.call({ operation: `read ${entity}`, method: 'GET', url, ...(signal ? { signal } : {}) });
      return res.json<Wrapped[]>();
    }, { paging: { style: 'top-skip', pageSize: this.o.pageSize ?? PAGE_SIZE } });
  }
}

/** A field's value: every field is `{"value": ...}` (NOTES §4.3). */
export function valueOf(row: Wrapped, field: string): unknown {
  const f = row[field];
  return f && typeof f === 'object' && 'value' in f ? (f as { value: unknown }).value : undefined;
}

function toBatch(row: Wrapped): Batch {
  return { id: String(row.id), batchNbr: String(valueOf(row, 'BatchNbr')), status: String(valueOf(row, 'Status')) };
}
