import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock/clock';
import { offsetClock } from '../../clock/offset-clock';
import { delay, lowerHeaders, readBody, startLoopbackServer } from '../http/loopback-server';
import { FaultPlan } from '../faults/fault-plan';
import { IssuedTokens } from '../faults/issued-tokens';
import { ENTRA_TOKEN_PATH, entraTokenAnswer } from '../auth/entra-token-endpoint';
import { compileFilter, createRequestLimits, ODataRequestError, pageOf } from '../odata';
import { parseMultipartBatch, renderMultipartBatch, type MultipartRequest, type MultipartResponse, type MultipartResponsePart } from '../odata/multipart-batch';
import { defaultFoSeed, type FoSeed } from './emulator-seed';
import { isEntitySet, schemaOf, type EntitySet } from './emulator-schema';
import { paymentJournalBook } from './emulator-payment-journal';

/**
 * A loopback Dynamics 365 Finance & Operations: Entra's token endpoint and the OData service at /data, as
 * ../shared/reference/erp/NOTES.md §2 describes them. Where F&O's behaviour is not documented there, the
 * emulator picks the less convenient option and says [UNVERIFIED].
 *   POST {url}/{tenant}/oauth2/v2.0/token     scope {url}/.default (§2.1)
 *   {url}/data/{EntitySet}[?cross-company=true&$filter=dataAreaId eq '...']   (§2.2)
 *   {url}/data/$batch                          multipart/mixed, atomic changesets (§2.4)
 */
export interface FoEmulatorOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  seed?: FoSeed;
  /** The ledger dimension format for integrating applications (§2.3): dimensions after the main account, in order. */
  dimensionFormat?: string[];
  delimiter?: string;
  /** §2.5: 52 concurrent requests per user per web server; 6,000 per 5 minutes. */
  concurrentRequests?: number;
  rateLimit?: { requests: number; windowMs: number };
  /** Seconds in the Retry-After of a 429. */
  retryAfterSeconds?: number;
  /** §2.2: server paging, at most 10,000 rows a page. */
  maxPageSize?: number;
  /** Time each request takes, and each operation of a batch. */
  latencyMs?: number;
  operationLatencyMs?: number;
  clock?: Clock;
}

type Row = Record<string, unknown>;
type Result = { status: number; body: unknown; headers?: Record<string, string> };

export interface FoFaultMatch {
  /** Only requests whose "METHOD path" matches, e.g. /POST \/data\/\$batch/. */
  path?: RegExp;
}

export interface FoEmulatorStats { requests: number; batches: number; operations: number; throttled: number; peakConcurrent: number }

export interface FoEmulator {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  legalEntity: string;
  faults: FaultPlan<{ method: string; path: string }, FoFaultMatch>;
  stats: FoEmulatorStats;
  limits: { latencyMs: number; operationLatencyMs: number; concurrentRequests: number };
  rows(set: EntitySet): Row[];
  /**
   * A changeset loses its connection after `afterOperations` of its requests ran (the next one, or the
   * one after `committing` more changesets commit): its transaction is rolled back (§2.4, atomic
   * changesets) and the client gets no answer.
   */
  dropInsideChangeset(afterOperations: number, committing?: number): void;
  /** What a person does in F&O: posts the journal, which sets IsPosted. */
  postJournal(journalBatchNumber: string): void;
  /** What a person does in F&O: posts a free-text invoice, which sets IsPosted and gives it an invoice number. */
  postFreeTextInvoice(freeTextNumber: string): void;
  /** What a person does in F&O: posts a customer payment journal, settling the invoices its lines mark. */
  postPaymentJournal(journalBatchNumber: string): void;
  /** What is left open on a posted free-text invoice, in cents. */
  openAmount(freeTextNumber: string): number;
  /** The app's entry under System administration > Setup > Microsoft Entra applications is removed (§2.1). */
  unregisterApp(): void;
  advanceTime(ms: number): void;
  stop(): Promise<void>;
}

/** F&O's write-failure body (NOTES §2.6, third-party captures). */
function writeFailure(table: string, infolog: string): Result {
  return { status: 400, body: { error: { code: '', message: 'An error has occurred.', innererror: { message: `Write failed for table row of type '${table}'. Infolog: ${infolog}`, type: 'Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException', stacktrace: '' } } } };
}
const plainError = (status: number, message: string): Result => ({ status, body: { error: { code: '', message } } });

