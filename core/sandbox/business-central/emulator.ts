import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock/clock';
import { offsetClock } from '../../clock/offset-clock';
import { decimalToMinor } from '../../erp/wire-decimal';
import { delay, lowerHeaders, readBody, startLoopbackServer } from '../http/loopback-server';
import { IssuedTokens } from '../faults/issued-tokens';
import { ENTRA_TOKEN_PATH, entraTokenAnswer } from '../auth/entra-token-endpoint';
import {
  checkBatchSize, compileFilter, createRequestLimits, expandedParts, holdAnswer, ifMatchVerdict, jsonBatch, ODataRequestError, opaqueEtag,
  pageOf, runBatch, selectedFields, type BatchOperation, type OperationResult,
} from '../odata';
import { CHART_OF_ACCOUNTS_PATH, insertGlAccount } from './emulator-chart-of-accounts';
import { FaultControl } from './emulator-faults';
import { defaultSeed, type BusinessCentralSeed } from './emulator-seed';
import { BcFailure } from './emulator-failure';
import { isEntitySet, schemaOf, SCHEMA, type EntitySet } from './emulator-schema';
import { upsertExchangeRate, type SeedExchangeRate } from './emulator-exchange-rates';
import { createSalesOrderRules } from './emulator-sales-orders';
import { createPaymentApplication } from './emulator-payment-application';
import { createWebhookService, type Change, type SubscriptionView, type WebhookOptions } from './emulator-webhooks';

/**
 * A loopback Business Central: the Entra ID token endpoint and API v2.0 as documented in
 * ../shared/reference/erp/NOTES.md §1 (sources cited inline as BCDOCS/ALAPP/ENTRA). Where the real
 * behaviour is not documented, the emulator picks the less convenient option and says [UNVERIFIED].
 *
 * Paths (the same shapes as the real hosts, so one override swaps both):
 *   POST {url}/{tenant}/oauth2/v2.0/token                       (login.microsoftonline.com)
 *   {url}/v2.0/{tenant}/{environment}/api/v2.0/...               (api.businesscentral.dynamics.com, online)
 *   {url}/{serverInstance}/api/v2.0/...                          (on-premises, Basic auth with a web service access key)
 */

export interface BusinessCentralEmulatorOptions {
  tenantId?: string;
  environment?: string;
  clientId?: string;
  clientSecret?: string;
  /** On-premises credentials: user name and web service access key. */
  basicUser?: { username: string; accessKey: string };
  tokenLifetimeSeconds?: number;
  /** BCDOCS operational-limits-online.md: 5 processed at once per user, a queue of 95, 429 beyond. */
  concurrentRequests?: number;
  queueLength?: number;
  /** Requests queued longer than this get 503 (8 minutes online). */
  queueTimeoutMs?: number;
  /** 6,000 requests per 5-minute sliding window per user. */
  rateLimit?: { requests: number; windowMs: number };
  /** Server-driven page size: 20,000 online (BCDOCS Server-Driven-Paging-in-OData-Web-Services.md). */
  maxPageSize?: number;
  /** Time each API request takes to process, to make the concurrency limit matter. */
  latencyMs?: number;
  /**
   * Added per operation of a $batch: BC runs a batch's operations one after another inside the request
   * (BCDOCS use-odata-batch.md: operations are processed in order, in one transaction with Isolation: snapshot).
   */
  operationLatencyMs?: number;
  seed?: BusinessCentralSeed;
  systemVersion?: string;
  /** Webhook subscriptions: notification delay (30 s online), handshake timeout, redelivery. */
  webhooks?: WebhookOptions;
  /** The workspace's clock (the demo's); the system clock when not given. */
  clock?: Clock;
  /** The demo's warehouse: each sales order created is shipped and invoiced at once, as a person would post it in BC. */
  shipAndInvoiceSalesOrders?: boolean;
}

type Row = Record<string, unknown>;

export type { FaultControl, FaultMatch } from './emulator-faults';

export interface EmulatorStats {
  apiRequests: number;
  batchRequests: number;
  batchOperations: number;
  tokenRequests: number;
  throttled: number;
  peakConcurrent: number;
}

export interface BusinessCentralEmulator {
  /** http://127.0.0.1:port, to use as endpointOverride for both hosts. */
  url: string;
  tokenUrl: string;
  /** Online service root, .../v2.0/{tenant}/{environment}/api/v2.0 */
  apiBaseUrl: string;
  /** On-premises service root, .../BC/api/v2.0 */
  onPremBaseUrl: string;
  tenantId: string;
  environment: string;
  clientId: string;
  clientSecret: string;
  companyId: string;
  faults: FaultControl;
  stats: EmulatorStats;
  /** The processing model it was started with, for benchmarks' least-possible-time figures. */
  limits: { latencyMs: number; operationLatencyMs: number; concurrentRequests: number };
  /** Emulated time: move it forward to expire tokens and webhook subscriptions. */
  advanceTime(ms: number): void;
  webhooks: {
    /** Live subscriptions (expired ones are gone, as in BC). */
    list(): SubscriptionView[];
    /** Sends the pending notifications now instead of after the delay; resolves once delivered. */
    flush(): Promise<void>;
    /** Every notification POST made, with the subscriber's answer. */
    delivered: Array<{ url: string; status: number | 'no answer'; value: Record<string, unknown>[] }>;
  };
  /** Rows of an entity set of the company, as the API would show them (for assertions). */
  rows(set: EntitySet): Row[];
  /** A person adds or changes an exchange rate in Business Central (the API only reads them). */
  setExchangeRate(rate: SeedExchangeRate): void;
  /** A person posts a customer payment journal (by its code) in BC's own page: payments applied to their invoices, the lines gone. */
  customerPaymentJournals: { post(code: string): { applied: number; unapplied: number } };
  /** A person cancels a posted sales invoice (by its number) in BC's own page, as the bound action Microsoft.NAV.cancel does. */
  cancelSalesInvoice(number: string): void;
  /** A person posts, in BC's own pages, the shipment (only) or the shipment and invoice of a sales order, by its number. */
  salesOrders: {
    ship(number: string): void;
    shipAndInvoice(number: string): void;
    /** What a person changes on the order in BC's own page: header fields, and fields of every item line (e.g. locationId). */
    edit(number: string, header: Row, itemLines?: Row): void;
  };
  stop(): Promise<void>;
}

const SCOPE = 'https://api.businesscentral.dynamics.com/.default';
/** A person's "Post" in BC's Cash Receipt Journal page, by the journal's code (see personPostsPaymentJournal). */
const PERSON_POSTS_PAYMENT_JOURNAL_PATH = /^\/_person\/customerPaymentJournals\/([^/]+)\/post$/;

