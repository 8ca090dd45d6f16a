import type { IncomingMessage, ServerResponse } from 'node:http';
import { addAccount } from './emulator-accounts';
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../../clock/clock';
import { offsetClock } from '../../clock/offset-clock';
import { delay, lowerHeaders, readBody, startLoopbackServer } from '../http/loopback-server';
import { compileFilter, ODataRequestError, pageOf, preferredPageSize } from '../odata';
import { serveB1Batch, type AnswerSink } from './emulator-batch';
import { errorBody, invalidSession, notFound, SapB1Failure, unsupported, type ServiceVersion } from './emulator-errors';
import { SapB1Faults } from './emulator-faults';
import { postCreditNote, type SettledAmounts, type StoredCreditNote } from './emulator-credit-note';
import { documentParts, postInvoice, type StoredInvoice } from './emulator-invoice';
import { cancelJournalEntry, postJournalEntry, type StoredJournalEntry } from './emulator-journal';
import { postIncomingPayment, type StoredPayment } from './emulator-payment';
import { postStockDocument, type StoredStockDocument } from './emulator-inventory';
import { createOrder, orderUserFields, patchOrder, type StoredOrder } from './emulator-orders';
import { defaultSapB1Seed, type SapB1Seed } from './emulator-seed';

/**
 * A loopback SAP Business One Service Layer, as ../shared/reference/erp/NOTES.md §3 and
 * specs/sapb1-servicelayer-v2-metadata.edmx.xml describe it. Both roots are served: /b1s/v1 (OData v3
 * spellings) and /b1s/v2 (OData v4). Where the real behaviour is not documented the emulator picks the
 * less convenient option and says UNVERIFIED.
 */
export interface SapB1EmulatorOptions {
  seed?: SapB1Seed;
  /** Minutes a session may stay idle (NOTES §3.1: SessionTimeout 30). */
  sessionTimeoutMinutes?: number;
  /** Sessions open at once; each holds a licence seat (NOTES §3.7). UNVERIFIED how B1 refuses the next. */
  maxSessions?: number;
  /** Default page size 20 (NOTES §3.4, B1GUIDE §3.7). */
  pageSize?: number;
  /** Time each request takes, to make the client's concurrency matter. */
  latencyMs?: number;
  clock?: Clock;
}

interface Session { id: string; companyDb: string; user: string; lastUsed: number; generation: number }

export interface SapB1EmulatorStats { requests: number; logins: number; logouts: number; expiredRejections: number; journalPosts: number; invoicePosts: number; creditNotePosts: number; paymentPosts: number; stockPosts: number; orderPatches: number; peakInFlight: number }

export interface SapB1Emulator {
  /** http://127.0.0.1:port */
  url: string;
  /** The service roots a connection is configured with. */
  v1: string;
  v2: string;
  seed: SapB1Seed;
  faults: SapB1Faults;
  stats: SapB1EmulatorStats;
  journalEntries(): readonly StoredJournalEntry[];
  invoices(): readonly StoredInvoice[];
  creditNotes(): readonly StoredCreditNote[];
  returnRequests(): readonly StoredInvoice[];
  incomingPayments(): readonly StoredPayment[];
  /** Goods receipts (InventoryGenEntries) and goods issues (InventoryGenExits). */
  goodsReceipts(): readonly StoredStockDocument[];
  goodsIssues(): readonly StoredStockDocument[];
  /** Sales orders, live: a test changes one as a person would in B1's own window (close, cancel, edit a line). */
  salesOrders(): StoredOrder[];
  openSessions(): number;
  /** Moves the emulator's clock on (idle sessions expire after SessionTimeout minutes). */
  advanceTime(ms: number): void;
  stop(): Promise<void>;
}

type Row = Record<string, unknown>;

/** Properties a filter may name before any row of the set exists (the metadata declares them; an empty set still answers). */
const FILTERABLE_WHEN_EMPTY: Record<string, string[]> = {
  JournalEntries: ['Reference', 'Reference2', 'Reference3', 'ReferenceDate', 'Original'],
  Invoices: ['DocNum', 'NumAtCard', 'CardCode', 'DocDate', 'Cancelled'],
  CreditNotes: ['DocNum', 'NumAtCard', 'CardCode', 'DocDate', 'Cancelled'],
  ReturnRequest: ['DocNum', 'NumAtCard', 'CardCode', 'DocDate', 'Cancelled'],
  IncomingPayments: ['DocNum', 'Remarks', 'CardCode', 'DocDate', 'Cancelled'],
  InventoryGenEntries: ['DocNum', 'Comments', 'DocDate', 'Cancelled'],
  InventoryGenExits: ['DocNum', 'Comments', 'DocDate', 'Cancelled'],
  Orders: ['DocNum', 'NumAtCard', 'CardCode', 'DocDate', 'Cancelled', 'DocumentStatus', 'TransportationCode'],
  ShippingTypes: ['Code', 'Name'],
  UserFieldsMD: ['TableName', 'FieldID', 'Name', 'Type'],
};