/** The row types F&O names in write failures (the entity classes; [UNVERIFIED] beyond CustCustomerV3Entity in §2.6). */
const TABLE: Partial<Record<EntitySet, string>> = {
  LedgerJournalHeaders: 'LedgerJournalHeaderEntity', LedgerJournalLines: 'LedgerJournalLineEntity',
  FreeTextInvoiceHeaders: 'FreeTextInvoiceHeaderEntity', FreeTextInvoiceLines: 'FreeTextInvoiceLineEntity',
};
/** F&O's "no date" (1900-01-01), which ActiveFrom/ActiveTo hold when unset [UNVERIFIED]. */
const NO_DATE = '1900-01-01T12:00:00Z';

export async function startFoEmulator(options: FoEmulatorOptions = {}): Promise<FoEmulator> {
  const tenantId = options.tenantId ?? 'contoso.onmicrosoft.com';
  const clientId = options.clientId ?? '5b2a8c1e-3d4f-4a6b-9c8d-7e6f5a4b3c2d';
  const clientSecret = options.clientSecret ?? 'fo-emulator-secret';
  const seed = options.seed ?? defaultFoSeed();
  const format = options.dimensionFormat ?? seed.dimensions;
  const delimiter = options.delimiter ?? '-';
  const clock = offsetClock(options.clock ?? systemClock);
  const now = () => clock.now();
  const tokens = new IssuedTokens<string>(now);
  const faults = new FaultPlan<{ method: string; path: string }, FoFaultMatch>((m, t) => !m.path || m.path.test(`${t.method} ${t.path}`), tokens);
  const stats: FoEmulatorStats = { requests: 0, batches: 0, operations: 0, throttled: 0, peakConcurrent: 0 };
  const concurrent = options.concurrentRequests ?? 52;
  const rate = options.rateLimit ?? { requests: 6000, windowMs: 300_000 };
  const limits = createRequestLimits({ rate, concurrent, queueLength: 0, queueTimeoutMs: 0 }, now);
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const latency = { latencyMs: options.latencyMs ?? 0, operationLatencyMs: options.operationLatencyMs ?? 0, concurrentRequests: concurrent };
  let registered = true;
  let batchSequence = 0;
  let freeTextSequence = 0;
  let recIds = 5_637_144_576;
  const insideDrops: Array<{ committing: number; afterOperations: number }> = [];

  const tables = new Map<EntitySet, Row[]>();
  const table = (set: EntitySet) => tables.get(set) ?? tables.set(set, []).get(set)!;
  table('Ledgers').push({ LegalEntityId: seed.legalEntity.toUpperCase(), Name: seed.legalEntityName, Description: seed.legalEntityName, AccountingCurrency: seed.accountingCurrency, ReportingCurrency: seed.accountingCurrency, ChartOfAccounts: seed.chartOfAccounts, FiscalCalendar: 'Fiscal', ExchangeRateType: 'Default' });
  for (const name of seed.journalNames) table('JournalNames').push({ dataAreaId: seed.legalEntity, Name: name, Description: `${name} journal`, Type: 'Daily', PostingLayer: 'Current', Currency: seed.accountingCurrency });
  for (const acc of seed.accounts) {
    table('MainAccounts').push({ ChartOfAccounts: seed.chartOfAccounts, MainAccountId: acc.id, Name: acc.name, MainAccountType: acc.type ?? 'Expense', IsSuspended: acc.suspended ? 'Yes' : 'No', DoNotAllowManualEntry: acc.noManualEntry ? 'Yes' : 'No', ActiveFrom: NO_DATE, ActiveTo: acc.activeTo ?? NO_DATE });
    table('MainAccountLegalEntities').push({ MainAccountId: acc.id, ChartOfAccounts: seed.chartOfAccounts, LegalEntityId: seed.legalEntity.toUpperCase(), IsSuspended: seed.suspendedInLegalEntity.includes(acc.id) ? 'Yes' : 'No', DoNotAllowManualEntry: 'No', ActiveFrom: NO_DATE, ActiveTo: NO_DATE });
  }
  for (const c of seed.customers) table('CustomersV3').push({ dataAreaId: seed.legalEntity, CustomerAccount: c, OrganizationName: `Amazon customers ${c}`, SalesCurrencyCode: seed.accountingCurrency, OnHoldStatus: 'No' });
  for (const t of seed.taxGroups) table('VRMTaxGroups').push({ dataAreaId: seed.legalEntity, TaxGroupCode: t.code, Description: t.description });
  for (const d of seed.dimensions) table('DimensionAttributes').push({ DimensionName: d, ReportColumnName: d, UseValuesFrom: 'Custom list' });
  for (const v of seed.dimensionValues) {
    table('FinancialDimensionValues').push({ FinancialDimension: v.dimension, LegalEntityId: '', DimensionValue: v.value, Description: v.description, IsSuspended: v.suspended ? 'Yes' : 'No', IsBlockedForManualEntry: v.blocked ? 'Yes' : 'No', IsTotal: v.total ? 'Yes' : 'No', ActiveFrom: NO_DATE, ActiveTo: NO_DATE });
  }

  const paymentJournals = paymentJournalBook({
    table, legalEntity: seed.legalEntity, customers: seed.customers, checkAccount, writeFailure,
    nextBatchNumber: (area) => `${area.toUpperCase()}-${String(++batchSequence).padStart(6, '0')}`,
  });

  const server = await startLoopbackServer(route, (res, err) => {
    const r = err instanceof ODataRequestError ? plainError(err.status, err.message) : plainError(500, `Emulator failure: ${String(err)}`);
    send(res, r);
  });
  const url = server.url;
  const entraApp = { tenantId, clientId, clientSecret, scope: `${url}/.default`, lifetimeSeconds: 3599 };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const body = (await readBody(req)).toString('utf8');
    const tokenPath = ENTRA_TOKEN_PATH.exec(u.pathname);
    if (tokenPath && req.method === 'POST') {
      const answer = entraTokenAnswer(entraApp, tokenPath[1] ?? '', body, tokens, now, null);
      return send(res, { status: answer.status, body: answer.body });
    }
    if (!u.pathname.startsWith('/data/')) return send(res, plainError(404, 'Not found'));
    stats.requests++;
    const method = req.method ?? 'GET';
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = tokens.check(bearer);
    // An Entra token for an app F&O does not list is refused like a bad token: 401, no body [UNVERIFIED].
    if (token.status !== 'valid' || !registered) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' });
      return void res.end();
    }
    const fault = faults.take({ method, path: u.pathname });
    if (fault?.kind === 'status') {
      if (fault.status === 429) stats.throttled++;
      const message = fault.status === 429 ? 'This request could not be processed at this time due to system experiencing high resource utilization.' : `Injected HTTP ${fault.status}.`;
      return send(res, { ...plainError(fault.status, message), headers: fault.status === 429 ? { 'retry-after': String(fault.retryAfterSeconds ?? retryAfter) } : {} });
    }
    if (fault?.kind === 'drop') return void req.socket.destroy();
    if (fault?.kind === 'delay') await delay(fault.ms);
    const admission = await limits.admit(token.grant);
    if (!admission.admitted) {
      stats.throttled++;
      const message = admission.refusal === 'rate'
        ? `Number of requests exeeded the limit of ${rate.requests} over the time window of ${rate.windowMs / 1000} seconds.`
        : `Number of concurrent requests exceeded the limit of ${concurrent}.`;
      return send(res, { ...plainError(429, message), headers: { 'retry-after': retryAfter } });
    }
    stats.peakConcurrent = Math.max(stats.peakConcurrent, admission.active);
    try {
      const rel = decodeURIComponent(u.pathname.slice('/data/'.length));
      let result: Result;
      let operations = 0;
      if (rel === '$batch' && method === 'POST') {
        const parts = parseMultipartBatch(req.headers['content-type'], body);
        operations = parts.reduce((n, p) => n + ('changeset' in p ? p.changeset.length : 1), 0);
        stats.batches++;
        const answered = batch(parts);
        if (answered === 'dropped') return void req.socket.destroy();
        result = answered;
      } else result = execute(method, rel, u.searchParams, body, `${url}${u.pathname}`);
      stats.operations += Math.max(1, operations);
      const hold = latency.latencyMs + operations * latency.operationLatencyMs;
      if (hold > 0) await delay(hold);
      if (fault?.kind === 'drop-after-processing') return void req.socket.destroy();
      send(res, result);
    } finally {
      admission.release();
    }
  }

  function batch(parts: ReturnType<typeof parseMultipartBatch>): Result | 'dropped' {
    const boundary = `batchresponse_${randomUUID()}`;
    const answers: MultipartResponsePart[] = [];
    for (const p of parts) {
      if ('request' in p) {
        answers.push({ response: answer(p.request.contentId, run(p.request)) });
        continue;
      }
      // A changeset is one transaction (§2.4): the first failure, or a lost connection, undoes everything before it.
      // Requests only append rows and change header totals: undoing them is cutting each table back and restoring the headers.
      const lengths = new Map([...tables].map(([k, v]) => [k, v.length]));
      const headers = table('LedgerJournalHeaders').map((r) => ({ ...r }));
      const rollback = () => {
        for (const [k, v] of tables) v.length = lengths.get(k) ?? 0;
        tables.set('LedgerJournalHeaders', headers);
      };
      const plannedDrop = insideDrops[0];
      const dropAfter = plannedDrop && plannedDrop.committing-- <= 0 ? insideDrops.shift()!.afterOperations : undefined;
      const done: MultipartResponse[] = [];
      let failed: MultipartResponsePart | null = null;
      for (const [i, op] of p.changeset.entries()) {
        if (dropAfter !== undefined && i >= dropAfter) {
          rollback();
          return 'dropped';
        }
        const r = run(op);
        if (r.status >= 400) {
          rollback();
          failed = { failedChangeset: answer(op.contentId, r) };
          break;
        }
        done.push(answer(op.contentId, r));
      }
      // Lost before the commit, however many requests ran.
      if (dropAfter !== undefined && !failed) {
        rollback();
        return 'dropped';
      }
      answers.push(failed ?? { changeset: done });
    }
    return { status: 200, body: renderMultipartBatch(answers, boundary), headers: { 'content-type': `multipart/mixed; boundary=${boundary}` } };
  }

  /** One request's result as a part of the batch answer, in F&O's JSON flavour. */
  function answer(contentId: string | null, r: Result): MultipartResponse {
    const headers: Record<string, string> = { ...(r.headers ?? {}) };
    if (r.body === undefined) return { contentId, status: r.status, headers, body: '' };
    return { contentId, status: r.status, headers: { ...headers, 'Content-Type': 'application/json; odata.metadata=minimal' }, body: JSON.stringify(r.body) };
  }

  function run(op: MultipartRequest): Result {
    const u = new URL(op.url, `${url}/data/`);
    return execute(op.method, decodeURIComponent(u.pathname.replace(/^\/data\//, '')), u.searchParams, op.body, `${url}${u.pathname}`);
  }

  function execute(method: string, rel: string, query: URLSearchParams, body: string, self: string): Result {
    try {
      const set = /^(\w+)(?:\((.*)\))?$/.exec(rel);
      if (!set || !isEntitySet(set[1]!)) return plainError(404, `Resource not found for the segment '${rel}'.`);
      const name = set[1] as EntitySet;
      if (set[2] !== undefined) {
        if (method !== 'GET') return plainError(405, 'The HTTP method is not allowed on this resource.');
        const row = byKey(name, set[2]);
        return row ? { status: 200, body: row } : plainError(404, `No resource was found for the key (${set[2]}).`);
      }
      if (method === 'GET') return read(name, query, self);
      if (method === 'POST') return create(name, body);
      return plainError(405, 'The HTTP method is not allowed on this resource.');
    } catch (err) {
      if (err instanceof ODataRequestError) return plainError(err.status, err.message);
      throw err;
    }
  }

  /** Only the default company's rows unless cross-company=true (§2.2); the emulator's default company is 'dat'. */
  function visible(set: EntitySet, query: URLSearchParams): Row[] {
    const rows = table(set);
    if (!schemaOf(set).company || query.get('cross-company') === 'true') return rows;
    return rows.filter((r) => r.dataAreaId === 'dat');
  }

  function read(set: EntitySet, query: URLSearchParams, self: string): Result {
    let rows = visible(set, query);
    const filter = query.get('$filter');
    if (filter) {
      // Enum literals are written Microsoft.Dynamics.DataEntities.NoYes'Yes' (§2.2).
      let plain = filter.replace(/Microsoft\.Dynamics\.DataEntities\.\w+'(\w+)'/g, "'$1'");
      // `*` in a string literal is a wildcard (§2.2): Description eq 'S-1*' finds S-1 and S-10 alike.
      const wildcards: Array<{ field: string; pattern: RegExp }> = [];
      plain = plain.replace(/(\w+) eq '([^']*\*[^']*)'/g, (_, field: string, text: string) => {
        wildcards.push({ field, pattern: new RegExp(`^${text.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i') });
        return `${field} ne null`;
      });
      if (wildcards.length && / or /.test(plain)) throw new ODataRequestError(400, 'query-syntax', 'The emulator serves * wildcards only in filters joined by and.');
      const predicate = compileFilter(plain, { fields: schemaOf(set).fields, typeName: `Microsoft.Dynamics.DataEntities.${set}` });
      rows = rows.filter((r) => wildcards.every((w) => w.pattern.test(String(r[w.field] ?? ''))));
      // F&O compares strings without regard to case [UNVERIFIED]; dataAreaId is stored lower case.
      rows = rows.filter((r) => predicate(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'dataAreaId' && typeof v === 'string' ? v.toLowerCase() : v]))));
    }
    const page = pageOf(rows, query, undefined, { maxPageSize: options.maxPageSize ?? 10_000, continuation: 'skiptoken', nextLink: 'absolute' }, { absolute: self, relative: self });
    return { status: 200, body: { '@odata.context': `${url}/data/$metadata#${set}`, value: page.rows, ...(page.nextLink ? { '@odata.nextLink': page.nextLink } : {}) } };
  }

  function byKey(set: EntitySet, keyText: string): Row | undefined {
    const key = Object.fromEntries(keyText.split(',').map((kv) => {
      const [k = '', v = ''] = kv.split('=');
      return [k.trim(), v.trim().replace(/^'(.*)'$/, '$1')];
    }));
    const fields = schemaOf(set).key;
    // Every key field must be given (odata.md, §2.2).
    if (fields.some((f) => key[f] === undefined)) throw new ODataRequestError(400, 'query-syntax', `All fields of the key (${fields.join(', ')}) must be provided.`);
    return table(set).find((r) => fields.every((f) => String(r[f]).toLowerCase() === String(key[f]).toLowerCase()));
  }

  function create(set: EntitySet, body: string): Result {
    let input: Row;
    try {
      input = JSON.parse(body) as Row;
    } catch {
      return plainError(400, 'The request body is not valid JSON.');
    }
    const schema = schemaOf(set);
    const unknown = Object.keys(input).find((k) => !schema.fields.includes(k));
    if (unknown) return plainError(400, `The property '${unknown}' does not exist on type 'Microsoft.Dynamics.DataEntities.${set}'.`);
    for (const [field, members] of Object.entries(schema.enums ?? {})) {
      if (input[field] !== undefined && !members.includes(String(input[field]))) return plainError(400, `The value '${String(input[field])}' is not valid for ${field}.`);
    }
    if (set === 'LedgerJournalHeaders') return createHeader(input);
    if (set === 'LedgerJournalLines') return createLine(input);
    if (set === 'FreeTextInvoiceHeaders') return createFreeTextHeader(input);
    if (set === 'FreeTextInvoiceLines') return createFreeTextLine(input);
    if (set === 'MainAccounts') return createMainAccount(input);
    if (set === 'CustomerPaymentJournalHeaders') return paymentJournals.createHeader(input);
    if (set === 'CustomerPaymentJournalLines') return paymentJournals.createLine(input);
    return plainError(405, `${set} cannot be created through this emulator.`);
  }

  /** A main account of the shared chart; the infolog wording of a taken id follows F&O's "record already exists" [UNVERIFIED]. */
  function createMainAccount(input: Row): Result {
    const fail = (why: string) => writeFailure('DimAttributeMainAccountEntity', why);
    const id = String(input.MainAccountId ?? '').trim();
    if (!id) return fail('Main account must be filled in.');
    if (input.ChartOfAccounts !== seed.chartOfAccounts) return fail(`Chart of accounts '${String(input.ChartOfAccounts ?? '')}' does not exist.`);
    if (table('MainAccounts').some((a) => a.MainAccountId === id)) return fail(`Cannot create a record in Main accounts (MainAccount). Main account: ${id}, ${seed.chartOfAccounts}. The record already exists.`);
    const row: Row = { ChartOfAccounts: seed.chartOfAccounts, MainAccountId: id, Name: String(input.Name ?? ''), MainAccountType: input.MainAccountType ?? 'Expense', IsSuspended: 'No', DoNotAllowManualEntry: 'No', ActiveFrom: NO_DATE, ActiveTo: NO_DATE, ...input };
    table('MainAccounts').push(row);
    return { status: 201, body: row };
  }

  function createHeader(input: Row): Result {
    const area = String(input.dataAreaId ?? 'dat').toLowerCase();
    const fail = (why: string) => writeFailure(TABLE.LedgerJournalHeaders!, why);
    if (area !== seed.legalEntity) return fail(`Error: Company '${area}' does not exist.`);
    if (input.JournalBatchNumber !== undefined) return fail('Error: Journal batch number is assigned by the number sequence.');
    const name = table('JournalNames').find((j) => j.dataAreaId === area && String(j.Name).toLowerCase() === String(input.JournalName ?? '').toLowerCase());
    if (!name) return fail(`Error: Journal name '${String(input.JournalName ?? '')}' does not exist.`);
    // The journal number sequence [UNVERIFIED format].
    const row: Row = {
      dataAreaId: area, JournalBatchNumber: `${area.toUpperCase()}-${String(++batchSequence).padStart(6, '0')}`, JournalName: name.Name,
      Description: String(input.Description ?? ''), IsPosted: 'No', PostingLayer: 'Current', AccountingCurrency: seed.accountingCurrency,
      JournalTotalDebit: 0, JournalTotalCredit: 0, IntegrationKey: String(input.IntegrationKey ?? ''),
    };
    table('LedgerJournalHeaders').push(row);
    return { status: 201, body: row };
  }

  function createLine(input: Row): Result {
    const area = String(input.dataAreaId ?? 'dat').toLowerCase();
    const fail = (why: string) => writeFailure(TABLE.LedgerJournalLines!, why);
    const header = table('LedgerJournalHeaders').find((h) => h.dataAreaId === area && h.JournalBatchNumber === input.JournalBatchNumber);
    if (!header) return fail(`Error: Journal batch number ${String(input.JournalBatchNumber ?? '')} does not exist.`);
    if (header.IsPosted === 'Yes') return fail(`Error: Journal ${String(header.JournalBatchNumber)} is posted and cannot be changed.`);
    const lineNumber = Number(input.LineNumber);
    if (!Number.isFinite(lineNumber) || lineNumber <= 0) return fail('Error: Line number must be given.');
    if (table('LedgerJournalLines').some((l) => l.dataAreaId === area && l.JournalBatchNumber === header.JournalBatchNumber && l.LineNumber === lineNumber)) {
      return fail(`Error: Cannot create a record in Journal lines (LedgerJournalTrans). Line number: ${lineNumber}. The record already exists.`);
    }
    if (!input.CurrencyCode) return fail("Error: Field 'Currency' must be filled in.");
    const accountType = String(input.AccountType ?? 'Ledger');
    if (accountType !== 'Ledger' && accountType !== 'Cust') return fail('Error: The emulator takes ledger and customer accounts only.');
    // A customer line names the customer account (wording of the refusal UNVERIFIED, §2.6's shape).
    const accountError = accountType === 'Cust'
      ? (seed.customers.includes(String(input.AccountDisplayValue ?? '')) ? null : `Customer account ${String(input.AccountDisplayValue ?? '')} does not exist.`)
      : checkAccount(String(input.AccountDisplayValue ?? ''));
    if (accountError) return fail(`Error: ${accountError}`);
    const debit = Number(input.DebitAmount ?? 0);
    const credit = Number(input.CreditAmount ?? 0);
    if ((debit !== 0) === (credit !== 0) || debit < 0 || credit < 0) return fail('Error: Enter either a debit or a credit amount.');
    const row: Row = {
      dataAreaId: area, JournalBatchNumber: header.JournalBatchNumber, LineNumber: lineNumber, TransDate: input.TransDate ?? null, AccountType: accountType,
      AccountDisplayValue: input.AccountDisplayValue, DebitAmount: debit, CreditAmount: credit, CurrencyCode: input.CurrencyCode, ExchRate: input.ExchRate ?? 100,
      Text: input.Text ?? '', DocumentNum: input.DocumentNum ?? '', Voucher: `GNJL${String(header.JournalBatchNumber).slice(-6)}`,
    };
    table('LedgerJournalLines').push(row);
    // Totals kept to the cent so a balanced journal compares equal (amounts are decimals on the wire).
    header.JournalTotalDebit = Math.round((Number(header.JournalTotalDebit) + debit) * 100) / 100;
    header.JournalTotalCredit = Math.round((Number(header.JournalTotalCredit) + credit) * 100) / 100;
    return { status: 201, body: row };
  }

  /**
   * A free-text invoice header: numbered by F&O's sequence, not posted (a person posts it in F&O; NOTES §2.3
   * finds no OData posting action). CustomerReference is not unique: F&O keeps no such constraint that the
   * references show, UNVERIFIED, so a client looks first. Messages' wording UNVERIFIED, in §2.6's shape.
   */
  function createFreeTextHeader(input: Row): Result {
    const area = String(input.dataAreaId ?? 'dat').toLowerCase();
    const fail = (why: string) => writeFailure(TABLE.FreeTextInvoiceHeaders!, why);
    if (area !== seed.legalEntity) return fail(`Error: Company '${area}' does not exist.`);
    const readOnly = schemaOf('FreeTextInvoiceHeaders').readOnly!.find((f) => input[f] !== undefined);
    if (readOnly) return fail(`Error: ${readOnly} is assigned by F&O.`);
    const customer = String(input.CustomerAccount ?? '');
    if (!seed.customers.includes(customer)) return fail(`Error: Customer account ${customer} does not exist.`);
    if (!input.CurrencyCode) return fail("Error: Field 'Currency' must be filled in.");
    const row: Row = {
      dataAreaId: area, FreeTextNumber: `FTI-${String(++freeTextSequence).padStart(6, '0')}`, RecId: ++recIds, CustomerAccount: customer,
      InvoiceDate: input.InvoiceDate ?? null, DueDate: input.DueDate ?? input.InvoiceDate ?? null, CurrencyCode: input.CurrencyCode,
      CustomerReference: String(input.CustomerReference ?? ''), InvoiceId: '', IsPosted: 'No',
    };
    table('FreeTextInvoiceHeaders').push(row);
    return { status: 201, body: row };
  }

  function createFreeTextLine(input: Row): Result {
    const area = String(input.dataAreaId ?? 'dat').toLowerCase();
    const fail = (why: string) => writeFailure(TABLE.FreeTextInvoiceLines!, why);
    const header = table('FreeTextInvoiceHeaders').find((h) => h.dataAreaId === area && h.RecId === input.ParentRecId);
    if (!header) return fail(`Error: Free text invoice ${String(input.ParentRecId ?? '')} does not exist.`);
    if (header.IsPosted === 'Yes') return fail(`Error: Free text invoice ${String(header.FreeTextNumber)} is posted and cannot be changed.`);
    const lineNumber = Number(input.LineNumber);
    if (!Number.isFinite(lineNumber) || lineNumber <= 0) return fail('Error: Line number must be given.');
    if (table('FreeTextInvoiceLines').some((l) => l.dataAreaId === area && l.ParentRecId === header.RecId && l.LineNumber === lineNumber)) {
      return fail(`Error: Cannot create a record in Customer invoice lines (CustInvoiceLine). Line number: ${lineNumber}. The record already exists.`);
    }
    const accountError = checkAccount(String(input.MainAccountDisplayValue ?? ''));
    if (accountError) return fail(`Error: ${accountError}`);
    // A negative quantity makes the free-text invoice a credit note (UNVERIFIED over OData, as F&O's form takes it).
    const quantity = Number(input.Quantity ?? 0);
    if (!Number.isFinite(quantity) || quantity === 0) return fail('Error: Enter a quantity.');
    const price = Number(input.UnitPrice ?? 0);
    // An unknown sales tax group fails the write in the words F&O uses for any missing related record (NOTES §2.6's
    // "The value 'Local' in field 'Customer group' is not found in the related table 'Customer groups'."); the field's label is UNVERIFIED.
    if (input.SalesTaxGroup !== undefined && input.SalesTaxGroup !== '' && !table('VRMTaxGroups').some((t) => t.dataAreaId === area && t.TaxGroupCode === String(input.SalesTaxGroup))) {
      return fail(`Warning: The value '${String(input.SalesTaxGroup)}' in field 'Sales tax group' is not found in the related table 'Sales tax groups'.`);
    }
    const row: Row = {
      dataAreaId: area, ParentRecId: header.RecId, LineNumber: lineNumber, Description: input.Description ?? '', MainAccountDisplayValue: input.MainAccountDisplayValue,
      Quantity: quantity, UnitPrice: price, TransactionCurrencyAmount: Math.round(quantity * price * 100) / 100, CurrencyCode: header.CurrencyCode,
      ...(input.SalesTaxGroup !== undefined ? { SalesTaxGroup: String(input.SalesTaxGroup) } : {}),
    };
    table('FreeTextInvoiceLines').push(row);
    return { status: 201, body: row };
  }

  /** The account display value parsed with the active ledger dimension format (§2.3); null when it may be posted to. */
  function checkAccount(display: string): string | null {
    const [main = '', ...values] = display.split(delimiter);
    const account = table('MainAccounts').find((a) => a.MainAccountId === main);
    if (!account) return `Main account ${main} does not exist in chart of accounts ${seed.chartOfAccounts}.`;
    const override = table('MainAccountLegalEntities').find((a) => a.MainAccountId === main && String(a.LegalEntityId).toLowerCase() === seed.legalEntity);
    if (account.MainAccountType === 'Total' || account.MainAccountType === 'Reporting') return `Main account ${main} is a ${String(account.MainAccountType).toLowerCase()} account and cannot be posted to.`;
    if (account.IsSuspended === 'Yes' || override?.IsSuspended === 'Yes') return `Main account ${main} is suspended.`;
    if (account.DoNotAllowManualEntry === 'Yes') return `Main account ${main} does not allow manual entry.`;
    for (const [i, value] of values.entries()) {
      if (!value) continue;
      const dimension = format[i];
      // Extra segments are dropped (§2.3).
      if (!dimension) break;
      const v = table('FinancialDimensionValues').find((d) => d.FinancialDimension === dimension && d.DimensionValue === value);
      if (!v) return `Value ${value} does not exist for financial dimension ${dimension}.`;
      if (v.IsSuspended === 'Yes' || v.IsBlockedForManualEntry === 'Yes') return `Value ${value} of financial dimension ${dimension} is suspended.`;
      if (v.IsTotal === 'Yes') return `Value ${value} of financial dimension ${dimension} is a total value.`;
    }
    return null;
  }

  return {
    url, tenantId, clientId, clientSecret, legalEntity: seed.legalEntity, faults, stats, limits: latency,
    rows: (set) => table(set).map((r) => ({ ...r })),
    dropInsideChangeset(afterOperations, committing = 0) {
      insideDrops.push({ committing, afterOperations });
    },
    postJournal(number) {
      const header = table('LedgerJournalHeaders').find((h) => h.JournalBatchNumber === number);
      if (!header) throw new Error(`No journal ${number} in the emulator.`);
      if (Number(header.JournalTotalDebit) !== Number(header.JournalTotalCredit)) throw new Error(`Journal ${number} does not balance.`);
      header.IsPosted = 'Yes';
    },
    postFreeTextInvoice(number) {
      const header = table('FreeTextInvoiceHeaders').find((h) => h.FreeTextNumber === number);
      if (!header) throw new Error(`No free-text invoice ${number} in the emulator.`);
      if (!table('FreeTextInvoiceLines').some((l) => l.ParentRecId === header.RecId)) throw new Error(`Free-text invoice ${number} has no lines.`);
      header.IsPosted = 'Yes';
      header.InvoiceId = `CIV-${String(number).slice(-6)}`;
    },
    postPaymentJournal: (number) => paymentJournals.post(number),
    openAmount: (number) => paymentJournals.openAmount(number),
    unregisterApp: () => { registered = false; },
    advanceTime: (ms) => clock.advance(ms),
    stop: () => server.stop(),
  };
}

function send(res: ServerResponse, r: Result): void {
  const headers: Record<string, string> = { 'odata-version': '4.0', ...lowerHeaders(r.headers ?? {}) };
  if (typeof r.body === 'string') {
    headers['content-type'] ??= 'text/plain';
    res.writeHead(r.status, headers);
    return void res.end(r.body);
  }
  headers['content-type'] = 'application/json; odata.metadata=minimal';
  res.writeHead(r.status, headers);
  res.end(r.body === undefined ? undefined : JSON.stringify(r.body));
}
