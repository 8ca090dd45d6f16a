import type { AuditLog } from '../../store';
import { systemClock, type Clock } from '../../clock/clock';
import { currencyExponent } from '../../money/currency';
import type { BackoffPolicy } from '../../net/backoff';
import { ConcurrencyGate } from '../concurrency-gate';
import { createOnce, inRounds } from '../create-once';
import { EntraTokenCache } from '../entra-token';
import type {
  ConnectionInfo, ErpConnector, FoundDocument, JournalDocument, NaturalKeyKind, PostResult, ReferenceDataKind, ReferenceDataPage, ReferenceRecord,
  SalesCreditNoteDocument, SalesCreditNotePosting, SalesInvoiceDocument, SalesInvoicePosting,
  AccountCreation, NewAccount,
  SettlementPaymentDocument, SettlementPaymentPosting, CustomerReturnDocument, CustomerReturnPosting, ErpReturnReason,
} from '../erp-connector';
import { ErpError } from '../erp-error';
import { auditToLog, ErpHttpClient } from '../http-client';
import { changesetError, sendMultipartBatch } from '../multipart-batch';
import { buildQuery, odataString, readAllPages, type ODataCollection } from '../odata';
import { parseReturnReasonSetting } from '../return-reason-setting';
import { minorToWireNumber } from '../wire-decimal';
import { mainAccountTypeNature } from './account-nature';
import { classifyFoError, isDuplicateLine } from './errors';
import { returnAsCreditNote } from './customer-returns';
import { creditNoteAsFreeText } from './free-text-credit-note';
import { freeTextHeaderBody, freeTextLines, freeTextOfOrder, type FreeTextHeader } from './free-text-invoice';
import { d365foKind } from './kind';
import { ledgerDisplayValue } from './ledger-account';
import { FoPayouts } from './payment-journal';
import { dimensionNames, type D365FoSettings } from './settings';

const SYSTEM = 'd365fo';
/** How long a "not there" answer of findByNaturalKey stands in for postJournal's first look. */
const JUST_LOOKED_MS = 5_000;
const LOGIN_HOST = 'https://login.microsoftonline.com';

export interface D365FoConnectorOptions {
  settings: D365FoSettings;
  secrets: Readonly<Record<string, string>>;
  audit?: AuditLog;
  connectionId?: string;
  clock?: Clock;
  backoff?: BackoffPolicy;
  fetch?: typeof fetch;
  /** In flight at once; the issue asks about 8 (F&O allows 52 per user and web server, NOTES §2.5). */
  concurrency?: number;
  /** Lines per changeset: F&O takes up to 5,000 operations a batch (§2.4). */
  linesPerChangeset?: number;
}

interface HeaderRow { dataAreaId: string; JournalBatchNumber: string; JournalName: string; Description: string; IsPosted: string }
interface LineRow { LineNumber: number }
interface LedgerRow { LegalEntityId: string; Name: string; AccountingCurrency: string; ChartOfAccounts: string }
interface MainAccountRow { MainAccountId: string; Name: string; MainAccountType: string; IsSuspended: string; DoNotAllowManualEntry: string; ActiveFrom: string; ActiveTo: string }
interface AccountOverrideRow { MainAccountId: string; IsSuspended: string; DoNotAllowManualEntry: string; ActiveFrom: string; ActiveTo: string }
interface DimensionValueRow { FinancialDimension: string; LegalEntityId: string; DimensionValue: string; Description: string; IsSuspended: string; IsBlockedForManualEntry: string; IsTotal: string; ActiveFrom: string; ActiveTo: string }

/**
 * Dynamics 365 Finance & Operations through its OData data entities (NOTES §2). A settlement journal is a
 * LedgerJournalHeaders record with our natural key as its description and its LedgerJournalLines; F&O's
 * API cannot post it (§2.3), so postJournal answers posted: false and the outbox waits until a person
 * has posted it in F&O (findByNaturalKey reads IsPosted).
 */
export class D365FoConnector implements ErpConnector, SalesInvoicePosting, SalesCreditNotePosting, AccountCreation, SettlementPaymentPosting, CustomerReturnPosting {
  readonly system = SYSTEM;
  readonly capabilities = d365foKind.capabilities;
  readonly http: ErpHttpClient;
  private readonly tokens: EntraTokenCache;
  private readonly root: string;
  private readonly area: string;
  private readonly clock: Clock;
  private closed = false;
  /**
   * The key the outbox just looked up and F&O did not hold: postJournal, called right after, takes that
   * answer for its first look instead of asking again (every later look, after any failure, asks F&O).
   */
  private lastMiss: { key: string; at: number } | null = null;