export async function startBusinessCentralEmulator(options: BusinessCentralEmulatorOptions = {}): Promise<BusinessCentralEmulator> {
  const tenantId = options.tenantId ?? '3e3a1c9d-5a3e-4c1b-9a53-0c1f1d6a2b10';
  const environment = options.environment ?? 'sandbox';
  const clientId = options.clientId ?? '7c1f2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
  const clientSecret = options.clientSecret ?? 'emulator-client-secret';
  const concurrentLimit = options.concurrentRequests ?? 5;
  const queueLength = options.queueLength ?? 95;
  const rate = options.rateLimit ?? { requests: 6000, windowMs: 300_000 };
  const maxPageSize = options.maxPageSize ?? 20_000;
  const seed = options.seed ?? defaultSeed();

  const clock = offsetClock(options.clock ?? systemClock);
  const now = () => clock.now();
  // Rows written in the same millisecond share one string (a 100-line $batch formats it once, not 100 times).
  let lastIso = { at: Number.NaN, text: '' };
  const iso = () => {
    const t = now();
    if (t !== lastIso.at) lastIso = { at: t, text: new Date(t).toISOString() };
    return lastIso.text;
  };

  // Tokens grant a principal: the app (client id) online, the user on-premises.
  const tokens = new IssuedTokens<string>(now);
  const entraApp = { tenantId, clientId, clientSecret, scope: SCOPE, lifetimeSeconds: options.tokenLifetimeSeconds ?? 3599 };
  const faults = new FaultControl(tokens);
  const stats: EmulatorStats = { apiRequests: 0, batchRequests: 0, batchOperations: 0, tokenRequests: 0, throttled: 0, peakConcurrent: 0 };
  const limits = createRequestLimits({ rate, concurrent: concurrentLimit, queueLength, queueTimeoutMs: options.queueTimeoutMs ?? 8 * 60_000 }, now);
  const latency = { requestMs: options.latencyMs ?? 0, operationMs: options.operationLatencyMs ?? 0 };

  const db = createCompany(seed, options.systemVersion ?? '27.0.38460.41263', iso);
  const taxPercent = new Map(seed.taxGroups.map((t) => [t.code, t.percent]));
  const webhooks = createWebhookService({
    now, companyId: String(db.company.id), changes: db.changes, setTracking: (on) => { db.tracking = on; }, errorBody,
  }, options.webhooks);

  const payments = createPaymentApplication({ table: (set) => db.table(set), remove: (set, row) => db.remove(set, row), modify: (set, row, patch) => db.modify(set, row, patch), iso, ledger: (line, accountId, amountCents, at) => ledgerEntry(line, accountId, amountCents, at) });
  const orders = createSalesOrderRules({
    table: (set) => db.table(set), insert: (set, row) => db.insert(set, row), remove: (set, row) => db.remove(set, row), modify: (set, row, patch) => db.modify(set, row, patch),
    iso, checkCurrency: (code) => checkCurrency(code), nextPostedInvoiceNumber: () => `PS-INV${103000 + ++db.counters.salesPosted}`,
    nextPostedShipmentNumber: () => `S-SHPT${102000 + ++db.counters.salesShipped}`,
  });
  const orderByNumber = (number: string): Row => {
    const order = findBy('salesOrders', 'number', number);
    if (!order) throw new Error(`No sales order ${number} in the emulator`);
    return order;
  };

  const server = await startLoopbackServer(route, (res, err) => sendError(res, new BcFailure(500, 'Internal_ServerError', `Emulator failure: ${String(err)}`)));
  const url = server.url;

  /**
   * Not part of BC's API (it has no way to post a customer payment journal): what a person does in BC's
   * Cash Receipt Journal page, over HTTP so a test can ask it of an emulator running in another process
   * (the demo's, inside the app).
   */
  function personPostsPaymentJournal(res: ServerResponse, code: string): void {
    try {
      sendJson(res, 200, payments.postJournal(code));
    } catch (err) {
      sendError(res, new BcFailure(404, 'BadRequest_NotFound', err instanceof Error ? err.message : String(err)));
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const body = (await readBody(req)).toString('utf8');
    const tokenMatch = ENTRA_TOKEN_PATH.exec(u.pathname);
    if (tokenMatch && req.method === 'POST') return tokenEndpoint(tokenMatch[1] ?? '', body, res);
    const person = PERSON_POSTS_PAYMENT_JOURNAL_PATH.exec(u.pathname);
    if (person && req.method === 'POST') return personPostsPaymentJournal(res, decodeURIComponent(person[1]!));
    const chart = CHART_OF_ACCOUNTS_PATH.exec(u.pathname);
    if (chart) return chartOfAccounts(req, res, chart[1]!, decodeURIComponent(chart[2]!).replace(/''/g, "'"), body);
    const rootAt = u.pathname.indexOf('/api/v2.0');
    if (rootAt < 0) return sendError(res, new BcFailure(404, 'BadRequest_NotFound', 'Bad Request - Error in query syntax.'));
    const prefix = u.pathname.slice(0, rootAt);
    const online = prefix === `/v2.0/${tenantId}/${environment}`;
    // An online-shaped path with another tenant or environment: no such environment ([UNVERIFIED] body).
    if (!online && prefix.startsWith('/v2.0/')) return sendError(res, new BcFailure(404, 'BadRequest_NotFound', `The environment in ${prefix} does not exist.`));
    if (!online && !options.basicUser) return sendError(res, new BcFailure(404, 'BadRequest_NotFound', `The environment in ${prefix} does not exist.`));

    stats.apiRequests++;
    const principal = authenticate(req, online);
    if (typeof principal !== 'string') return sendError(res, principal, { 'www-authenticate': 'Bearer error="invalid_token"' });

    // Sliding window, then concurrency (BCDOCS operational-limits-online.md). Whether BC sends Retry-After
    // with 429 is [UNVERIFIED] (NOTES §1.6), so none is sent: the client must back off on its own.
    const admission = await limits.admit(principal);
    if (!admission.admitted) {
      if (admission.refusal === 'rate') {
        stats.throttled++;
        return sendError(res, new BcFailure(429, 'Application_TooManyRequests', `The rate limit of ${rate.requests} requests per ${rate.windowMs / 1000} seconds was exceeded.`));
      }
      if (admission.refusal === 'queue-full') {
        stats.throttled++;
        return sendError(res, new BcFailure(429, 'Application_TooManyRequests', 'Too many concurrent requests.'));
      }
      // BC sends retry-after with 503 (include-http-status-error-codes.md via NOTES §1.6).
      return sendError(res, new BcFailure(503, 'Unknown', 'The request was queued for too long.'), { 'retry-after': '5' });
    }
    stats.peakConcurrent = Math.max(stats.peakConcurrent, admission.active);
    try {
      await handleApi(req, res, u, body, `${url}${prefix}/api/v2.0`, principal);
    } finally {
      admission.release();
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, u: URL, body: string, root: string, principal: string): Promise<void> {
    const method = req.method ?? 'GET';
    const rel = decodeURIComponent(u.pathname.slice(u.pathname.indexOf('/api/v2.0') + '/api/v2.0'.length).replace(/^\//, ''));
    const fault = faults.take({ method, path: `/${rel}` });
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      if (fault.status === 429) stats.throttled++;
      return sendError(res, new BcFailure(fault.status, fault.status === 429 ? 'Application_TooManyRequests' : 'Internal_ServerError', `Injected HTTP ${fault.status}.`), headers);
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await delay(fault.ms);

    const started = performance.now();
    const headers = lowerHeaders(req.headers);
    let result: ApiResult;
    let operations = 0;
    if (rel === '$batch' && method === 'POST') {
      const before = stats.batchOperations;
      result = batch(body, headers, root);
      operations = stats.batchOperations - before;
    } else if (rel.startsWith('subscriptions')) {
      // Webhook subscriptions live at the service root, not under a company (dynamics-subscriptions.md).
      result = await webhooks.handle(method, rel, headers, body, principal);
    } else result = execute(method, rel, u.searchParams, headers, body, root, `${u.origin}${u.pathname}`);
    if (db.changes.length) webhooks.changed();
    await holdAnswer(latency, started, operations);
    if (fault?.kind === 'drop-after-processing') {
      req.socket.destroy();
      return;
    }
    send(res, result.status, result.body, result.headers);
  }

  /** The Chart of Accounts page as an OData V4 web service: only the insert the app makes is served. */
  function chartOfAccounts(req: IncomingMessage, res: ServerResponse, prefix: string, companyName: string, body: string): void {
    const online = prefix === `/v2.0/${tenantId}/${environment}`;
    if (!online && (prefix.startsWith('/v2.0/') || !options.basicUser)) return sendError(res, new BcFailure(404, 'BadRequest_NotFound', `The environment in ${prefix} does not exist.`));
    const principal = authenticate(req, online);
    if (typeof principal !== 'string') return sendError(res, principal, { 'www-authenticate': 'Bearer error="invalid_token"' });
    stats.apiRequests++;
    if (companyName !== db.company.name) return sendError(res, new BcFailure(404, 'Internal_CompanyNotFound', `The company '${companyName}' does not exist.`));
    if (req.method !== 'POST') return sendError(res, methodNotAllowed(req.method ?? 'GET', 'Chart_of_Accounts'));
    try {
      const { row, answer } = insertGlAccount(db.table('accounts'), parseJson(body), iso());
      db.insert('accounts', row);
      if (db.changes.length) webhooks.changed();
      send(res, 201, { '@odata.context': `${url}${prefix}/ODataV4/$metadata#Company('${encodeURIComponent(companyName)}')/Chart_of_Accounts/$entity`, '@odata.etag': etagOf(row), ...answer });
    } catch (err) {
      sendError(res, asBcFailure(err));
    }
  }

  function tokenEndpoint(tenant: string, body: string, res: ServerResponse): void {
    stats.tokenRequests++;
    const tokenFault = faults.tokenRequests;
    let failWith: number | null = null;
    if (tokenFault && tokenFault.remaining > 0) {
      tokenFault.remaining--;
      failWith = tokenFault.status;
    }
    const answer = entraTokenAnswer(entraApp, tenant, body, tokens, now, failWith);
    sendJson(res, answer.status, answer.body);
  }

  function authenticate(req: IncomingMessage, online: boolean): string | BcFailure {
    const header = req.headers.authorization ?? '';
    // BCDOCS dynamics-error-codes.md: Authentication_InvalidCredentials "The server has rejected the client credentials".
    const rejected = new BcFailure(401, 'Authentication_InvalidCredentials', 'The server has rejected the client credentials.');
    if (online) {
      const m = /^Bearer (.+)$/.exec(header);
      const tok = tokens.check(m?.[1]);
      return tok.status === 'valid' ? tok.grant : rejected;
    }
    const m = /^Basic (.+)$/.exec(header);
    if (!m?.[1] || !options.basicUser) return rejected;
    const [user, ...rest] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
    if (user !== options.basicUser.username || rest.join(':') !== options.basicUser.accessKey) return rejected;
    return user;
  }

  // ---------- OData execution ----------

  type ApiResult = OperationResult;

  function execute(method: string, rel: string, query: URLSearchParams, headers: Record<string, string>, body: string | Row, root: string, selfUrl: string): ApiResult {
    try {
      return executeOrThrow(method, rel, query, headers, body, root, selfUrl);
    } catch (err) {
      const failure = asBcFailure(err);
      return { status: failure.status, body: errorBody(failure), headers: failure.headers };
    }
  }

  function executeOrThrow(method: string, rel: string, query: URLSearchParams, headers: Record<string, string>, body: string | Row, root: string, selfUrl: string): ApiResult {
    const segments = splitPath(rel);
    const first = segments[0];
    if (!first || first.name !== 'companies') throw new BcFailure(404, 'BadRequest_NotFound', 'Bad Request - Error in query syntax.');
    if (first.key === undefined) {
      if (method !== 'GET') throw methodNotAllowed(method, 'companies');
      return collection(`${root}/$metadata#companies`, [db.company], query, headers, selfUrl, 'companies');
    }
    if (first.key !== db.company.id) throw new BcFailure(404, 'Internal_CompanyNotFound', `The company '${first.key}' does not exist.`);
    if (segments.length === 1) {
      if (method !== 'GET') throw methodNotAllowed(method, 'companies');
      return { status: 200, body: present('companies', db.company) };
    }
    // Walk companies(id)/set(key)/child(key)/Microsoft.NAV.action
    let parent: { set: EntitySet; row: Row } | null = null;
    for (let i = 1; i < segments.length; i++) {
      const seg = segments[i]!;
      const last = i === segments.length - 1;
      if (seg.name.startsWith('Microsoft.NAV.')) {
        if (!parent || !last || method !== 'POST') throw new BcFailure(400, 'BadRequest_NotFound', 'Bad Request - Error in query syntax.');
        if (!(schemaOf(parent.set).actions as readonly string[]).includes(seg.name)) throw new BcFailure(400, 'BadRequest_NotFound', `The action '${seg.name}' does not exist on '${parent.set}'.`);
        runAction(parent.set, seg.name, parent.row);
        return { status: 204, body: undefined };
      }
      if (!isEntitySet(seg.name) || seg.name === 'companies') throw new BcFailure(404, 'BadRequest_NotFound', `Bad Request - Error in query syntax. Resource '${seg.name}' not found.`);
      const set = seg.name;
      const schema = schemaOf(set);
      if (schema.parent && (!parent || parent.set !== schema.parent.set)) {
        if (set === 'journalLines') throw new BcFailure(400, 'Application_DialogException', 'You must specify a journal batch ID or a journal ID to get a journal line.');
        throw new BcFailure(400, 'BadRequest_NotFound', `'${set}' can only be reached through '${schema.parent.set}'.`);
      }
      const inScope = (r: Row) => !parent || !schema.parent || r[schema.parent.via] === parent.row.id;
      if (seg.key === undefined) {
        if (!last) throw new BcFailure(400, 'BadRequest_NotFound', 'Bad Request - Error in query syntax.');
        if (method === 'GET') {
          const rows = parent && schema.parent ? db.children(set, parent.row.id) : [...db.table(set).values()];
          return collection(`${root}/$metadata#companies(${db.company.id})/${set}`, rows, query, headers, selfUrl, set);
        }
        if (method === 'POST') {
          if (schema.readOnly) throw methodNotAllowed(method, set);
          const input = parseJson(body);
          const row = create(set, input, parent?.row ?? null);
          return { status: 201, body: present(set, row, ['dimensionSetLines', ...Object.keys(schema.parts)].filter((p) => p in input)), headers: { location: `${selfUrl}(${String(row.id)})` } };
        }
        throw methodNotAllowed(method, set);
      }
      const row = db.table(set).get(seg.key);
      if (!row || !inScope(row)) throw new BcFailure(404, 'Internal_RecordNotFound', `The ${set} record with id ${seg.key} does not exist.`);
      if (last) {
        if (method === 'GET') return { status: 200, body: present(set, row, expandList(query, set)) };
        if (schema.readOnly) throw methodNotAllowed(method, set);
        checkEtag(headers, row, method);
        if (method === 'PATCH') {
          update(set, row, parseJson(body));
          return { status: 200, body: present(set, row) };
        }
        if (method === 'DELETE') {
          remove(set, row);
          return { status: 204, body: undefined };
        }
        throw methodNotAllowed(method, set);
      }
      parent = { set, row };
    }
    throw new BcFailure(400, 'BadRequest_NotFound', 'Bad Request - Error in query syntax.');
  }

  function methodNotAllowed(method: string, set: string): BcFailure {
    // Verbatim pattern from BCDOCS dynamics-error-codes.md (NOTES §1.7).
    return new BcFailure(405, 'BadRequest_MethodNotAllowed', `'${method}' requests for '${set}' of EdmType 'Entity' are not allowed within Microsoft Dynamics NAV OData web services.`);
  }

  function checkEtag(headers: Record<string, string>, row: Row, method: string): void {
    const verdict = ifMatchVerdict(headers['if-match'], etagOf(row));
    // BCDOCS use-odata-to-modify-data.md: "PATCH operations require the 'If-Match' header"; DELETE is treated alike here.
    if (verdict === 'missing') throw new BcFailure(400, 'BadRequest_InvalidToken', 'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.');
    if (verdict === 'stale') throw new BcFailure(409, 'Request_EntityChanged', `Another user has already changed the record. (${method})`);
  }

  function collection(context: string, rows: Row[], query: URLSearchParams, headers: Record<string, string>, selfUrl: string, set: EntitySet | 'companies'): ApiResult {
    const fields = SCHEMA[set].fields as readonly string[];
    const typeName = `Microsoft.NAV.${set}`;
    const filter = query.get('$filter');
    const filtered = filter ? rows.filter(compileFilter(filter, { fields, typeName, timeFields: ['lastModifiedDateTime'] })) : rows;
    const select = selectedFields(query, fields, typeName);
    const expand = set === 'companies' ? [] : expandList(query, set);
    const page = pageOf(filtered, query, headers.prefer, { maxPageSize, continuation: 'skiptoken', nextLink: 'absolute' }, { absolute: selfUrl, relative: set });
    const value = page.rows.map((r) => {
      const shown = present(set, r, expand);
      if (!select) return shown;
      const picked: Row = { '@odata.etag': shown['@odata.etag'] };
      for (const f of select) picked[f] = shown[f];
      return picked;
    });
    const out: Row = { '@odata.context': context, value };
    if (page.nextLink) out['@odata.nextLink'] = page.nextLink;
    return { status: 200, body: out, headers: page.preferenceApplied ? { 'preference-applied': page.preferenceApplied } : {} };
  }

  function expandList(query: URLSearchParams, set: EntitySet): string[] {
    return expandedParts(query, Object.keys(schemaOf(set).parts), `Microsoft.NAV.${set}`);
  }

  function present(set: EntitySet | 'companies', row: Row, expand: string[] = []): Row {
    const out: Row = { '@odata.etag': etagOf(row) };
    for (const f of SCHEMA[set].fields) out[f] = row[f] ?? null;
    for (const part of expand) {
      if (part === 'dimensionSetLines') {
        out.dimensionSetLines = (row.$dims as Row[] | undefined) ?? [];
        continue;
      }
      const childSet = (SCHEMA[set].parts as Record<string, string>)[part] as EntitySet;
      const via = schemaOf(childSet).parent?.via;
      out[part] = via ? db.children(childSet, row.id).map((c) => present(childSet, c)) : [];
    }
    return out;
  }

  // ---------- writes ----------

  function checkFields(set: EntitySet, input: Row, allowParts: boolean): void {
    const schema = schemaOf(set);
    for (const key of Object.keys(input)) {
      if (key.startsWith('@odata')) continue;
      if (allowParts && key in schema.parts) continue;
      if (!(schema.fields as readonly string[]).includes(key)) {
        // Microsoft.OData.Core's message for an undeclared property; BC's code for it is [UNVERIFIED].
        throw new BcFailure(400, 'BadRequest', `The property '${key}' does not exist on type 'Microsoft.NAV.${set}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
      }
    }
  }

  function create(set: EntitySet, input: Row, parent: Row | null): Row {
    checkFields(set, input, true);
    const schema = schemaOf(set);
    const row: Row = {};
    for (const f of schema.fields) if (f in input && !(schema.computed as readonly string[]).includes(f)) row[f] = input[f];
    if (input.id !== undefined) {
      if (db.table(set).has(String(input.id))) throw new BcFailure(400, 'Internal_EntityWithSameKeyExists', `The record in table ${set} already exists. Identification fields and values: id='${String(input.id)}'`);
    }
    row.id = typeof input.id === 'string' ? input.id : randomUUID();
    if (schema.parent && parent) row[schema.parent.via] = parent.id;
    switch (set) {
      case 'journals': createJournal(row); break;
      case 'journalLines': createJournalLine(row, parent!, input); break;
      case 'salesInvoices': createSalesInvoice(row, input); break;
      case 'purchaseInvoices': createPurchaseInvoice(row, input); break;
      case 'salesCreditMemos': createSalesCreditMemo(row, input); break;
      case 'salesInvoiceLines': case 'purchaseInvoiceLines': case 'salesCreditMemoLines': createDocumentLine(set, row, parent!); break;
      case 'salesOrders': orders.createOrder(row, input); break;
      case 'salesOrderLines': orders.createLine(row, parent!); break;
      case 'customerPaymentJournals':
        createJournal(row);
        if (row.balancingAccountId !== undefined) row.balancingAccountNumber = db.table('accounts').get(String(row.balancingAccountId))?.number ?? '';
        break;
      case 'customerPayments': createCustomerPayment(row, parent!); break;
      case 'taxGroups': case 'paymentMethods': case 'locations': case 'customerReturnReasons': {
        const table = set === 'taxGroups' ? 'Tax Group' : set === 'locations' ? 'Location' : set === 'customerReturnReasons' ? 'Return Reason' : 'Payment Method';
        if (!row.code) throw new BcFailure(400, 'Application_FieldValidationException', `Code must have a value in ${table}.`);
        row.code = String(row.code).toUpperCase();
        if ([...db.table(set).values()].some((r) => r.code === row.code)) throw new BcFailure(400, 'Internal_EntityWithSameKeyExists', `The record in table ${table} already exists. Identification fields and values: Code='${String(row.code)}'`);
        if (set === 'taxGroups') row.taxType = 'VAT'; // W1 companies use VAT; Sales Tax is the North American localisation
        break;
      }
      case 'customers': case 'vendors': case 'items':
        if (!row.number) throw new BcFailure(400, 'Application_FieldValidationException', 'No. must have a value.');
        if ([...db.table(set).values()].some((r) => r.number === row.number)) throw new BcFailure(400, 'Internal_EntityWithSameKeyExists', `The record in table ${set} already exists. Identification fields and values: No.='${String(row.number)}'`);
        break;
      default: throw methodNotAllowed('POST', set);
    }
    row.lastModifiedDateTime = iso();
    db.insert(set, row);
    // Deep insert of lines (dynamics-rate-limits.md: deep insert is supported, also inside batches).
    if (set === 'salesInvoices' && Array.isArray(input.salesInvoiceLines)) {
      for (const l of input.salesInvoiceLines as Row[]) create('salesInvoiceLines', l, row);
      recalcTotals('salesInvoices', row);
    }
    if (set === 'salesOrders' && Array.isArray(input.salesOrderLines)) {
      for (const l of input.salesOrderLines as Row[]) create('salesOrderLines', l, row);
    }
    if (set === 'salesOrders' || set === 'salesOrderLines') orders.recalc(set === 'salesOrders' ? row : parent!);
    if (set === 'salesCreditMemos' && Array.isArray(input.salesCreditMemoLines)) {
      for (const l of input.salesCreditMemoLines as Row[]) create('salesCreditMemoLines', l, row);
      recalcTotals('salesCreditMemos', row);
    }
    if (set === 'salesOrders' && options.shipAndInvoiceSalesOrders) orders.shipAndInvoice(row);
    if (set === 'purchaseInvoices' && Array.isArray(input.purchaseInvoiceLines)) {
      for (const l of input.purchaseInvoiceLines as Row[]) create('purchaseInvoiceLines', l, row);
      recalcTotals('purchaseInvoices', row);
    }
    return row;
  }

  function createJournal(row: Row): void {
    if (!row.code) throw new BcFailure(400, 'Application_FieldValidationException', 'Name must have a value in Gen. Journal Batch.');
    const code = String(row.code).toUpperCase();
    if (code.length > 10) throw new BcFailure(400, 'Application_StringExceededLength', `The length of the string is ${code.length}, but it must be less than or equal to 10 characters. Value: ${code}`);
    if ([...db.table('journals').values(), ...db.table('customerPaymentJournals').values()].some((j) => j.code === code)) {
      throw new BcFailure(400, 'Internal_EntityWithSameKeyExists', `The record in table Gen. Journal Batch already exists. Identification fields and values: Journal Template Name='GENERAL',Name='${code}'`);
    }
    row.code = code;
    row.displayName ??= '';
    row.templateDisplayName = 'GENERAL';
  }

  function createJournalLine(row: Row, journal: Row, input: Row): void {
    row.journalDisplayName = journal.code;
    row.accountType ??= 'G/L Account';
    // ALAPP APIV2JournalLines.Page.al: only G/L Account and Bank Account lines.
    if (row.accountType !== 'G/L Account' && row.accountType !== 'Bank Account') throw new BcFailure(400, 'Application_DialogException', `Account Type ${String(row.accountType)} is not supported by the journalLines API.`);
    if (row.lineNumber === undefined) {
      const lines = db.children('journalLines', journal.id);
      row.lineNumber = lines.reduce((m, l) => Math.max(m, Number(l.lineNumber)), 0) + 10000;
    }
    if (db.lineKeys.has(`${String(journal.id)}:${String(row.lineNumber)}`)) {
      throw new BcFailure(400, 'Internal_EntityWithSameKeyExists', `The record in table Gen. Journal Line already exists. Identification fields and values: Journal Template Name='GENERAL',Journal Batch Name='${String(journal.code)}',Line No.='${String(row.lineNumber)}'`);
    }
    if (row.accountNumber !== undefined && row.accountNumber !== '') {
      const acct = findBy('accounts', 'number', row.accountNumber);
      // Verbatim from ALAPP APIV2JournalLines.Page.al.
      if (!acct) throw new BcFailure(400, 'Application_DialogException', 'The "accountNumber" does not match to an Account.');
      row.accountId = acct.id;
    } else if (row.accountId !== undefined) {
      const acct = db.table('accounts').get(String(row.accountId));
      if (!acct) throw new BcFailure(400, 'Application_DialogException', 'The "accountId" does not match to an Account.');
      row.accountNumber = acct.number;
    } else {
      row.accountId = '00000000-0000-0000-0000-000000000000';
      row.accountNumber = '';
    }
    if (row.balancingAccountNumber) {
      const bal = findBy('accounts', 'number', row.balancingAccountNumber);
      if (!bal) throw new BcFailure(400, 'Application_DialogException', 'The "balancingAccountNumber" does not match to an Account.');
      row.balancingAccountId = bal.id;
      row.balanceAccountType ??= 'G/L Account';
    }
    row.postingDate ??= iso().slice(0, 10);
    for (const f of ['documentNumber', 'externalDocumentNumber', 'description', 'comment'] as const) row[f] ??= '';
    if (String(row.documentNumber).length > 20) throw new BcFailure(400, 'Application_StringExceededLength', `The length of the string is ${String(row.documentNumber).length}, but it must be less than or equal to 20 characters. Value: ${String(row.documentNumber)}`);
    if (String(row.externalDocumentNumber).length > 35) throw new BcFailure(400, 'Application_StringExceededLength', `The length of the string is ${String(row.externalDocumentNumber).length}, but it must be less than or equal to 35 characters. Value: ${String(row.externalDocumentNumber)}`);
    if (String(row.description).length > 100) throw new BcFailure(400, 'Application_StringExceededLength', `The length of the string is ${String(row.description).length}, but it must be less than or equal to 100 characters. Value: ${String(row.description)}`);
    row.amount = Number(row.amount ?? 0);
    row.$dims = dimensionSet(input.dimensionSetLines, row.id as string, 'Journal Line');
  }

  function dimensionSet(input: unknown, parentId: string, parentType: string): Row[] {
    if (input === undefined) return [];
    if (!Array.isArray(input)) throw new BcFailure(400, 'BadRequest', 'dimensionSetLines must be a collection.');
    return input.map((d: Row) => {
      checkFields('dimensionSetLines', d, false);
      // Messages verbatim from ALAPP APIV2DimensionSetLines.Page.al.
      if (d.id === undefined && d.code === undefined) throw new BcFailure(400, 'Application_DialogException', 'The "id" or "code" field must be filled in.');
      const dim = d.id !== undefined ? db.table('dimensions').get(String(d.id)) : findBy('dimensions', 'code', d.code);
      if (!dim) throw new BcFailure(400, 'Application_DialogException', d.id !== undefined ? 'The "id" does not match to a Dimension.' : 'The "code" does not match to a Dimension.');
      if (d.valueId === undefined && d.valueCode === undefined) throw new BcFailure(400, 'Application_DialogException', 'The "valueId" or "valueCode" field must be filled in.');
      const values = [...db.table('dimensionValues').values()].filter((v) => v.$dimensionId === dim.id);
      const val = values.find((v) => (d.valueId !== undefined ? v.id === d.valueId : v.code === d.valueCode));
      if (!val) throw new BcFailure(400, 'Application_DialogException', d.valueId !== undefined ? 'The "valueId" does not match to a Dimension Value.' : 'The "valueCode" does not match to a Dimension Value.');
      return { id: dim.id, code: dim.code, parentId, parentType, displayName: dim.displayName, valueId: val.id, valueCode: val.code, valueDisplayName: val.displayName };
    });
  }

  function createSalesInvoice(row: Row, input: Row): void {
    salesHeader(row, input);
    row.number = `S-INV${100000 + ++db.counters.salesDraft}`;
    row.invoiceDate ??= iso().slice(0, 10);
    row.postingDate ??= row.invoiceDate;
    row.dueDate ??= row.invoiceDate;
  }

  /** What a sales invoice and a sales credit memo share: the customer, the currency, the external number, draft status. */
  function salesHeader(row: Row, input: Row): void {
    const customer = input.customerId !== undefined ? db.table('customers').get(String(input.customerId)) : input.customerNumber !== undefined ? findBy('customers', 'number', input.customerNumber) : undefined;
    // Messages from ALAPP APIV2SalesInvoices.Page.al (NOTES §1.7 and the page's labels).
    if (input.customerId === undefined && input.customerNumber === undefined) throw new BcFailure(400, 'Application_DialogException', 'A customerNumber or a customerID must be provided.');
    if (!customer) throw new BcFailure(400, 'Application_DialogException', 'The customer cannot be found.');
    if (row.externalDocumentNumber !== undefined && String(row.externalDocumentNumber).length > 35) throw new BcFailure(400, 'Application_StringExceededLength', `The length of the string is ${String(row.externalDocumentNumber).length}, but it must be less than or equal to 35 characters. Value: ${String(row.externalDocumentNumber)}`);
    Object.assign(row, { customerId: customer.id, customerNumber: customer.number, customerName: customer.displayName });
    row.currencyCode = checkCurrency(row.currencyCode);
    row.externalDocumentNumber ??= '';
    row.orderNumber = '';
    row.pricesIncludeTax ??= false;
    row.status = 'Draft';
    row.totalAmountExcludingTax = 0; row.totalTaxAmount = 0; row.totalAmountIncludingTax = 0;
  }

  /**
   * A sales credit memo, as APIV2SalesCreditMemos.Page.al takes it: the customer as on an invoice, and the
   * invoice it corrects by invoiceId or invoiceNumber. Refusing an unknown, unposted or another customer's
   * invoice is what BC's Applies-to Doc. No. validation does; the messages are [UNVERIFIED].
   */
  function createSalesCreditMemo(row: Row, input: Row): void {
    salesHeader(row, input);
    row.creditMemoDate ??= iso().slice(0, 10);
    row.postingDate ??= row.creditMemoDate;
    row.dueDate ??= row.creditMemoDate;
    row.number = `S-CR${100000 + ++db.counters.creditDraft}`;
    // The reason must be one of the company's; BC's words for an unknown id are UNVERIFIED.
    if (input.customerReturnReasonId !== undefined && !db.table('customerReturnReasons').has(String(input.customerReturnReasonId))) {
      throw new BcFailure(400, 'Application_DialogException', `The "customerReturnReasonId" does not match to a Return Reason.`);
    }
    if (input.invoiceId !== undefined || input.invoiceNumber !== undefined) {
      const invoice = input.invoiceId !== undefined ? db.table('salesInvoices').get(String(input.invoiceId)) : findBy('salesInvoices', 'number', input.invoiceNumber);
      if (!invoice) throw new BcFailure(400, 'Application_DialogException', input.invoiceId !== undefined ? 'The "invoiceId" does not match to a posted Sales Invoice.' : 'The "invoiceNumber" does not match to a posted Sales Invoice.');
      if (invoice.status === 'Draft') throw new BcFailure(400, 'Application_DialogException', `Sales Invoice ${String(invoice.number)} is not posted; a credit memo can only correct a posted invoice.`);
      if (invoice.customerId !== row.customerId) throw new BcFailure(400, 'Application_DialogException', `Sales Invoice ${String(invoice.number)} belongs to customer ${String(invoice.customerNumber)}, not ${String(row.customerNumber)}.`);
      row.invoiceId = invoice.id;
      row.invoiceNumber = invoice.number;
    } else {
      row.invoiceId = '00000000-0000-0000-0000-000000000000';
      row.invoiceNumber = '';
    }
  }

  function createPurchaseInvoice(row: Row, input: Row): void {
    const vendor = input.vendorId !== undefined ? db.table('vendors').get(String(input.vendorId)) : input.vendorNumber !== undefined ? findBy('vendors', 'number', input.vendorNumber) : undefined;
    // Labels from ALAPP APIV2PurchaseInvoices.Page.al.
    if (input.vendorId === undefined && input.vendorNumber === undefined) throw new BcFailure(400, 'Application_DialogException', 'A vendorNumber or a vendorID must be provided.');
    if (!vendor) throw new BcFailure(400, 'Application_DialogException', 'The vendor cannot be found.');
    Object.assign(row, { vendorId: vendor.id, vendorNumber: vendor.number, vendorName: vendor.displayName });
    row.currencyCode = checkCurrency(row.currencyCode);
    row.number = `P-INV${100000 + ++db.counters.purchaseDraft}`;
    row.invoiceDate ??= iso().slice(0, 10);
    row.postingDate ??= row.invoiceDate;
    row.dueDate ??= row.invoiceDate;
    row.vendorInvoiceNumber ??= '';
    row.orderNumber = '';
    row.status = 'Draft';
    row.totalAmountExcludingTax = 0; row.totalAmountIncludingTax = 0;
  }

  function checkCurrency(code: unknown): string {
    const c = code === undefined || code === null ? '' : String(code);
    if (c === '' || c === seed.localCurrency) return seed.localCurrency;
    if (!['EUR', 'GBP', 'USD', 'SEK', 'PLN', 'JPY'].includes(c)) throw new BcFailure(400, 'Application_DialogException', 'The "currencyCode" does not match to a Currency.');
    return c;
  }

  function createDocumentLine(set: 'salesInvoiceLines' | 'purchaseInvoiceLines' | 'salesCreditMemoLines', row: Row, doc: Row): void {
    if (doc.status !== 'Draft') throw new BcFailure(400, 'Application_DialogException', 'The action can be applied to a draft invoice only.');
    row.lineType ??= 'Item';
    if (row.lineType === 'Item') {
      const item = row.itemId !== undefined ? db.table('items').get(String(row.itemId)) : findBy('items', 'number', row.lineObjectNumber);
      if (!item) throw new BcFailure(400, 'Application_DialogException', `The "lineObjectNumber" does not match to an Item.`);
      row.itemId = item.id;
      row.lineObjectNumber = item.number;
      row.description ??= item.displayName;
    } else if (row.lineType === 'Account') {
      const account = findBy('accounts', 'number', row.lineObjectNumber);
      if (!account) throw new BcFailure(400, 'Application_DialogException', `The "lineObjectNumber" does not match to a G/L Account.`);
      if (account.accountType !== 'Posting' || account.blocked === true) throw new BcFailure(400, 'Application_DialogException', `G/L Account ${String(account.number)} cannot be used on a sales line: it must be a posting account, not blocked.`);
      row.description ??= account.displayName;
    } else if (row.lineType !== 'Comment') {
      throw new BcFailure(400, 'BadRequest', `The lineType "${String(row.lineType)}" is not one this emulator serves.`);
    }
    if (row.taxCode !== undefined && set !== 'purchaseInvoiceLines') {
      const code = String(row.taxCode).toUpperCase();
      if (!findBy('taxGroups', 'code', code)) throw new BcFailure(400, 'Application_DialogException', `The "taxCode" does not match to a Tax Group.`);
      row.taxCode = code;
    }
    const siblings = db.children(set, doc.id);
    row.sequence ??= siblings.reduce((m, l) => Math.max(m, Number(l.sequence)), 0) + 10000;
    row.quantity = Number(row.quantity ?? 0);
    const sales = set !== 'purchaseInvoiceLines';
    const price = Number(sales ? (row.unitPrice ?? 0) : (row.unitCost ?? 0));
    if (sales) row.unitPrice = price; else row.unitCost = price;
    const amount = roundCents(Number(row.quantity) * price);
    row.amountExcludingTax = amount;
    if (sales) {
      // BC calculates a line's tax from its tax code (the rate of the code's posting setup), rounded to cents.
      const tax = roundCents(amount * (taxPercent.get(String(row.taxCode ?? '')) ?? 0) / 100);
      row.totalTaxAmount = tax;
      row.amountIncludingTax = roundCents(amount + tax);
    }
  }

  function createCustomerPayment(row: Row, journal: Row): void {
    const customer = row.customerNumber !== undefined ? findBy('customers', 'number', row.customerNumber) : row.customerId !== undefined ? db.table('customers').get(String(row.customerId)) : undefined;
    if (!customer) throw new BcFailure(400, 'Application_DialogException', 'The "customerNumber" does not match to a Customer.');
    row.customerId = customer.id;
    row.customerNumber = customer.number;
    const lines = db.children('customerPayments', journal.id);
    row.lineNumber ??= lines.reduce((m, l) => Math.max(m, Number(l.lineNumber)), 0) + 10000;
    row.postingDate ??= iso().slice(0, 10);
    row.amount = Number(row.amount ?? 0);
    for (const f of ['documentNumber', 'externalDocumentNumber', 'description', 'appliesToInvoiceNumber'] as const) row[f] ??= '';
    payments.checkAppliesTo(row);
  }

  function recalcTotals(set: DocumentSet, doc: Row): void {
    const lineSet = LINES_OF[set];
    const lines = db.children(lineSet, doc.id);
    const total = lines.reduce((s, l) => s + cents(l.amountExcludingTax), 0);
    const tax = set !== 'purchaseInvoices' ? lines.reduce((s, l) => s + cents(l.totalTaxAmount ?? 0), 0) : 0;
    db.modify(set, doc, { totalAmountExcludingTax: total / 100, totalAmountIncludingTax: (total + tax) / 100, ...(set !== 'purchaseInvoices' ? { totalTaxAmount: tax / 100 } : {}) });
  }

  function update(set: EntitySet, row: Row, input: Row): void {
    checkFields(set, input, false);
    const schema = schemaOf(set);
    if (row.status !== undefined && row.status !== 'Draft' && isDocumentSet(set)) {
      // Posted documents cannot be changed; the exact BC message is [UNVERIFIED], the refusal is not.
      throw new BcFailure(400, 'Application_DialogException', 'The action can be applied to a draft invoice only.');
    }
    const patch: Row = {};
    for (const [k, v] of Object.entries(input)) {
      if (k.startsWith('@odata')) continue;
      if (k === 'id' || (schema.computed as readonly string[]).includes(k)) continue;
      patch[k] = v;
    }
    if (set === 'journalLines' && patch.accountNumber !== undefined) {
      const acct = findBy('accounts', 'number', patch.accountNumber);
      if (!acct) throw new BcFailure(400, 'Application_DialogException', 'The "accountNumber" does not match to an Account.');
      patch.accountId = acct.id;
    }
    if (set === 'salesOrderLines') {
      db.modify(set, row, orders.lineUpdate(row, patch));
      const order = orders.orderOf(row);
      if (order) { orders.recalc(order); db.modify('salesOrders', order, { lastModifiedDateTime: iso() }); }
      return;
    }
    patch.lastModifiedDateTime = iso();
    db.modify(set, row, patch);
  }

  function remove(set: EntitySet, row: Row): void {
    if (isDocumentSet(set) && row.status !== 'Draft') throw new BcFailure(400, 'Application_DialogException', 'The action can be applied to a draft invoice only.');
    if (set === 'salesOrderLines') orders.checkLineRemovable(row);
    if (set === 'salesOrders') for (const l of orders.linesToDelete(row)) db.remove('salesOrderLines', l);
    db.remove(set, row);
    const order = set === 'salesOrderLines' ? orders.orderOf(row) : undefined;
    if (order) orders.recalc(order);
  }

  // ---------- actions ----------

  function runAction(set: EntitySet, action: string, row: Row): void {
    if (set === 'journals' && action === 'Microsoft.NAV.post') return postJournal(row);
    if (isDocumentSet(set) && action === 'Microsoft.NAV.post') return postInvoice(set, row);
    if (set === 'salesOrders' && action === 'Microsoft.NAV.shipAndInvoice') return orders.shipAndInvoice(row);
    if (set === 'salesInvoices' && action === 'Microsoft.NAV.cancel') return cancelInvoice(row);
    throw new BcFailure(400, 'Application_DialogException', `The action ${action} is not available in this emulator.`);
  }

  /**
   * Cancels a posted, unpaid sales invoice: BC makes a corrective credit memo and the invoice's status reads
   * Canceled (the spelling is UNVERIFIED: bc-apiv2-page-fields.json lists the status field and the cancel
   * action, not the status values).
   */
  function cancelInvoice(row: Row): void {
    if (row.status === 'Draft') throw new BcFailure(400, 'Application_DialogException', 'The action can be applied to a posted invoice only.');
    if (row.status !== 'Open') throw new BcFailure(400, 'Application_DialogException', `Sales Invoice ${String(row.number)} is ${String(row.status)} and cannot be cancelled.`);
    db.modify('salesInvoices', row, { status: 'Canceled', lastModifiedDateTime: iso() });
  }

  function postJournal(journal: Row): void {
    const lines = db.children('journalLines', journal.id).sort((a, b) => Number(a.lineNumber) - Number(b.lineNumber));
    // ALAPP APIV2Journals.Page.al: ThereIsNothingToPostErr.
    if (lines.length === 0) throw new BcFailure(400, 'Application_DialogException', 'There is nothing to post.');
    const balances = new Map<string, number>();
    const amounts = new Map<Row, number>();
    for (const l of lines) {
      const acct = db.table('accounts').get(String(l.accountId));
      // Gen. Jnl.-Check Line TestFields; message shape is BC's TestField text, wording [UNVERIFIED].
      if (!acct) throw new BcFailure(400, 'Application_FieldValidationException', `Account No. must have a value in Gen. Journal Line: Journal Template Name=GENERAL, Journal Batch Name=${String(journal.code)}, Line No.=${String(l.lineNumber)}. It cannot be zero or empty.`);
      if (acct.blocked) throw new BcFailure(400, 'Application_FieldValidationException', `Blocked must be equal to 'No'  in G/L Account: No.=${String(acct.number)}. Current value is 'Yes'.`);
      if (acct.accountType !== 'Posting') throw new BcFailure(400, 'Application_FieldValidationException', `Account Type must be equal to 'Posting'  in G/L Account: No.=${String(acct.number)}. Current value is '${String(acct.accountType)}'.`);
      if (!acct.directPosting) throw new BcFailure(400, 'Application_FieldValidationException', `Direct Posting must be equal to 'Yes'  in G/L Account: No.=${String(acct.number)}. Current value is 'No'.`);
      const key = `${String(l.documentNumber)}|${String(l.postingDate)}`;
      const balanceCents = l.balancingAccountId ? 0 : cents(l.amount);
      amounts.set(l, cents(l.amount));
      balances.set(key, (balances.get(key) ?? 0) + balanceCents);
    }
    for (const [key, bal] of balances) {
      if (bal !== 0) {
        const [docNo, date] = key.split('|');
        throw new BcFailure(400, 'Application_DialogException', `Document No. ${docNo ?? ''} is out of balance by ${(bal / 100).toFixed(2)}. Please check that Posting Date ${date ?? ''}, Document Type, Document No. and Amount are correct for each line.`);
      }
    }
    const postedAt = iso();
    for (const l of lines) {
      // One posting is one transaction: its entries share their timestamp (SystemModifiedAt).
      ledgerEntry(l, String(l.accountId), amounts.get(l)!, postedAt);
      if (l.balancingAccountId) ledgerEntry(l, String(l.balancingAccountId), -amounts.get(l)!, postedAt);
      db.remove('journalLines', l);
    }
    db.modify('journals', journal, { lastModifiedDateTime: iso() });
  }

  function ledgerEntry(line: Row, accountId: string, amountCents: number, at: string): void {
    const acct = db.table('accounts').get(accountId)!;
    db.insert('generalLedgerEntries', {
      id: randomUUID(), entryNumber: ++db.counters.glEntry, postingDate: line.postingDate, documentNumber: line.documentNumber,
      documentType: '', accountId, accountNumber: acct.number, description: line.description,
      debitAmount: amountCents > 0 ? amountCents / 100 : 0, creditAmount: amountCents < 0 ? -amountCents / 100 : 0,
      lastModifiedDateTime: at, $externalDocumentNumber: line.externalDocumentNumber, $dims: line.$dims,
    });
  }

  function postInvoice(set: DocumentSet, doc: Row): void {
    // ALAPP APIV2SalesInvoices/PurchaseInvoices: DraftInvoiceActionErr.
    if (doc.status !== 'Draft') throw new BcFailure(400, 'Application_DialogException', 'The action can be applied to a draft invoice only.');
    const lineSet = LINES_OF[set];
    if (!db.children(lineSet, doc.id).length) throw new BcFailure(400, 'Application_DialogException', 'There is nothing to post.');
    if (set === 'purchaseInvoices') {
      // Purch.-Post refuses a repeated vendor invoice no. (NOTES §1.5, [3rd-party]).
      const dup = [...db.table('purchaseInvoices').values()].find((p) => p !== doc && p.status !== 'Draft' && p.vendorId === doc.vendorId && p.vendorInvoiceNumber === doc.vendorInvoiceNumber);
      if (dup) throw new BcFailure(400, 'Application_DialogException', `Purchase Invoice ${String(doc.vendorInvoiceNumber)} already exists for this vendor.`);
    }
    const postedNumber = set === 'salesInvoices' ? `PS-INV${103000 + ++db.counters.salesPosted}`
      : set === 'salesCreditMemos' ? `PS-CR${104000 + ++db.counters.creditPosted}` : `PP-INV${108000 + ++db.counters.purchasePosted}`;
    db.modify(set, doc, { status: 'Open', number: postedNumber, lastModifiedDateTime: iso() });
    if (set === 'salesInvoices') payments.invoicePosted(doc);
    if (set === 'salesCreditMemos') payments.creditMemoPosted(doc);
  }

  // ---------- $batch ----------

  function batch(body: string, headers: Record<string, string>, root: string): ApiResult {
    stats.batchRequests++;
    let operations: BatchOperation[];
    try {
      operations = jsonBatch.parse(body);
      checkBatchSize(operations, 100);
    } catch (err) {
      return { status: 400, body: errorBody(asBcFailure(err)) };
    }
    stats.batchOperations += operations.length;
    const injected = faults.batchOperations.shift();
    const responses = runBatch(operations, headers, db, (op, i) => {
      if (injected && injected.index === i) {
        return { status: injected.status, body: errorBody(new BcFailure(injected.status, 'Internal_ServerError', `Injected HTTP ${injected.status}.`)) };
      }
      const relUrl = op.url.startsWith('http') ? op.url.slice(op.url.indexOf('/api/v2.0/') + '/api/v2.0/'.length) : op.url.replace(/^\//, '');
      const [path, qs] = relUrl.split('?');
      return execute(op.method, decodeURIComponent(path ?? ''), new URLSearchParams(qs ?? ''), op.headers, op.body ?? '', root, `${root}/${path ?? ''}`);
    });
    return jsonBatch.render(responses);
  }

  /** BC's code for what the OData core refuses: the platform's query errors are BadRequest_NotFound (NOTES §1.7). */
  function asBcFailure(err: unknown): BcFailure {
    if (err instanceof BcFailure) return err;
    if (err instanceof ODataRequestError) {
      return new BcFailure(err.status, err.reason === 'query-syntax' || err.reason === 'unknown-property' ? 'BadRequest_NotFound' : 'BadRequest', err.message);
    }
    throw err;
  }

  function errorBody(err: BcFailure): Row {
    // BC appends "  CorrelationId:  <guid>." to messages (sample in use-odata-batch.md).
    return { error: { code: err.code, message: `${err.message}  CorrelationId:  ${randomUUID()}.` } };
  }

  function sendError(res: ServerResponse, err: BcFailure, headers: Record<string, string> = {}): void {
    send(res, err.status, errorBody(err), { ...err.headers, ...headers });
  }

  function findBy(set: EntitySet, field: string, value: unknown): Row | undefined {
    for (const r of db.table(set).values()) if (r[field] === value) return r;
    return undefined;
  }

  return {
    url,
    tokenUrl: `${url}/${tenantId}/oauth2/v2.0/token`,
    apiBaseUrl: `${url}/v2.0/${tenantId}/${environment}/api/v2.0`,
    onPremBaseUrl: `${url}/BC/api/v2.0`,
    tenantId, environment, clientId, clientSecret,
    companyId: String(db.company.id),
    faults,
    stats,
    limits: { latencyMs: options.latencyMs ?? 0, operationLatencyMs: options.operationLatencyMs ?? 0, concurrentRequests: concurrentLimit },
    advanceTime: (ms) => clock.advance(ms),
    webhooks: { list: webhooks.list, flush: webhooks.flush, delivered: webhooks.delivered },
    rows: (set) => (set === 'companies' ? [present('companies', db.company)] : [...db.table(set).values()].map((r) => present(set, r))),
    setExchangeRate: (rate) => { upsertExchangeRate(db.table('currencyExchangeRates'), rate, iso()); },
    customerPaymentJournals: { post: (code) => payments.postJournal(code) },
    cancelSalesInvoice: (number) => {
      const row = findBy('salesInvoices', 'number', number);
      if (!row) throw new Error(`No sales invoice ${number}.`);
      cancelInvoice(row);
    },
    salesOrders: {
      ship: (number) => orders.ship(orderByNumber(number)), shipAndInvoice: (number) => orders.shipAndInvoice(orderByNumber(number)),
      edit: (number, header, itemLines) => {
        const order = orderByNumber(number);
        db.modify('salesOrders', order, { ...header, lastModifiedDateTime: new Date(clock.now()).toISOString() });
        if (itemLines) for (const l of db.table('salesOrderLines').values()) if (l.documentId === order.id && l.lineType === 'Item') db.modify('salesOrderLines', l, itemLines);
      },
    },
    stop: () => new Promise<void>((resolve) => {
      webhooks.stop();
      void server.stop().then(resolve);
    }),
  };
}

/** The documents with lines that are drafts until their post action: invoices and credit memos. */
type DocumentSet = 'salesInvoices' | 'purchaseInvoices' | 'salesCreditMemos';
const LINES_OF = { salesInvoices: 'salesInvoiceLines', purchaseInvoices: 'purchaseInvoiceLines', salesCreditMemos: 'salesCreditMemoLines' } as const;
const isDocumentSet = (set: string): set is DocumentSet => Object.hasOwn(LINES_OF, set);

// ---------- the company's tables, with an undo log for transactional batches ----------

interface CompanyDb {
  company: Row;
  counters: { glEntry: number; salesDraft: number; salesPosted: number; salesShipped: number; purchaseDraft: number; purchasePosted: number; creditDraft: number; creditPosted: number };
  lineKeys: Set<string>;
  table(set: EntitySet): Map<string, Row>;
  /**
   * The rows of a set that sits under a parent (lines of a document, of a journal), by the parent's id, in
   * the order they were inserted: BC finds a document's lines through its key, not by reading every line.
   */
  children(set: EntitySet, parentId: unknown): Row[];
  insert(set: EntitySet, row: Row): void;
  remove(set: EntitySet, row: Row): void;
  modify(set: EntitySet, row: Row, patch: Row): void;
  /** Committed changes, recorded while `tracking` is on (a webhook subscription exists); rolled-back ones are dropped. */
  changes: Change[];
  tracking: boolean;
  begin(): void;
  commit(): void;
  rollback(): void;
}

function createCompany(seed: BusinessCentralSeed, systemVersion: string, iso: () => string): CompanyDb {
  const tables = new Map<EntitySet, Map<string, Row>>();
  let undo: Array<() => void> | null = null;
  let mark = 0;
  const track = (set: EntitySet, row: Row, type: Change['type']) => {
    if (!db.tracking) return;
    const via = schemaOf(set).parent?.via;
    db.changes.push({ set, id: String(row.id), type, at: iso(), ...(via && row[via] !== undefined ? { parentId: String(row[via]) } : {}) });
  };
  const lineKeys = new Set<string>();
  const lineKey = (r: Row) => `${String(r.journalId)}:${String(r.lineNumber)}`;
  // Rows of each child set by their parent's id (the parent link is computed at insert and never changes).
  const byParent = new Map<EntitySet, Map<string, Map<string, Row>>>();
  const parentOf = (set: EntitySet, row: Row) => {
    const via = schemaOf(set).parent?.via;
    return via && row[via] !== undefined ? String(row[via]) : null;
  };
  const link = (set: EntitySet, row: Row) => {
    const parent = parentOf(set, row);
    if (parent === null) return;
    let sets = byParent.get(set);
    if (!sets) byParent.set(set, (sets = new Map()));
    let rows = sets.get(parent);
    if (!rows) sets.set(parent, (rows = new Map()));
    rows.set(String(row.id), row);
  };
  const unlink = (set: EntitySet, row: Row) => {
    const parent = parentOf(set, row);
    if (parent !== null) byParent.get(set)?.get(parent)?.delete(String(row.id));
  };
  const db: CompanyDb = {
    company: { id: randomUUID(), systemVersion, name: seed.companyName, displayName: seed.companyName, businessProfileId: '', $v: 1 },
    counters: { glEntry: 0, salesDraft: 0, salesPosted: 0, salesShipped: 0, purchaseDraft: 0, purchasePosted: 0, creditDraft: 0, creditPosted: 0 },
    lineKeys,
    table(set) {
      let t = tables.get(set);
      if (!t) tables.set(set, (t = new Map()));
      return t;
    },
    children(set, parentId) {
      return [...(byParent.get(set)?.get(String(parentId))?.values() ?? [])];
    },
    changes: [],
    tracking: false,
    insert(set, row) {
      row.$v = 1;
      track(set, row, 'created');
      db.table(set).set(String(row.id), row);
      link(set, row);
      if (set === 'journalLines') lineKeys.add(lineKey(row));
      undo?.push(() => { db.table(set).delete(String(row.id)); unlink(set, row); if (set === 'journalLines') lineKeys.delete(lineKey(row)); });
    },
    remove(set, row) {
      track(set, row, 'deleted');
      db.table(set).delete(String(row.id));
      unlink(set, row);
      if (set === 'journalLines') lineKeys.delete(lineKey(row));
      undo?.push(() => { db.table(set).set(String(row.id), row); link(set, row); if (set === 'journalLines') lineKeys.add(lineKey(row)); });
    },
    modify(set, row, patch) {
      track(set, row, 'updated');
      const before: Row = {};
      for (const k of [...Object.keys(patch), '$v']) before[k] = row[k];
      Object.assign(row, patch);
      row.$v = Number(row.$v ?? 0) + 1;
      undo?.push(() => Object.assign(row, before));
    },
    begin() { undo = []; mark = db.changes.length; },
    commit() { undo = null; },
    rollback() {
      db.changes.length = Math.min(db.changes.length, mark);
      const steps = undo ?? [];
      undo = null;
      for (let i = steps.length - 1; i >= 0; i--) steps[i]!();
    },
  };
  const at = iso();
  const info: Row = { id: randomUUID(), displayName: seed.companyName, country: 'DE', currencyCode: seed.localCurrency, lastModifiedDateTime: at, $v: 1 };
  db.table('companyInformation').set(String(info.id), info);
  for (const a of seed.accounts) {
    db.insert('accounts', { id: randomUUID(), number: a.number, displayName: a.displayName, category: a.category, subCategory: a.subCategory ?? '', accountType: a.accountType, blocked: a.blocked ?? false, directPosting: a.directPosting ?? a.accountType === 'Posting', lastModifiedDateTime: at });
  }
  for (const d of seed.dimensions) {
    const dim: Row = { id: randomUUID(), code: d.code, displayName: d.displayName, lastModifiedDateTime: at };
    db.insert('dimensions', dim);
    for (const v of d.values) db.insert('dimensionValues', { id: randomUUID(), code: v.code, displayName: v.displayName, lastModifiedDateTime: at, $dimensionId: dim.id });
  }
  for (const i of seed.items) {
    db.insert('items', { id: randomUUID(), number: i.number, displayName: i.displayName, type: 'Inventory', blocked: false, inventory: i.inventory, unitPrice: i.unitPrice, unitCost: i.unitCost, baseUnitOfMeasureCode: 'PCS', lastModifiedDateTime: at });
  }
  for (const c of seed.customers) db.insert('customers', { id: randomUUID(), number: c.number, displayName: c.displayName, currencyCode: c.currencyCode, blocked: ' ', lastModifiedDateTime: at });
  for (const v of seed.vendors) db.insert('vendors', { id: randomUUID(), number: v.number, displayName: v.displayName, currencyCode: v.currencyCode, blocked: ' ', lastModifiedDateTime: at });
  for (const t of seed.taxGroups) db.insert('taxGroups', { id: randomUUID(), code: t.code, displayName: t.displayName, taxType: 'VAT', lastModifiedDateTime: at });
  for (const r of seed.exchangeRates ?? []) upsertExchangeRate(db.table('currencyExchangeRates'), r, at);
  for (const r of seed.returnReasons ?? []) db.insert('customerReturnReasons', { id: randomUUID(), code: r.code, description: r.description, lastModifiedDateTime: at });
  for (const l of seed.locations ?? []) db.insert('locations', { id: randomUUID(), code: l.code, displayName: l.displayName, lastModifiedDateTime: at });
  for (const p of seed.paymentMethods) db.insert('paymentMethods', { id: randomUUID(), code: p.code, displayName: p.displayName, lastModifiedDateTime: at });
  for (const po of seed.purchaseOrders) {
    const vendor = [...db.table('vendors').values()].find((v) => v.number === po.vendorNumber);
    const header: Row = { id: randomUUID(), number: po.number, orderDate: po.orderDate, vendorId: vendor?.id, vendorNumber: po.vendorNumber, vendorName: vendor?.displayName, currencyCode: seed.localCurrency, fullyReceived: false, status: 'Open', lastModifiedDateTime: at };
    let total = 0;
    po.lines.forEach((l, n) => {
      const item = [...db.table('items').values()].find((i) => i.number === l.itemNumber);
      const amount = roundCents(l.quantity * l.directUnitCost);
      total += cents(amount);
      db.insert('purchaseOrderLines', { id: randomUUID(), documentId: header.id, sequence: (n + 1) * 10000, itemId: item?.id, lineType: 'Item', lineObjectNumber: l.itemNumber, description: item?.displayName, quantity: l.quantity, directUnitCost: l.directUnitCost, amountExcludingTax: amount, receivedQuantity: 0, invoicedQuantity: 0 });
    });
    header.totalAmountExcludingTax = total / 100;
    db.insert('purchaseOrders', header);
  }
  db.table('journals');
  db.changes.length = 0;
  return db;
}

// ---------- helpers ----------

function etagOf(row: Row): string {
  return opaqueEtag(Number(row.$v ?? 1), String(row.id));
}

/** Emulator-side arithmetic in cents via digits, never float sums. */
function cents(v: unknown): number {
  return decimalToMinor(roundCents(Number(v ?? 0)), 2);
}

function roundCents(n: number): number {
  return Math.round(n * 100 + Number.EPSILON * Math.sign(n)) / 100;
}

function splitPath(rel: string): Array<{ name: string; key?: string }> {
  const out: Array<{ name: string; key?: string }> = [];
  for (const seg of rel.split('/').filter(Boolean)) {
    const m = /^([A-Za-z.$]+)(?:\((.*)\))?$/.exec(seg);
    if (!m) throw new BcFailure(400, 'BadRequest_NotFound', 'Bad Request - Error in query syntax.');
    const key = m[2]?.replace(/^'(.*)'$/, '$1');
    out.push(key === undefined ? { name: m[1]! } : { name: m[1]!, key });
  }
  return out;
}

function parseJson(body: string | Row): Row {
  if (typeof body !== 'string') return body;
  try {
    const v = JSON.parse(body || '{}') as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Row;
  } catch { /* fall through */ }
  throw new BcFailure(400, 'BadRequest', 'The request body is not a valid JSON object.');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json; odata.metadata=minimal; odata.streaming=true', 'odata-version': '4.0' } : {}), ...headers });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, body);
}