export async function startSapB1Emulator(options: SapB1EmulatorOptions = {}): Promise<SapB1Emulator> {
  const seed = options.seed ?? defaultSapB1Seed();
  const clock = offsetClock(options.clock ?? systemClock);
  const timeoutMs = (options.sessionTimeoutMinutes ?? 30) * 60_000;
  const maxSessions = options.maxSessions ?? 10;
  const pageSize = options.pageSize ?? 20;
  const sessions = new Map<string, Session>();
  let generation = 0;
  const journals: StoredJournalEntry[] = [];
  const invoices: StoredInvoice[] = [];
  const creditNotes: StoredCreditNote[] = [];
  const returnRequests: StoredInvoice[] = [];
  const payments: StoredPayment[] = [];
  const receipts: StoredStockDocument[] = [];
  const issues: StoredStockDocument[] = [];
  const orders: StoredOrder[] = [];
  // What each document has been settled in its own currency (PaidToDate is the local amount).
  const settled: SettledAmounts = { invoices: new Map(), creditNotes: new Map() };
  const stats: SapB1EmulatorStats = { requests: 0, logins: 0, logouts: 0, expiredRejections: 0, journalPosts: 0, invoicePosts: 0, creditNotePosts: 0, paymentPosts: 0, stockPosts: 0, orderPatches: 0, peakInFlight: 0 };
  let inFlight = 0;
  const faults = new SapB1Faults({ expireAll: () => { generation++; } });

  const liveSession = (id: string | undefined): Session | null => {
    const s = id === undefined ? undefined : sessions.get(id);
    if (!s) return null;
    if (s.generation !== generation || clock.now() - s.lastUsed > timeoutMs) {
      sessions.delete(s.id);
      return null;
    }
    return s;
  };
  const openSessions = () => [...sessions.keys()].filter((id) => liveSession(id) !== null).length;

  function login(body: Row, version: ServiceVersion): { session: Session; answer: Row } {
    // Wrong company, user or password and an exhausted licence: codes and wording UNVERIFIED (NOTES §3.1 gives only the happy path).
    if (body.CompanyDB !== seed.companyDb) throw new SapB1Failure(401, -1102, `Company database '${String(body.CompanyDB ?? '')}' not found.`);
    const user = String(body.UserName ?? '');
    if (seed.users[user] === undefined || seed.users[user] !== body.Password) throw new SapB1Failure(401, 100000027, 'Login failed');
    if (openSessions() >= maxSessions) throw new SapB1Failure(401, -1000004, 'No more licenses are available for this user.');
    const session: Session = { id: randomBytes(18).toString('hex'), companyDb: seed.companyDb, user, lastUsed: clock.now(), generation };
    sessions.set(session.id, session);
    stats.logins++;
    const metadata = version === 'v1' ? { 'odata.metadata': '$metadata#B1Sessions/@Element' } : { '@odata.context': '$metadata#B1Sessions/$entity' };
    return { session, answer: { ...metadata, SessionId: session.id, Version: '1000210', SessionTimeout: timeoutMs / 60_000 } };
  }

  const collections: Record<string, { rows: () => Row[]; key: string; numericKey: boolean }> = {
    ChartOfAccounts: { rows: () => seed.accounts as unknown as Row[], key: 'Code', numericKey: false },
    Dimensions: { rows: () => seed.dimensions as unknown as Row[], key: 'DimensionCode', numericKey: true },
    ProfitCenters: { rows: () => seed.profitCenters as unknown as Row[], key: 'CenterCode', numericKey: false },
    Currencies: { rows: () => seed.currencies.map((Code) => ({ Code, Name: Code, DocumentsCode: Code, InternationalDescription: Code })), key: 'Code', numericKey: false },
    JournalEntries: { rows: () => journals as unknown as Row[], key: 'JdtNum', numericKey: true },
    Invoices: { rows: () => invoices as unknown as Row[], key: 'DocEntry', numericKey: true },
    CreditNotes: { rows: () => creditNotes as unknown as Row[], key: 'DocEntry', numericKey: true },
    ReturnRequest: { rows: () => returnRequests as unknown as Row[], key: 'DocEntry', numericKey: true },
    IncomingPayments: { rows: () => payments as unknown as Row[], key: 'DocEntry', numericKey: true },
    InventoryGenEntries: { rows: () => receipts as unknown as Row[], key: 'DocEntry', numericKey: true },
    InventoryGenExits: { rows: () => issues as unknown as Row[], key: 'DocEntry', numericKey: true },
    Orders: { rows: () => orders as unknown as Row[], key: 'DocEntry', numericKey: true },
    BusinessPartners: { rows: () => seed.businessPartners as unknown as Row[], key: 'CardCode', numericKey: false },
    Items: { rows: () => seed.items as unknown as Row[], key: 'ItemCode', numericKey: false },
    Warehouses: { rows: () => seed.warehouses as unknown as Row[], key: 'WarehouseCode', numericKey: false },
    PriceLists: { rows: () => seed.priceLists as unknown as Row[], key: 'PriceListNo', numericKey: true },
    // edmx EntitySet SalesTaxCodes (key Code) and AdditionalExpenses (key ExpensCode, Edm.Int32).
    SalesTaxCodes: { rows: () => (seed.taxCodes ?? []) as unknown as Row[], key: 'Code', numericKey: false },
    AdditionalExpenses: { rows: () => (seed.freightCodes ?? []) as unknown as Row[], key: 'ExpensCode', numericKey: true },
    ShippingTypes: { rows: () => (seed.shippingTypes ?? []) as unknown as Row[], key: 'Code', numericKey: true },
    UserFieldsMD: { rows: () => (seed.userFields ?? []) as unknown as Row[], key: 'FieldID', numericKey: true },
  };
  // The metadata declares a company's user fields on Document, so a filter may name them while no order carries a value.
  const filterableWhenEmpty = (set: string): string[] => [...(FILTERABLE_WHEN_EMPTY[set] ?? []), ...(set === 'Orders' ? orderUserFields(seed) : [])];

  function readCollection(set: string, query: URLSearchParams, prefer: string | undefined, version: ServiceVersion): { body: Row; preferenceApplied?: string } {
    const c = collections[set]!;
    let rows = c.rows();
    const filter = query.get('$filter');
    if (filter) {
      const fields = [...new Set(rows.flatMap((r) => Object.keys(r)).concat(c.key, filterableWhenEmpty(set)))];
      const keep = compileFilter(filter, { fields, typeName: `SAPB1.${set}` });
      rows = rows.filter(keep);
    }
    // B1GUIDE §3.7: 20 a page unless `Prefer: odata.maxpagesize=n` asks otherwise; the next link is relative (root-relative in v1).
    const preferred = preferredPageSize(prefer);
    // 0 turns paging off (NOTES §3.4).
    const size = preferred === null ? pageSize : preferred === 0 ? Math.max(rows.length, 1) : preferred;
    const sized = pageOf(rows, query, `odata.maxpagesize=${size}`, { maxPageSize: size, continuation: 'skip', nextLink: 'relative' }, {
      absolute: '', relative: version === 'v1' ? `/b1s/v1/${set}` : set,
    });
    const select = query.get('$select')?.split(',').map((s) => s.trim()).filter(Boolean);
    const value = sized.rows.map((r) => shape(select ? Object.fromEntries(select.map((k) => [k, r[k] ?? null])) : r, version));
    const body: Row = version === 'v1' ? { 'odata.metadata': `$metadata#${set}`, value } : { '@odata.context': `$metadata#${set}`, value };
    if (sized.nextLink) body[version === 'v1' ? 'odata.nextLink' : '@odata.nextLink'] = sized.nextLink;
    return preferred !== null ? { body, preferenceApplied: `odata.maxpagesize=${size}` } : { body };
  }

  function rateFor(currency: string, date: string): number {
    if (currency === seed.localCurrency) return 1;
    const r = seed.rates.find((x) => x.currency === currency && x.date === date);
    // A missing rate: the -2028 "No matching records found" answer is seen in third-party logs, UNVERIFIED in SAP docs.
    if (!r) throw new SapB1Failure(400, -2028, `No matching records found (ODBC -2028): no exchange rate for ${currency} on ${date}`);
    return r.rate;
  }

  async function route(method: string, path: string, query: URLSearchParams, headers: Record<string, string>, raw: Buffer, version: ServiceVersion, res: AnswerSink): Promise<() => void> {
    const json = (status: number, body: unknown, extra: Record<string, string> = {}) => () => {
      res.writeHead(status, { 'content-type': 'application/json;odata=minimalmetadata;charset=utf-8', ...extra });
      res.end(JSON.stringify(body));
    };
    const noContent = () => () => { res.writeHead(204); res.end(); };
    const body = (): Row => {
      try {
        const parsed: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        return parsed as Row;
      } catch {
        throw new SapB1Failure(400, -1000, 'Invalid JSON in the request body.');
      }
    };

    if (method === 'POST' && path === 'Login') {
      const { session, answer } = login(body(), version);
      return json(200, answer, { 'set-cookie': `B1SESSION=${session.id}; HttpOnly, ROUTEID=.node1; path=/b1s` });
    }
    const cookies = Object.fromEntries((headers.cookie ?? '').split(';').map((c) => c.trim().split('=') as [string, string]).filter((p) => p.length === 2));
    const session = liveSession(cookies.B1SESSION);
    if (!session) {
      stats.expiredRejections++;
      throw invalidSession();
    }
    session.lastUsed = clock.now();
    if (method === 'POST' && path === 'Logout') {
      sessions.delete(session.id);
      stats.logouts++;
      return noContent();
    }
    if (method === 'POST' && path === '$batch') return serveB1Batch(headers, raw, version, res, { route: (r, sink) => route(r.method, r.path, r.query, r.headers, r.body, version, sink), mark: () => journals.length, rollback: (n) => { journals.length = n; } });
    if (method === 'POST' && path === 'CompanyService_GetAdminInfo') {
      return json(200, { CompanyName: seed.companyName, LocalCurrency: seed.localCurrency, SystemCurrency: seed.systemCurrency });
    }
    if (method === 'POST' && path === 'SBOBobService_GetCurrencyRate') {
      const b = body();
      const date = String(b.Date ?? '').slice(0, 10);
      return json(200, { [version === 'v1' ? 'odata.metadata' : '@odata.context']: '$metadata#Edm.Double', value: rateFor(String(b.Currency ?? ''), date) });
    }
    if (method === 'POST' && path === 'JournalEntries') {
      const entry = postJournalEntry(body(), seed, journals, rateFor);
      stats.journalPosts++;
      if (/return-no-content/.test(headers.prefer ?? '')) {
        return () => { res.writeHead(204, { location: `JournalEntries(${entry.JdtNum})` }); res.end(); };
      }
      return json(201, shape(entry as unknown as Row, version));
    }
    if (method === 'POST' && path === 'ChartOfAccounts') return json(201, shape(addAccount(seed.accounts, body()) as unknown as Row, version));
    if (method === 'POST' && path === 'Invoices') {
      const invoice = postInvoice(body(), seed, invoices, rateFor);
      stats.invoicePosts++;
      if (/return-no-content/.test(headers.prefer ?? '')) {
        return () => { res.writeHead(204, { location: `Invoices(${invoice.DocEntry})` }); res.end(); };
      }
      return json(201, shape(invoice as unknown as Row, version));
    }
    if (method === 'POST' && path === 'CreditNotes') {
      const note = postCreditNote(body(), seed, invoices, creditNotes, settled, rateFor);
      stats.creditNotePosts++;
      if (/return-no-content/.test(headers.prefer ?? '')) {
        return () => { res.writeHead(204, { location: `CreditNotes(${note.DocEntry})` }); res.end(); };
      }
      return json(201, shape(note as unknown as Row, version));
    }
    if (method === 'POST' && path === 'ReturnRequest') {
      // A return request books nothing; it waits for the goods (edmx EntitySet ReturnRequest of EntityType Document).
      const docEntry = (returnRequests.at(-1)?.DocEntry ?? 0) + 1;
      const request: StoredInvoice = { DocEntry: docEntry, DocNum: 80_000 + docEntry, ...documentParts(body(), seed, rateFor) };
      returnRequests.push(request);
      return json(201, shape(request as unknown as Row, version));
    }
    if (method === 'POST' && path === 'IncomingPayments') {
      const payment = postIncomingPayment(body(), seed, invoices, creditNotes, payments, settled);
      stats.paymentPosts++;
      if (/return-no-content/.test(headers.prefer ?? '')) {
        return () => { res.writeHead(204, { location: `IncomingPayments(${payment.DocEntry})` }); res.end(); };
      }
      return json(201, shape(payment as unknown as Row, version));
    }
    if (method === 'POST' && (path === 'InventoryGenEntries' || path === 'InventoryGenExits')) {
      const receipt = path === 'InventoryGenEntries';
      const doc = postStockDocument(receipt ? 'receipt' : 'issue', body(), seed, receipt ? receipts : issues, receipt ? 70_000 : 80_000);
      stats.stockPosts++;
      return json(201, shape(doc as unknown as Row, version));
    }
    if (method === 'POST' && path === 'Orders') return json(201, shape(createOrder(body(), seed, orders, new Date(clock.now()).toISOString().slice(0, 10)) as unknown as Row, version));
    const orderKey = /^Orders\((\d+)\)$/.exec(path);
    if (orderKey && method === 'PATCH') {
      if (!patchOrder(orders, Number(orderKey[1]), body())) throw notFound(path);
      stats.orderPatches++;
      return noContent();
    }
    const cancel = /^JournalEntries\((\d+)\)\/Cancel$/.exec(path);
    if (cancel && method === 'POST') {
      cancelJournalEntry(Number(cancel[1]), journals, new Date(clock.now()).toISOString().slice(0, 10));
      return noContent();
    }
    const keyed = /^(\w+)\((?:'([^']*)'|(-?\d+))\)$/.exec(path);
    if (keyed && method === 'GET') {
      const c = collections[keyed[1]!];
      if (!c) throw notFound(keyed[1]!);
      const key = keyed[2] ?? Number(keyed[3]);
      const row = c.rows().find((r) => r[c.key] === key);
      if (!row) throw notFound(path);
      return json(200, shape(row, version));
    }
    if (method === 'GET' && collections[path]) {
      const { body: page, preferenceApplied } = readCollection(path, query, headers.prefer, version);
      return json(200, page, preferenceApplied ? { 'preference-applied': preferenceApplied } : {});
    }
    if (collections[path] || keyed) throw unsupported();
    throw notFound(path);
  }

  const server = await startLoopbackServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/b1s\/(v1|v2)\/(.*)$/.exec(url.pathname);
    const version: ServiceVersion = m?.[1] === 'v1' ? 'v1' : 'v2';
    const method = req.method ?? 'GET';
    req.socket.setNoDelay(true);
    const raw = await readBody(req);
    stats.requests++;
    inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    try {
      if (!m) throw notFound(url.pathname);
      const path = decodeURIComponent(m[2]!);
      const fault = faults.take({ method, path });
      if (fault?.kind === 'drop') return void res.destroy();
      if (fault?.kind === 'delay') await delay(fault.ms);
      if (fault?.kind === 'status') {
        const extra: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
        res.writeHead(fault.status, { 'content-type': 'application/json', ...extra });
        return void res.end(JSON.stringify(errorBody(version, fault.status === 429 ? -1000 : -5002, fault.status === 429 ? 'Too many requests' : 'Service temporarily unavailable')));
      }
      if (options.latencyMs) await delay(options.latencyMs);
      let answer: () => void;
      try {
        answer = await route(method, path, url.searchParams, lowerHeaders(req.headers), raw, version, res);
      } catch (err) {
        if (err instanceof ODataRequestError) throw new SapB1Failure(400, -1000, err.message);
        throw err;
      }
      if (fault?.kind === 'drop-after-processing') return void res.destroy();
      answer();
    } catch (err) {
      const f = err instanceof SapB1Failure ? err : new SapB1Failure(500, -1, err instanceof Error ? err.message : String(err));
      res.writeHead(f.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errorBody(version, f.code, f.message)));
    } finally {
      inFlight--;
    }
  }, (res, err) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify(errorBody('v1', -1, String(err))));
  });

  return {
    url: server.url,
    v1: `${server.url}/b1s/v1`,
    v2: `${server.url}/b1s/v2`,
    seed,
    faults,
    stats,
    journalEntries: () => journals,
    invoices: () => invoices,
    creditNotes: () => creditNotes,
    returnRequests: () => returnRequests,
    incomingPayments: () => payments,
    goodsReceipts: () => receipts,
    goodsIssues: () => issues,
    salesOrders: () => orders,
    openSessions,
    advanceTime: (ms) => clock.advance(ms),
    stop: server.stop,
  };
}

/** v2 dates are Edm.DateTimeOffset; v1 shows them as plain dates (B1GUIDE §3.7 filters with '2014-04-23'). */
function shape(row: Row, version: ServiceVersion): Row {
  if (version === 'v1') return row;
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && /Date$/.test(k) ? `${v}T00:00:00Z` : v;
  return out;
}

