import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock/clock';
import { IssuedTokens } from '../faults/issued-tokens';
import { FaultPlan } from '../faults/fault-plan';
import { delay, lowerHeaders, readBody, startLoopbackServer } from '../http/loopback-server';
import { Failure, filter, page, parseJson, sum, unwrap, wrap, unprocessableRecord } from './emulator-records';
import { FIELDS_BY_VERSION, SERVED_VERSIONS, type AcumaticaEntity } from './emulator-schema';
import { salesInvoiceBook, type AcumaticaSalesInvoiceRow } from './emulator-sales-invoice';
import { paymentBook, SEED_CASH_ACCOUNTS, type AcumaticaPaymentRow } from './emulator-payment';
import { inventoryBook, type AcumaticaAdjustmentRow, type StockItemStock } from './emulator-inventory';
import { salesOrderBook, type AcumaticaSalesOrderRow } from './emulator-sales-order';
import { SEED_ACCOUNTS, SEED_BRANCHES, SEED_CURRENCIES, SEED_CUSTOMERS, SEED_LEDGERS, SEED_ORDER_TYPES, SEED_REASON_CODES, SEED_STOCK_ITEMS, SEED_SUBACCOUNTS, SEED_TAXES, SEED_WAREHOUSES, seedStock, type SeedAccount } from './emulator-seed';

/**
 * A loopback Acumatica instance serving the contract-based REST API as ../shared/reference/erp/NOTES.md §4
 * describes it: the version list at /entity, version-locked entity paths, OAuth 2.0 (password,
 * refresh-token and authorization-code grants; no client credentials) and the cookie login, licence limits,
 * value-wrapped fields, $top/$skip, PUT that creates or updates (412 under If-None-Match: *), 422 with
 * per-field errors, permanent business errors as HTTP 500, and ReleaseJournalTransaction as 202 + Location.
 */
export interface AcumaticaEmulatorOptions {
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  username?: string;
  password?: string;
  clock?: Clock;
  /** Licence: API users signed in at once; the trial licence allows 2 (NOTES §4.6). */
  maxApiUsers?: number;
  /** Licence: requests running at once; the rest wait in the queue, declined beyond 20 (NOTES §4.6). */
  maxConcurrent?: number;
  /** Licence: requests per minute; from half of it on, requests are delayed (NOTES §4.6). 0: no limit. */
  requestsPerMinute?: number;
  /** Does a new batch stay on hold whatever the request says (GL preference "Hold batches on entry")? */
  holdOnEntry?: boolean;
  /** Does a new AR invoice stay on hold whatever the request says (AR preference "Hold documents on entry")? */
  holdInvoicesOnEntry?: boolean;
  /** Does release post the batch (status Posted), or leave it Unposted for a person to post (GL preference)? */
  autoPostOnRelease?: boolean;
  /** Processing time of each entity request, holding its place among the concurrent ones (benchmarks). */
  latencyMs?: number;
  /** Status polls that answer 202 before the release is done. */
  releasePolls?: number;
  /** Financial periods (MMYYYY) closed in GL: releasing into one is a business error. */
  closedPeriods?: string[];
  /** The chart of accounts; the demo tenant's when absent. */
  accounts?: readonly SeedAccount[];
  /** Cash accounts a payment may name; the demo tenant's when absent. */
  cashAccounts?: readonly string[];
}

export interface AcumaticaJournalRow {
  id: string;
  BatchNbr: string;
  Module: string;
  TransactionDate: string;
  PostPeriod: string;
  LedgerID: string;
  BranchID: string;
  CurrencyID: string;
  Description: string;
  Hold: boolean;
  Status: 'On Hold' | 'Balanced' | 'Unposted' | 'Posted';
  LastModifiedDateTime: string;
  Details: Array<{ LineNbr: number; Account: string; Subaccount: string; BranchID: string; DebitAmount: number; CreditAmount: number; Description: string }>;
}