  constructor(private readonly o: D365FoConnectorOptions) {
    const s = o.settings;
    const secret = o.secrets.clientSecret;
    if (!secret) throw new ErpError('The client secret of this F&O connection is not in the keychain; enter it on the Connections screen.', { system: SYSTEM, kind: 'auth', retryable: false });
    const auditor = o.audit ? auditToLog(o.audit, SYSTEM, o.connectionId) : undefined;
    this.clock = o.clock ?? systemClock;
    this.root = `${s.environmentUrl}/data`;
    this.area = s.legalEntity.toLowerCase();
    // §2.1: the environment's own scope, no trailing slash on the resource.
    this.tokens = new EntraTokenCache({
      system: SYSTEM, tokenUrl: `${(s.signInOverride || LOGIN_HOST).replace(/\/+$/, '')}/${encodeURIComponent(s.tenantId)}/oauth2/v2.0/token`,
      clientId: s.clientId, clientSecret: secret, scope: `${s.environmentUrl}/.default`, now: () => this.clock.now(),
      ...(o.fetch ? { fetch: o.fetch } : {}), ...(auditor ? { audit: auditor } : {}),
    });
    this.http = new ErpHttpClient({
      system: SYSTEM,
      authorize: async (signal) => {
        if (this.closed) throw new Error('The F&O connector was used after close().');
        return { authorization: `Bearer ${await this.tokens.getToken(signal)}` };
      },
      onUnauthorized: (headers) => this.tokens.invalidate(headers.authorization?.replace(/^Bearer /, '')),
      classify: classifyFoError,
      gate: new ConcurrencyGate(o.concurrency ?? 8),
      clock: this.clock,
      ...(o.backoff ? { backoff: o.backoff } : {}),
      ...(auditor ? { audit: auditor } : {}),
      ...(o.fetch ? { fetch: o.fetch } : {}),
    });
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionInfo> {
    const ledger = await this.ledger(signal);
    const s = this.o.settings;
    const names = await this.list<{ Name: string }>('JournalNames', `dataAreaId eq ${odataString(this.area)} and Name eq ${odataString(s.journalName)}`, signal);
    if (!names.length) {
      throw new ErpError(`Legal entity ${s.legalEntity} has no journal name ${s.journalName}. Create it under General ledger > Journal setup > Journal names, or enter an existing one.`, { system: SYSTEM, kind: 'validation', retryable: false, operation: 'testConnection' });
    }
    return {
      principal: s.clientId, companyId: ledger.LegalEntityId.toLowerCase(), companyName: ledger.Name, environment: s.environmentUrl,
      version: 'unknown', localCurrency: ledger.AccountingCurrency || null,
    };
  }

  async readReferenceData(kind: ReferenceDataKind, _since?: string | null, signal?: AbortSignal): Promise<ReferenceDataPage> {
    if (kind === 'accounts') return { records: await this.accounts(signal), watermark: null };
    if (kind === 'dimensions') return { records: await this.dimensions(signal), watermark: null };
    // A free-text invoice line books to a main account, so what a SKU maps to in F&O is a main account (free-text-invoice.ts).
    if (kind === 'items') return { records: await this.accounts(signal), watermark: null };
    if (kind === 'customers') {
      // What a marketplace maps to (CustomersV3 in the receivable spec); one on hold for all transactions cannot take an invoice.
      const rows = await this.list<{ CustomerAccount: string; OrganizationName?: string; OnHoldStatus?: string }>('CustomersV3', `dataAreaId eq ${odataString(this.area)}`, signal);
      return { records: rows.map((r) => ({ id: r.CustomerAccount, code: r.CustomerAccount, name: r.OrganizationName ?? '', postable: r.OnHoldStatus !== 'All', lastModified: null })), watermark: null };
    }
    if (kind === 'taxCodes') {
      // A free-text line names its tax by SalesTaxGroup (free-text-invoice.ts); the sales tax groups are read from the spec's one
      // entity over them, VRMTaxGroups (fo-ballerina-openapi-core.json: TaxGroupCode, Description). That it lists every group a
      // free-text line takes is UNVERIFIED against a tenant.
      const rows = await this.list<{ TaxGroupCode: string; Description?: string }>('VRMTaxGroups', `dataAreaId eq ${odataString(this.area)}`, signal);
      return { records: rows.map((r) => ({ id: r.TaxGroupCode, code: r.TaxGroupCode, name: r.Description ?? '', postable: true, lastModified: null })), watermark: null };
    }
    // freightCodes: none. A free-text invoice line books only to a main account (free-text-invoice.ts); F&O's own charges
    // codes belong to sales orders, which this connector does not write.
    return { records: [], watermark: null };
  }

  async findByNaturalKey(kind: NaturalKeyKind, key: string, signal?: AbortSignal): Promise<FoundDocument | null> {
    if (kind === 'salesInvoice' || kind === 'salesCreditNote') {
      const inv = await this.findFreeText(key, null, signal);
      return inv ? { kind, documentNumber: inv.FreeTextNumber, state: inv.IsPosted === 'Yes' ? 'posted' : 'draft' } : null;
    }
    if (kind === 'settlementPayment') return this.payouts.find(key, signal);
    if (kind !== 'journal') return null;
    const header = await this.findHeader(key, signal);
    this.lastMiss = header ? null : { key, at: this.clock.now() };
    return header ? { kind, documentNumber: header.JournalBatchNumber, state: header.IsPosted === 'Yes' ? 'posted' : 'draft' } : null;
  }

  async postJournal(doc: JournalDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    // `*` is a wildcard in F&O filters (§2.2): such a key could find another journal's header.
    if (key.includes('*')) throw new ErpError(`Document ${key}: a natural key with * cannot be looked up in F&O, where * is a wildcard.`, { system: SYSTEM, kind: 'validation', retryable: false, document: key });
    const lines = this.wireLines(doc);
    const settle = { ms: 1000, clock: this.clock };
    const miss = this.lastMiss;
    this.lastMiss = null;
    let justLooked = miss?.key === key && this.clock.now() - miss.at < JUST_LOOKED_MS;
    // A header this call created holds no lines yet: its first round need not read them.
    let fresh = false;
    const header = await createOnce<HeaderRow>({
      key, settle, ...(signal ? { signal } : {}),
      look: (sig) => {
        if (justLooked) {
          justLooked = false;
          return Promise.resolve(null);
        }
        return this.findHeader(key, sig);
      },
      create: async (sig) => {
        const created = (await this.http.send({
          operation: 'create journal header', method: 'POST', url: `${this.root}/LedgerJournalHeaders`, idempotent: false,
          body: { dataAreaId: this.area, JournalName: this.o.settings.journalName, Description: key }, ...(sig ? { signal: sig } : {}),
        })).json<HeaderRow>();
        fresh = true;
        return created;
      },
    });
    if (header.value.IsPosted === 'Yes') return { documentNumber: header.value.JournalBatchNumber, alreadyExisted: true, posted: true };
    const batch = header.value.JournalBatchNumber;
    // Only the line numbers F&O does not hold yet, each changeset all or nothing; after an unknown outcome, look again.
    let insertedAny = false;
    await inRounds({ key, settle, ...(signal ? { signal } : {}), alreadyExists: (e) => isDuplicateLine(e.erpMessage) }, async (round) => {
      const have = round === 0 && fresh
        ? new Set<number>()
        : new Set((await this.list<LineRow>('LedgerJournalLines', `dataAreaId eq ${odataString(this.area)} and JournalBatchNumber eq ${odataString(batch)}`, signal)).map((l) => Number(l.LineNumber)));
      const missing = lines.filter((l) => !have.has(l.LineNumber));
      for (let i = 0; i < missing.length; i += this.o.linesPerChangeset ?? 1000) {
        const slice = missing.slice(i, i + (this.o.linesPerChangeset ?? 1000));
        const [answer] = await sendMultipartBatch(this.http, `${this.root}/$batch`, [{
          changeset: slice.map((l) => ({ id: String(l.LineNumber), method: 'POST' as const, url: `${this.root}/LedgerJournalLines`, body: { ...l, JournalBatchNumber: batch } })),
        }], 'journal lines', signal);
        if (answer?.kind === 'changeset' && !answer.committed) throw changesetError(SYSTEM, 'journal lines', answer.failure, classifyFoError).withDocument(key, Number(answer.failure.id));
        if (answer?.kind !== 'changeset') throw new ErpError(`F&O did not answer the changeset of journal ${batch}.`, { system: SYSTEM, kind: 'transient', document: key });
        insertedAny = true;
      }
    });
    return { documentNumber: batch, alreadyExisted: header.existedBefore && !insertedAny, posted: false };
  }

  /**
   * An Amazon order as a free-text invoice (free-text-invoice.ts: entity names UNVERIFIED, NOTES §2.3): the
   * header with CustomerReference = order id, created once (looked up before and after any unknown outcome),
   * then only the lines F&O does not hold, in one atomic changeset (§2.4). F&O's API cannot post it (§2.3),
   * so it waits for a person to post it there (posted: false; findByNaturalKey reads IsPosted).
   */
  async postSalesInvoice(doc: SalesInvoiceDocument, signal?: AbortSignal): Promise<PostResult> {
    const key = doc.externalDocumentNumber;
    const body = freeTextHeaderBody(doc, this.area);
    const settle = { ms: 1000, clock: this.clock };
    const header = await createOnce<FreeTextHeader>({
      key, settle, ...(signal ? { signal } : {}),
      look: (sig) => this.findFreeText(key, doc.customerNumber, sig),
      create: async (sig) => (await this.http.send({
        operation: 'create free-text invoice', method: 'POST', url: `${this.root}/FreeTextInvoiceHeaders`, idempotent: false, body, ...(sig ? { signal: sig } : {}),
      })).json<FreeTextHeader>(),
    });
    const number = header.value.FreeTextNumber;
    if (header.value.IsPosted === 'Yes') return { documentNumber: number, alreadyExisted: true, posted: true };
    const lines = freeTextLines(doc, this.area, header.value.RecId);
    let insertedAny = false;
    await inRounds({ key, settle, ...(signal ? { signal } : {}), alreadyExists: (e) => isDuplicateLine(e.erpMessage) }, async () => {
      const have = new Set((await this.list<{ LineNumber: number }>('FreeTextInvoiceLines', `dataAreaId eq ${odataString(this.area)} and ParentRecId eq ${header.value.RecId}`, signal)).map((l) => Number(l.LineNumber)));
      const missing = lines.filter((l) => !have.has(l.LineNumber));
      if (!missing.length) return;
      const [answer] = await sendMultipartBatch(this.http, `${this.root}/$batch`, [{
        changeset: missing.map((l) => ({ id: String(l.LineNumber), method: 'POST' as const, url: `${this.root}/FreeTextInvoiceLines`, body: l })),
      }], 'free-text invoice lines', signal);
      if (answer?.kind === 'changeset' && !answer.committed) throw changesetError(SYSTEM, 'free-text invoice lines', answer.failure, classifyFoError).withDocument(key, Number(answer.failure.id));
      if (answer?.kind !== 'changeset') throw new ErpError(`F&O did not answer the changeset of free-text invoice ${number}.`, { system: SYSTEM, kind: 'transient', document: key });
      insertedAny = true;
    });
    return { documentNumber: number, alreadyExisted: header.existedBefore && !insertedAny, posted: false };
  }

  /**
   * A refund as a free-text credit note (free-text-credit-note.ts), made as an invoice is and, like one,
   * left for a person to post in F&O. The credited invoice is read first: it must be this customer's and
   * posted.
   */
  async postSalesCreditNote(doc: SalesCreditNoteDocument, signal?: AbortSignal): Promise<PostResult> {
    const [invoice] = await this.list<FreeTextHeader>('FreeTextInvoiceHeaders', `dataAreaId eq ${odataString(this.area)} and FreeTextNumber eq ${odataString(doc.invoiceNumber)}`, signal);
    return this.postSalesInvoice(creditNoteAsFreeText(doc, invoice ?? null), signal);
  }

  /** The connection's Return reasons setting (customer-returns.ts: no spec here lists F&O's codes). */
  async readReturnReasons(): Promise<ErpReturnReason[]> {
    return parseReturnReasonSetting(this.o.settings.returnReasons);
  }

  /** A return as a free-text credit note of its items (customer-returns.ts), once, left for a person to post; a return order is refused, saying why. */
  async postCustomerReturn(doc: CustomerReturnDocument, signal?: AbortSignal): Promise<PostResult> {
    return this.postSalesCreditNote(returnAsCreditNote(doc), signal);
  }

  private async findFreeText(orderId: string, customer: string | null, signal?: AbortSignal): Promise<FreeTextHeader | null> {
    const rows = await this.list<FreeTextHeader>('FreeTextInvoiceHeaders', `dataAreaId eq ${odataString(this.area)} and CustomerReference eq ${odataString(orderId)}`, signal);
    return freeTextOfOrder(orderId, customer, rows);
  }

  /** A settlement's payout as a customer payment journal marking its invoices and credit notes (payment-journal.ts), posted by a person in F&O. */
  postSettlementPayment(doc: SettlementPaymentDocument, signal?: AbortSignal): Promise<PostResult> {
    return this.payouts.post(doc, signal);
  }

  private get payouts(): FoPayouts {
    const { paymentJournalName, dimensionFormat, dimensionDelimiter } = this.o.settings;
    return new FoPayouts({
      root: this.root, area: this.area, journalName: paymentJournalName, http: this.http, clock: this.clock,
      offsetAccount: (main) => ledgerDisplayValue(main, undefined, { dimensions: dimensionNames(dimensionFormat), delimiter: dimensionDelimiter }),
      list: (set, filter, signal) => this.list(set, filter, signal),
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private wireLines(doc: JournalDocument): Array<Record<string, unknown> & { LineNumber: number }> {
    const exponent = currencyExponent(doc.currency);
    const { dimensionFormat, dimensionDelimiter } = this.o.settings;
    const dimensions = dimensionNames(dimensionFormat);
    return doc.lines.map((l, i) => {
      let account: string;
      try {
        // A customer line names the customer account (AccountType Cust, LedgerJournalACType in BALFO's spec);
        // its ledger side is the customer's posting profile, so dimensions do not travel in the value.
        account = l.customerNumber ?? ledgerDisplayValue(l.accountNumber, l.dimensions, { dimensions, delimiter: dimensionDelimiter });
      } catch (err) {
        throw err instanceof ErpError ? err.withDocument(doc.externalDocumentNumber, i + 1) : err;
      }
      // Lines in the settlement's currency; F&O applies its own rate for the date (issue 18, §2.3 ExchRate).
      return {
        dataAreaId: this.area, LineNumber: i + 1, TransDate: doc.postingDate, AccountType: l.customerNumber ? 'Cust' : 'Ledger', AccountDisplayValue: account,
        DebitAmount: minorToWireNumber(l.debit, exponent), CreditAmount: minorToWireNumber(l.credit, exponent),
        CurrencyCode: doc.currency, Text: l.description, DocumentNum: doc.documentNumber,
      };
    });
  }

  private async findHeader(key: string, signal?: AbortSignal): Promise<HeaderRow | null> {
    const rows = await this.list<HeaderRow>('LedgerJournalHeaders', `dataAreaId eq ${odataString(this.area)} and JournalName eq ${odataString(this.o.settings.journalName)} and Description eq ${odataString(key)}`, signal);
    if (rows.length > 1) {
      throw new ErpError(`F&O holds ${rows.length} journals (${rows.map((r) => r.JournalBatchNumber).join(', ')}) described ${key}; delete all but one there before posting again.`, { system: SYSTEM, kind: 'conflict', retryable: false, document: key });
    }
    return rows[0] ?? null;
  }

  private async ledger(signal?: AbortSignal): Promise<LedgerRow> {
    const s = this.o.settings;
    const rows = await this.list<LedgerRow>('Ledgers', `LegalEntityId eq ${odataString(s.legalEntity.toUpperCase())}`, signal);
    if (!rows[0]) throw new ErpError(`F&O has no legal entity ${s.legalEntity} (dataAreaId); check the legal entity on the Connections screen.`, { system: SYSTEM, kind: 'validation', retryable: false, operation: 'testConnection' });
    return rows[0];
  }

  /** A new main account in the ledger's chart of accounts (POST MainAccounts); one already under its id is left as it is. */
  async createAccount(account: NewAccount, signal?: AbortSignal): Promise<'created' | 'exists'> {
    const { ChartOfAccounts } = await this.ledger(signal);
    const found = await this.list<MainAccountRow>('MainAccounts', `ChartOfAccounts eq ${odataString(ChartOfAccounts)} and MainAccountId eq ${odataString(account.number)}`, signal);
    if (found.length) return 'exists';
    const type = { asset: 'Asset', liability: 'Liability', income: 'Revenue', expense: 'Expense' }[account.kind];
    await this.http.send({ operation: 'create main account', method: 'POST', url: `${this.root}/MainAccounts`, idempotent: false, body: { ChartOfAccounts, MainAccountId: account.number, Name: account.name.slice(0, 60), MainAccountType: type }, ...(signal ? { signal } : {}) });
    return 'created';
  }

  /** Every row of a collection, across companies with the filter naming ours (§2.2), following @odata.nextLink. */
  private list<T>(set: string, filter: string, signal?: AbortSignal): Promise<T[]> {
    const first = `${this.root}/${set}${buildQuery({ filter })}&cross-company=true`;
    return readAllPages<T>(first, async (url) => (await this.http.send({ operation: `read ${set}`, method: 'GET', url, ...(signal ? { signal } : {}) })).json<ODataCollection<T>>());
  }

  /** Postable: not Total/Reporting, not suspended, manual entry allowed, active today, in the shared chart and in our legal entity. */
  private async accounts(signal?: AbortSignal): Promise<ReferenceRecord[]> {
    const ledger = await this.ledger(signal);
    const [accounts, overrides] = await Promise.all([
      this.list<MainAccountRow>('MainAccounts', `ChartOfAccounts eq ${odataString(ledger.ChartOfAccounts)}`, signal),
      this.list<AccountOverrideRow>('MainAccountLegalEntities', `ChartOfAccounts eq ${odataString(ledger.ChartOfAccounts)} and LegalEntityId eq ${odataString(ledger.LegalEntityId)}`, signal),
    ]);
    const today = new Date(this.clock.now()).toISOString().slice(0, 10);
    const byId = new Map(overrides.map((o) => [o.MainAccountId, o]));
    return accounts.map((a) => {
      const own = byId.get(a.MainAccountId);
      const postable = a.MainAccountType !== 'Total' && a.MainAccountType !== 'Reporting'
        && a.IsSuspended !== 'Yes' && a.DoNotAllowManualEntry !== 'Yes' && activeOn(a, today)
        && (!own || (own.IsSuspended !== 'Yes' && own.DoNotAllowManualEntry !== 'Yes' && activeOn(own, today)));
      return { id: a.MainAccountId, code: a.MainAccountId, name: a.Name, postable, lastModified: null, ...mainAccountTypeNature(a.MainAccountType) };
    });
  }

  /** The dimensions of the ledger dimension format, with their values shared or of our legal entity. */
  private async dimensions(signal?: AbortSignal): Promise<ReferenceRecord[]> {
    const format = dimensionNames(this.o.settings.dimensionFormat);
    if (!format.length) return [];
    const today = new Date(this.clock.now()).toISOString().slice(0, 10);
    const values = await this.list<DimensionValueRow>('FinancialDimensionValues', format.map((d) => `FinancialDimension eq ${odataString(d)}`).join(' or '), signal);
    const ours = this.o.settings.legalEntity.toLowerCase();
    return format.map((name) => ({
      id: name, code: name, name, postable: true, lastModified: null,
      values: values.filter((v) => v.FinancialDimension === name && (!v.LegalEntityId || v.LegalEntityId.toLowerCase() === ours)).map((v) => ({
        id: `${name}/${v.DimensionValue}`, code: v.DimensionValue, name: v.Description || v.DimensionValue, lastModified: null,
        postable: v.IsSuspended !== 'Yes' && v.IsBlockedForManualEntry !== 'Yes' && v.IsTotal !== 'Yes' && activeOn(v, today),
      })),
    }));
  }
}

/** F&O writes "no date" as 1900-01-01 in ActiveFrom/ActiveTo [UNVERIFIED]. */
function activeOn(r: { ActiveFrom?: string; ActiveTo?: string }, today: string): boolean {
  const from = (r.ActiveFrom ?? '').slice(0, 10);
  const to = (r.ActiveTo ?? '').slice(0, 10);
  return (!from || from <= '1900-01-01' || from <= today) && (!to || to <= '1900-01-01' || to >= today);
}