export interface AcumaticaEmulatorStats {
  requests: number;
  logins: number;
  /** Sign-ins refused over the licence's API user limit. */
  loginsRefused: number;
  logouts: number;
  puts: number;
  releases: number;
  declined: number;
  delayedMs: number;
  peakConcurrent: number;
}

type Fault = { method: string; path: string };
export interface AcumaticaFaultMatch { path?: RegExp }

export interface AcumaticaEmulator {
  url: string;
  readonly journals: AcumaticaJournalRow[];
  readonly salesInvoices: AcumaticaSalesInvoiceRow[];
  readonly payments: AcumaticaPaymentRow[];
  readonly inventoryAdjustments: AcumaticaAdjustmentRow[];
  /** Sales orders, return orders (type RC) among them. */
  readonly salesOrders: AcumaticaSalesOrderRow[];
  /** Stock items' quantities per warehouse, as adjustments leave them (a test may move them as a person would). */
  readonly stock: StockItemStock[];
  readonly stats: AcumaticaEmulatorStats;
  /** Signed-in API users (cookie sessions and OAuth grants) holding a licence seat. */
  readonly sessions: () => number;
  faults: FaultPlan<Fault, AcumaticaFaultMatch>;
  /** The licence limits it enforces, for benchmarks that compute the least time they allow. */
  limits: { maxConcurrent: number; requestsPerMinute: number; latencyMs: number };
  stop(): Promise<void>;
}

interface Session { key: string; user: string }

const TOKEN_LIFETIME_MS = 3600_000;

export async function startAcumaticaEmulator(o: AcumaticaEmulatorOptions = {}): Promise<AcumaticaEmulator> {
  const tenant = o.tenant ?? 'Company';
  const clientId = o.clientId ?? `3F2504E0-4F89-11D3-9A0C-0305E82C3301@${tenant}`;
  const clientSecret = o.clientSecret ?? 'acu-secret';
  const username = o.username ?? 'admin';
  const password = o.password ?? 'acu-password';
  const clock = o.clock ?? systemClock;
  const maxApiUsers = o.maxApiUsers ?? 2;
  const maxConcurrent = o.maxConcurrent ?? 10;
  const perMinute = o.requestsPerMinute ?? 0;
  const releasePolls = o.releasePolls ?? 1;
  const iso = () => new Date(clock.now()).toISOString();

  const stats: AcumaticaEmulatorStats = { requests: 0, logins: 0, loginsRefused: 0, logouts: 0, puts: 0, releases: 0, declined: 0, delayedMs: 0, peakConcurrent: 0 };
  const tokens = new IssuedTokens<Session>(() => clock.now());
  const cookies = new Map<string, Session>();
  /** Seats by session key: OAuth grants reuse theirs on refresh ("api" without api:concurrent_access, NOTES §4.2). */
  const seats = new Set<string>();
  const refreshTokens = new Map<string, string>();
  const codes = new Set<string>(['demo-authorization-code']);
  const faults = new FaultPlan<Fault, AcumaticaFaultMatch>((m, t) => !m.path || m.path.test(`${t.method} ${t.path}`), tokens);
  const journals: AcumaticaJournalRow[] = [];
  const invoices = salesInvoiceBook({ customers: SEED_CUSTOMERS, items: SEED_STOCK_ITEMS, accounts: o.accounts ?? SEED_ACCOUNTS, taxes: SEED_TAXES, holdOnEntry: o.holdInvoicesOnEntry === true, now: iso });
  const payments = paymentBook({ customers: SEED_CUSTOMERS, cashAccounts: o.cashAccounts ?? SEED_CASH_ACCOUNTS, documents: () => invoices.rows, holdOnEntry: o.holdInvoicesOnEntry === true, now: iso });
  const stock = seedStock();
  const inventory = inventoryBook({ stock, items: SEED_STOCK_ITEMS, now: iso });
  const orders = salesOrderBook({ customers: SEED_CUSTOMERS, items: SEED_STOCK_ITEMS, orderTypes: SEED_ORDER_TYPES, reasonCodes: SEED_REASON_CODES, warehouses: SEED_WAREHOUSES, invoices: () => invoices.rows, holdOnEntry: false, now: iso });
  const releases = new Map<string, { pollsLeft: number; error: Failure | null }>();
  const modified = iso();
  const tables: Record<'Account' | 'Subaccount' | 'Ledger' | 'Currency', Array<Record<string, unknown>>> = {
    Account: (o.accounts ?? SEED_ACCOUNTS).map((a, i) => ({ id: randomUUID(), AccountID: 1000 + i, AccountClass: a.Type.toUpperCase(), PostOption: 'Detail', CashAccount: false, ...a, LastModifiedDateTime: modified })),
    Subaccount: SEED_SUBACCOUNTS.map((s, i) => ({ id: randomUUID(), SubaccountID: 500 + i, ...s })),
    Ledger: SEED_LEDGERS.map((l) => ({ id: randomUUID(), ...l, LastModifiedDateTime: modified })),
    Currency: SEED_CURRENCIES.map((c) => ({ id: randomUUID(), Active: true, UseForAccounting: true, CurrencySymbol: c.CurrencyID, ...c, LastModifiedDateTime: modified })),
  };
  let active = 0;
  const queue: Array<() => void> = [];
  const minute: number[] = [];

  function takeSeat(key: string): void {
    if (seats.has(key)) return;
    // ACUCLI maps a body with "API Login Limit" to 429 (NOTES §4.2); the words are the licence's.
    if (seats.size >= maxApiUsers) {
      stats.loginsRefused++;
      throw new Failure(429, 'API Login Limit', 'PX.Data.PXException');
    }
    seats.add(key);
    stats.logins++;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const body = (await readBody(req)).toString('utf8');
    const headers = lowerHeaders(req.headers);
    if (u.pathname === '/identity/connect/token' && method === 'POST') return token(new URLSearchParams(body), res);
    if (u.pathname === '/entity' && method === 'GET') {
      // ACUCLI RootApi: {version, endpoints:[{name, version, href}]} (NOTES §4.1).
      return send(res, 200, {
        version: { acumaticaBuildVersion: '24.200.0123', databaseVersion: '24.200.0123' },
        endpoints: SERVED_VERSIONS.map((v) => ({ name: 'Default', version: v, href: `/entity/Default/${v}/` })),
      });
    }
    if (u.pathname === '/entity/auth/login' && method === 'POST') return cookieLogin(body, res);
    if (u.pathname === '/entity/auth/logout' && method === 'POST') {
      const sid = cookieOf(headers.cookie);
      const s = sid ? cookies.get(sid) : undefined;
      if (s) {
        cookies.delete(sid!);
        seats.delete(s.key);
        stats.logouts++;
      }
      return send(res, 204, null);
    }
    const m = /^\/entity\/([^/]+)\/([^/]+)\/(.*)$/.exec(u.pathname);
    if (!m) throw new Failure(404, `No resource at ${u.pathname}.`, 'System.Web.HttpException');
    const [, endpoint, version, rest] = m as unknown as [string, string, string, string];
    // Wrong endpoint version -> 404: UNVERIFIED (NOTES §4.1).
    if (endpoint !== 'Default' || !FIELDS_BY_VERSION[version]) throw new Failure(404, `The endpoint ${endpoint}/${version} is not served by this instance.`, 'System.Web.HttpException');
    authenticate(headers);
    const fault = faults.take({ method, path: `/${rest}` });
    if (fault?.kind === 'status') throw new Failure(fault.status, fault.status === 429 ? 'The request was declined: too many API requests.' : `Injected HTTP ${fault.status}.`, 'System.Exception', fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {});
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await delay(fault.ms);
    await admit();
    try {
      if (o.latencyMs) await delay(o.latencyMs);
      const answer = route(method, version, decodeURIComponent(rest), u.searchParams, headers, body, `/entity/${endpoint}/${version}`);
      if (fault?.kind === 'drop-after-processing') {
        req.socket.destroy();
        return;
      }
      send(res, answer.status, answer.body, answer.headers);
    } finally {
      release();
    }
  }

  /** Licence limits on API requests (NOTES §4.6): concurrency with a queue declined beyond 20, and per-minute delays. */
  async function admit(): Promise<void> {
    stats.requests++;
    if (active >= maxConcurrent) {
      // Declined status UNVERIFIED (NOTES §4.6: "likely 429").
      if (queue.length >= 20) {
        stats.declined++;
        throw new Failure(429, 'The request was declined: more than 20 API requests are waiting in the queue.', 'PX.Data.PXException');
      }
      await new Promise<void>((r) => queue.push(r));
    }
    active++;
    stats.peakConcurrent = Math.max(stats.peakConcurrent, active);
    if (perMinute > 0) {
      const now = clock.now();
      while (minute.length && minute[0]! <= now - 60_000) minute.shift();
      if (minute.length >= perMinute / 2) {
        // "delay = remaining time / remaining requests" (NOTES §4.6).
        const remainingMs = minute[0]! + 60_000 - now;
        const wait = Math.max(0, remainingMs / Math.max(1, perMinute - minute.length));
        stats.delayedMs += wait;
        await clock.sleep(wait);
      }
      minute.push(clock.now());
    }
  }
  function release(): void {
    active--;
    queue.shift()?.();
  }

  function authenticate(h: Record<string, string>): Session {
    const bearer = /^Bearer (.+)$/.exec(h.authorization ?? '')?.[1];
    if (bearer) {
      const t = tokens.check(bearer);
      if (t.status === 'valid') return t.grant;
      throw new Failure(401, 'You are not logged in.', 'PX.Data.PXNotLoggedInException');
    }
    const sid = cookieOf(h.cookie);
    const s = sid ? cookies.get(sid) : undefined;
    if (!s) throw new Failure(401, 'You are not logged in.', 'PX.Data.PXNotLoggedInException');
    return s;
  }

  function token(form: URLSearchParams, res: ServerResponse): void {
    const oauthError = (status: number, error: string, description: string) => send(res, status, { error, error_description: description });
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return oauthError(400, 'invalid_client', 'The client id or secret is not valid.');
    const grant = form.get('grant_type');
    let session: Session;
    if (grant === 'password') {
      if (form.get('username') !== username || form.get('password') !== password) return oauthError(400, 'invalid_grant', 'invalid_username_or_password');
      session = { key: `oauth:${username}`, user: username };
    } else if (grant === 'refresh_token') {
      const user = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!user) return oauthError(400, 'invalid_grant', 'The refresh token is not valid or has expired.');
      session = { key: `oauth:${user}`, user };
    } else if (grant === 'authorization_code') {
      if (!codes.delete(form.get('code') ?? '')) return oauthError(400, 'invalid_grant', 'The authorization code is not valid.');
      session = { key: `oauth:${username}`, user: username };
    } else {
      // Acumatica offers no client-credentials grant (NOTES §4.2).
      return oauthError(400, 'unsupported_grant_type', `The grant type ${grant ?? '(none)'} is not supported.`);
    }
    try {
      takeSeat(session.key);
    } catch (e) {
      return oauthError(429, 'invalid_grant', (e as Error).message);
    }
    const access = randomUUID();
    tokens.issue(access, session, TOKEN_LIFETIME_MS);
    const refresh = randomUUID();
    refreshTokens.set(refresh, session.user);
    send(res, 200, { access_token: access, expires_in: TOKEN_LIFETIME_MS / 1000, token_type: 'Bearer', scope: 'api offline_access', refresh_token: refresh });
  }

  function cookieLogin(body: string, res: ServerResponse): void {
    const b = parseJson(body) as { name?: string; password?: string; tenant?: string; company?: string; branch?: string };
    if (b.name !== username || b.password !== password || (b.tenant ?? b.company) !== tenant) throw new Failure(500, 'Error: Invalid credentials. Please try again.', 'PX.Data.PXException');
    const sid = randomUUID();
    const session = { key: `cookie:${sid}`, user: username };
    takeSeat(session.key);
    cookies.set(sid, session);
    // 204 with .ASPXAUTH and ASP.NET_SessionId (NOTES §4.2).
    res.writeHead(204, { 'set-cookie': [`ASP.NET_SessionId=${sid}; path=/; HttpOnly`, `.ASPXAUTH=${sid}; path=/; HttpOnly`] });
    res.end();
  }

  type Answer = { status: number; body: unknown; headers?: Record<string, string> };

  function route(method: string, version: string, rest: string, q: URLSearchParams, h: Record<string, string>, body: string, root: string): Answer {
    const fields = FIELDS_BY_VERSION[version]!;
    const [entity, ...keys] = rest.split('/');
    const statusMatch = /^(?:JournalTransaction\/ReleaseJournalTransaction|SalesInvoice\/ReleaseSalesInvoice|Payment\/ReleasePayment|InventoryAdjustment\/ReleaseAdjustment)\/status\/(.+)$/.exec(rest);
    if (statusMatch && method === 'GET') return releaseStatus(statusMatch[1]!);
    if (entity === 'SalesInvoice') {
      if (method === 'PUT' && keys.length === 0) {
        stats.puts++;
        return invoices.put(fields, parseJson(body), h);
      }
      if (method === 'POST' && keys[0] === 'ReleaseSalesInvoice') {
        stats.releases++;
        return accepted(`${root}/SalesInvoice/ReleaseSalesInvoice`, invoices.release(parseJson(body)));
      }
      if (method === 'GET' && (keys.length === 0 || keys.length === 2)) return invoices.get(fields, keys, q);
    }
    if (entity === 'Payment') {
      if (method === 'PUT' && keys.length === 0) {
        stats.puts++;
        return payments.put(fields, parseJson(body), h);
      }
      if (method === 'POST' && keys[0] === 'ReleasePayment') {
        stats.releases++;
        return accepted(`${root}/Payment/ReleasePayment`, payments.release(parseJson(body)));
      }
      if (method === 'GET' && (keys.length === 0 || keys.length === 2)) return payments.get(fields, keys, q);
    }
    if (entity === 'InventoryAdjustment') {
      if (method === 'PUT' && keys.length === 0) {
        stats.puts++;
        return inventory.put(fields, parseJson(body));
      }
      if (method === 'POST' && keys[0] === 'ReleaseAdjustment') {
        stats.releases++;
        return accepted(`${root}/InventoryAdjustment/ReleaseAdjustment`, inventory.release(parseJson(body)));
      }
      if (method === 'GET' && keys.length === 0) return inventory.get(fields, q);
    }
    if (entity === 'SalesOrder') {
      if (method === 'PUT' && keys.length === 0) {
        stats.puts++;
        return orders.put(fields, parseJson(body));
      }
      if (method === 'GET' && (keys.length === 0 || keys.length === 2)) return orders.get(fields, keys, q);
    }
    if (entity === 'StockItem' && method === 'GET' && keys.length === 0) return inventory.stockItems(fields, q);
    if (entity === 'Warehouse' && method === 'GET' && keys.length === 0) {
      const rows = SEED_WAREHOUSES.map((w) => ({ id: `Warehouse-${w.WarehouseID}`, ...w }));
      return { status: 200, body: page(filter(rows, q.get('$filter')), q).map((r) => wrap(fields.Warehouse, r)) };
    }
    if (entity === 'Customer' && method === 'GET' && keys.length === 0) {
      const rows = (entity === 'Customer' ? SEED_CUSTOMERS : SEED_STOCK_ITEMS).map((r) => ({ id: `${entity}-${Object.values(r)[0] as string}`, ...r }));
      return { status: 200, body: page(filter(rows, q.get('$filter')), q).map((r) => wrap(fields[entity], r)) };
    }
    if (entity === 'JournalTransaction') {
      if (method === 'PUT' && keys.length === 0) return putJournal(fields, parseJson(body), h);
      if (method === 'POST' && keys[0] === 'ReleaseJournalTransaction') return startRelease(parseJson(body), root);
      if (method === 'GET' && keys.length === 2) {
        const j = journals.find((x) => x.Module === keys[0] && x.BatchNbr === keys[1]);
        if (!j) throw new Failure(500, 'No entity satisfies the condition.', 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');
        return { status: 200, body: wrapJournal(fields, j, q.get('$expand') === 'Details') };
      }
      if (method === 'GET' && keys.length === 0) {
        const rows = page(filter(journals as unknown as Array<Record<string, unknown>>, q.get('$filter')), q);
        return { status: 200, body: rows.map((j) => wrapJournal(fields, j as unknown as AcumaticaJournalRow, q.get('$expand') === 'Details')) };
      }
    }
    if (entity === 'Account' && method === 'PUT' && keys.length === 0) return putAccount(fields, parseJson(body));
    if ((entity === 'Account' || entity === 'Subaccount' || entity === 'Ledger' || entity === 'Currency') && method === 'GET' && keys.length === 0) {
      const rows = page(filter(tables[entity], q.get('$filter')), q);
      return { status: 200, body: rows.map((r) => wrap(fields[entity], r)) };
    }
    throw new Failure(404, `${method} ${rest} is not served by this emulator.`, 'System.Web.HttpException');
  }

  /** PUT Account: a record with that AccountCD is updated, any other inserted (contract-based PUT is an upsert by key). */
  function putAccount(fields: Record<AcumaticaEntity, readonly string[]>, raw: unknown): Answer {
    stats.puts++;
    const rec = unwrap(fields.Account, 'Account', raw);
    const cd = typeof rec.AccountCD === 'string' ? rec.AccountCD.trim() : '';
    // Field errors answer 422 with the record and its error (NOTES §4.5); the wording is UNVERIFIED.
    if (!cd) throw new Failure(422, "'Account' cannot be empty.", 'PX.Api.ContractBased.OutcomeEntityHasErrorsException');
    if (rec.Type !== undefined && !['Asset', 'Liability', 'Income', 'Expense'].includes(String(rec.Type))) throw new Failure(422, `'Type' cannot be ${String(rec.Type)}.`, 'PX.Api.ContractBased.OutcomeEntityHasErrorsException');
    const existing = tables.Account.find((a) => a.AccountCD === cd);
    const row = existing ?? { id: randomUUID(), AccountID: 1000 + tables.Account.length, PostOption: 'Detail', CashAccount: false, Active: true, Type: 'Expense' };
    Object.assign(row, rec, { AccountCD: cd, LastModifiedDateTime: iso() });
    row.AccountClass = String(row.Type).toUpperCase();
    if (!existing) tables.Account.push(row);
    return { status: 200, body: wrap(fields.Account, row) };
  }

  function putJournal(fields: Record<AcumaticaEntity, readonly string[]>, raw: unknown, h: Record<string, string>): Answer {
    stats.puts++;
    const rec = unwrap(fields.JournalTransaction, 'JournalTransaction', raw);
    const details = Array.isArray((raw as Record<string, unknown>).Details) ? ((raw as Record<string, unknown>).Details as unknown[]).map((d) => unwrap(fields.JournalTransactionDetail, 'JournalTransactionDetail', d)) : [];
    const module = String(rec.Module ?? 'GL');
    const id = (raw as { id?: unknown }).id;
    const existing = journals.find((j) => (typeof id === 'string' && j.id === id) || (rec.BatchNbr !== undefined && j.Module === module && j.BatchNbr === rec.BatchNbr));
    if (existing && h['if-none-match'] === '*') {
      // The swagger's 412 description (NOTES §4.5).
      throw new Failure(412, 'The header If-None-Match specifies that the entity has to be inserted but an entity with these keys already exists.', 'PX.Api.ContractBased.EntityAlreadyExistsException');
    }
    if (existing) return updateJournal(fields, existing, rec, details.length);
    const currency = String(rec.CurrencyID ?? 'USD');
    const precision = SEED_CURRENCIES.find((c) => c.CurrencyID === currency)?.DecimalPrecision;
    const branch = String(rec.BranchID ?? SEED_BRANCHES[0]);
    const errors: Record<string, string> = {};
    if (precision === undefined) errors.CurrencyID = `'Currency' cannot be found in the system.`;
    if (!SEED_BRANCHES.includes(branch as (typeof SEED_BRANCHES)[number])) errors.BranchID = `'Branch' cannot be found in the system.`;
    const lineErrors = details.map((d) => {
      const e: Record<string, string> = {};
      const acct = tables.Account.find((a) => a.AccountCD === d.Account);
      if (!acct) e.Account = `'Account' cannot be found in the system.`;
      else if (!acct.Active) e.Account = `Account '${String(d.Account)}' is inactive.`;
      const sub = tables.Subaccount.find((s) => s.SubaccountCD === (d.Subaccount ?? '000-000'));
      if (!sub) e.Subaccount = `'Subaccount' cannot be found in the system.`;
      else if (!sub.Active) e.Subaccount = `Subaccount '${String(d.Subaccount)}' is inactive.`;
      return e;
    });
    const refused = unprocessableRecord(rec, errors, details, lineErrors);
    if (refused) return refused;
    const exp = precision ?? 2;
    const date = String(rec.TransactionDate ?? iso()).slice(0, 10);
    const hold = o.holdOnEntry === true || rec.Hold === undefined || Boolean(rec.Hold);
    const lines = details.map((d, i) => ({
      LineNbr: i + 1, Account: String(d.Account), Subaccount: String(d.Subaccount ?? '000-000'), BranchID: String(d.BranchID ?? branch),
      DebitAmount: Number(d.DebitAmount ?? 0), CreditAmount: Number(d.CreditAmount ?? 0), Description: String(d.Description ?? d.TransactionDescription ?? ''),
    }));
    const balanced = sum(lines, 'DebitAmount', exp) === sum(lines, 'CreditAmount', exp);
    const row: AcumaticaJournalRow = {
      id: randomUUID(), BatchNbr: String(rec.BatchNbr ?? String(journals.length + 1).padStart(6, '0')), Module: module, TransactionDate: date,
      PostPeriod: `${date.slice(5, 7)}${date.slice(0, 4)}`, LedgerID: String(rec.LedgerID ?? 'ACTUAL'), BranchID: branch, CurrencyID: currency,
      Description: String(rec.Description ?? ''), Hold: hold || !balanced, Status: hold || !balanced ? 'On Hold' : 'Balanced', LastModifiedDateTime: iso(), Details: lines,
    };
    journals.push(row);
    return { status: 200, body: wrapJournal(fields, row, true) };
  }

  /**
   * PUT with the keys of an existing batch updates it (NOTES §4.3: PUT creates or updates). The emulator
   * updates only Hold, which is what a client needs to release a batch left on hold. Clearing the hold of a
   * batch that does not balance, or of a released one, is refused as a business error (wording UNVERIFIED).
   */
  function updateJournal(fields: Record<AcumaticaEntity, readonly string[]>, j: AcumaticaJournalRow, rec: Record<string, unknown>, detailCount: number): Answer {
    const changes = Object.keys(rec).filter((k) => k !== 'Module' && k !== 'BatchNbr' && k !== 'Hold');
    if (changes.length || detailCount) throw new Failure(422, `Updating ${[...changes, ...(detailCount ? ['Details'] : [])].join(', ')} of a batch is not supported by this emulator.`, 'PX.Data.PXException');
    if (rec.Hold === undefined) return { status: 200, body: wrapJournal(fields, j, true) };
    if (j.Status === 'Posted' || j.Status === 'Unposted') throw new Failure(500, `The batch ${j.BatchNbr} has been released already and cannot be changed.`);
    if (rec.Hold === false) {
      const exp = SEED_CURRENCIES.find((c) => c.CurrencyID === j.CurrencyID)?.DecimalPrecision ?? 2;
      if (sum(j.Details, 'DebitAmount', exp) !== sum(j.Details, 'CreditAmount', exp)) throw new Failure(500, `Batch ${j.BatchNbr} is out of balance and cannot be taken off hold.`);
    }
    j.Hold = Boolean(rec.Hold);
    j.Status = j.Hold ? 'On Hold' : 'Balanced';
    j.LastModifiedDateTime = iso();
    return { status: 200, body: wrapJournal(fields, j, true) };
  }

  function startRelease(raw: unknown, root: string): Answer {
    const e = ((raw as { entity?: Record<string, unknown> }).entity ?? {}) as Record<string, { value?: unknown } | string>;
    const id = typeof e.id === 'string' ? e.id : undefined;
    const nbr = (e.BatchNbr as { value?: unknown } | undefined)?.value;
    const mod = (e.Module as { value?: unknown } | undefined)?.value ?? 'GL';
    const batch = journals.find((j) => (id && j.id === id) || (j.BatchNbr === nbr && j.Module === mod));
    if (!batch) throw new Failure(500, 'No entity satisfies the condition.', 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');
    stats.releases++;
    let error: Failure | null = null;
    if (batch.Status === 'Posted' || batch.Status === 'Unposted') error = new Failure(500, `The batch ${batch.BatchNbr} has been released already.`);
    else if (batch.Hold) error = new Failure(500, `The batch ${batch.BatchNbr} is on hold and cannot be released.`);
    else if ((o.closedPeriods ?? []).includes(batch.PostPeriod)) error = new Failure(500, `The ${batch.PostPeriod.slice(0, 2)}-${batch.PostPeriod.slice(2)} financial period is closed in the General Ledger module.`);
    // The release runs on the server whether or not anyone polls; the status URL only reports it.
    if (!error) {
      batch.Status = o.autoPostOnRelease === false ? 'Unposted' : 'Posted';
      batch.LastModifiedDateTime = iso();
    }
    return accepted(`${root}/JournalTransaction/ReleaseJournalTransaction`, error);
  }

  /** 202 + Location of the action's status (NOTES §4.3), which reports the outcome after `releasePolls` checks. */
  function accepted(action: string, error: Failure | null): Answer {
    const op = randomUUID();
    releases.set(op, { pollsLeft: releasePolls, error });
    return { status: 202, body: null, headers: { location: `${action}/status/${op}` } };
  }

  /** 202 while running, 204 when done (ACUPM "Invoke Release of an Invoice"); a failed release answers its error. */
  function releaseStatus(op: string): Answer {
    const r = releases.get(op);
    if (!r) throw new Failure(404, 'The long-running operation is not known.', 'System.Web.HttpException');
    if (r.pollsLeft-- > 0) return { status: 202, body: null };
    if (r.error) throw r.error;
    return { status: 204, body: null };
  }

  function sendError(res: ServerResponse, err: unknown): void {
    if (err instanceof Failure) {
      // Swagger HttpError (NOTES §4.7).
      send(res, err.status, { message: 'An error has occurred.', exceptionMessage: err.message, exceptionType: err.exceptionType, stackTrace: '' }, err.headers);
      return;
    }
    send(res, 500, { message: 'An error has occurred.', exceptionMessage: err instanceof Error ? err.message : String(err), exceptionType: 'System.Exception' });
  }

  const server = await startLoopbackServer(handle, sendError);
  return {
    url: server.url,
    journals,
    salesInvoices: invoices.rows,
    payments: payments.rows,
    inventoryAdjustments: inventory.adjustments,
    salesOrders: orders.rows,
    stock,
    stats,
    sessions: () => seats.size,
    faults,
    limits: { maxConcurrent, requestsPerMinute: perMinute, latencyMs: o.latencyMs ?? 0 },
    stop: server.stop,
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  if (body === null || status === 204) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function cookieOf(cookie: string | undefined): string | undefined {
  return /ASP\.NET_SessionId=([^;]+)/.exec(cookie ?? '')?.[1];
}

function wrapJournal(fields: Record<AcumaticaEntity, readonly string[]>, j: AcumaticaJournalRow, details: boolean): Record<string, unknown> {
  const out = wrap(fields.JournalTransaction, j as unknown as Record<string, unknown>);
  if (details) out.Details = j.Details.map((d) => wrap(fields.JournalTransactionDetail, { id: `${j.id}-${d.LineNbr}`, ...d }));
  return out;
}

