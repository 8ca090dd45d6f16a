import { randomUUID } from 'node:crypto';
import { BcFailure } from './emulator-failure';
import { isEntitySet, schemaOf, type EntitySet } from './emulator-schema';

/**
 * Webhook subscriptions of the emulated Business Central, as documented in BCDOCS
 * dev-itpro/api-reference/v2.0/dynamics-subscriptions.md and api/dynamics_subscriptions_{create,update}.md
 * (MicrosoftDocs/dynamics365smb-devitpro-pb, read through the search tool; summary in NOTES §1.8):
 * - POST {root}/subscriptions {notificationUrl, resource, clientState} -> 201 only after the handshake:
 *   BC calls notificationUrl?validationToken=... and the subscriber must answer 200 with the token as body.
 *   The subscriber has 5 seconds ([3rd-party] kauffmann.nl "How to test Business Central webhooks", 2020).
 * - Subscriptions expire after three days (expirationDateTime); PATCH subscriptions({id}) with If-Match
 *   renews them, and repeats the handshake. DELETE removes one. At most 200 (operational-limits-online.md).
 * - Notifications: POST {"value":[{subscriptionId, clientState, expirationDateTime, resource, changeType,
 *   lastModifiedDateTime}]} after a delay (30 s online); more than 1,000 changes in that window become one
 *   "collection" notification with a $filter. A change to a document line notifies its header.
 * - If the subscriber answers 408, 429 or 5xx (or cannot be reached) BC retries (over 36 hours); any other
 *   error code deletes the subscription.
 * [UNVERIFIED]: the HTTP method of the handshake call (the emulator POSTs, as Microsoft Graph does; a
 * subscriber should accept any method), and the error body BC returns when the handshake fails (the
 * emulator answers 400 BadRequest with a message naming the URL and what went wrong).
 */

type Row = Record<string, unknown>;
export interface ApiResult { status: number; body: unknown; headers?: Record<string, string> }
export interface Change {
  set: EntitySet; id: string; type: 'created' | 'updated' | 'deleted'; at: string;
  /** For a line: the id of its header (journal, invoice, dimension). */
  parentId?: string;
}

/** BCDOCS dynamics-subscriptions.md, "List of supported entities", limited to the sets the emulator serves. */
export const WEBHOOK_RESOURCES: readonly EntitySet[] = [
  'accounts', 'companyInformation', 'customerPaymentJournals', 'customers', 'dimensions', 'generalLedgerEntries',
  'items', 'journals', 'paymentMethods', 'purchaseInvoices', 'salesInvoices', 'vendors',
];
const THREE_DAYS_MS = 3 * 24 * 60 * 60 * 1000;
const MAX_SUBSCRIPTIONS = 200;
const MAX_CLIENT_STATE = 2048;

export interface WebhookOptions {
  /** How long BC holds changes before notifying (30 s online). */
  notificationDelayMs?: number;
  /** More changes than this in one window become a single "collection" notification (1,000 online). */
  maxNotifications?: number;
  /** How long the subscriber has to answer the handshake. */
  handshakeTimeoutMs?: number;
  /** Pause before redelivering after 408/429/5xx or no answer; BC spreads its retries over 36 hours. */
  retryDelayMs?: number;
  maxRetries?: number;
}

export interface SubscriptionView {
  subscriptionId: string; notificationUrl: string; resource: string; clientState: string; expirationDateTime: string;
}

interface Subscription {
  subscriptionId: string; notificationUrl: string; resource: string; set: EntitySet; userId: string; clientState: string;
  expiresAt: number; lastModifiedDateTime: string; systemCreatedAt: string; $v: number;
}

export interface WebhookDeps {
  now: () => number;
  companyId: string;
  /** The company's committed changes since the last flush; the service drains it. */
  changes: Change[];
  setTracking: (on: boolean) => void;
  errorBody: (err: BcFailure) => Row;
  fetch?: typeof fetch;
}

export function createWebhookService(deps: WebhookDeps, o: WebhookOptions = {}) {
  const subs = new Map<string, Subscription>();
  const iso = (t = deps.now()) => new Date(t).toISOString();
  const delayMs = o.notificationDelayMs ?? 30_000;
  const doFetch = deps.fetch ?? fetch;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  /** Notifications handed to the subscriber, for tests: how many POSTs and what they carried. */
  const delivered: Array<{ url: string; status: number | 'no answer'; value: Row[] }> = [];

  const alive = (s: Subscription) => s.expiresAt > deps.now();
  const etag = (s: Subscription) => `W/"${Buffer.from(`'${s.$v};${s.subscriptionId};'`).toString('base64')}"`;
  const present = (s: Subscription): Row => ({
    '@odata.etag': etag(s), subscriptionId: s.subscriptionId, notificationUrl: s.notificationUrl, resource: s.resource, userId: s.userId,
    lastModifiedDateTime: s.lastModifiedDateTime, clientState: s.clientState, expirationDateTime: iso(s.expiresAt),
    systemCreatedAt: s.systemCreatedAt, systemCreatedBy: s.userId, systemModifiedAt: s.lastModifiedDateTime, systemModifiedBy: s.userId,
  });
  const sweep = () => {
    // BC removes a subscription that was not renewed in time; it is gone, not listed as expired.
    for (const [id, s] of subs) if (!alive(s)) subs.delete(id);
    deps.setTracking(subs.size > 0);
  };
  const failure = (err: BcFailure): ApiResult => ({ status: err.status, body: deps.errorBody(err), headers: err.headers });

  function resourceSet(resource: string): EntitySet {
    // "/api/v2.0/companies(<id>)/customers", also written without the leading /api/v2.0/ (kauffmann.nl example).
    const m = /^\/?(?:api\/v2\.0\/)?companies\(([^)]+)\)\/([A-Za-z]+)$/.exec(resource.trim());
    if (!m) throw new BcFailure(400, 'BadRequest', `The resource '${resource}' is not a valid API v2.0 entity set URL, such as /api/v2.0/companies(<id>)/customers.`);
    if (m[1] !== deps.companyId) throw new BcFailure(404, 'Internal_CompanyNotFound', `The company '${m[1] ?? ''}' does not exist.`);
    const set = m[2] ?? '';
    if (!isEntitySet(set) || !WEBHOOK_RESOURCES.includes(set)) {
      throw new BcFailure(400, 'BadRequest', `Webhook subscriptions are not supported for the resource '${set}'.`);
    }
    return set;
  }

  /** Calls the subscriber with a validationToken; resolves only if it answered 200 with the token as its body. */
  async function handshake(notificationUrl: string): Promise<void> {
    const token = randomUUID();
    const url = `${notificationUrl}${notificationUrl.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    let why: string;
    try {
      const res = await doFetch(url, { method: 'POST', signal: AbortSignal.timeout(o.handshakeTimeoutMs ?? 5_000) });
      const text = (await res.text()).trim();
      if (res.status === 200 && text === token) return;
      why = res.status !== 200 ? `it answered HTTP ${res.status}` : 'its answer did not contain the validationToken';
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      why = e.name === 'TimeoutError' ? `it did not answer within ${(o.handshakeTimeoutMs ?? 5_000) / 1000} seconds` : `it could not be reached (${e.cause?.code ?? e.message})`;
    }
    throw new BcFailure(400, 'BadRequest', `The handshake with ${notificationUrl} failed: ${why}. The notification URL must answer 200 with the validationToken in the body.`);
  }

  function readInput(body: string): Row {
    let v: unknown;
    try { v = JSON.parse(body || '{}'); } catch { throw new BcFailure(400, 'BadRequest', 'The request body is not a valid JSON object.'); }
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new BcFailure(400, 'BadRequest', 'The request body is not a valid JSON object.');
    const input = v as Row;
    const known = ['notificationUrl', 'resource', 'clientState', 'subscriptionId', 'userId', 'lastModifiedDateTime', 'expirationDateTime', 'systemCreatedAt', 'systemCreatedBy', 'systemModifiedAt', 'systemModifiedBy'];
    for (const k of Object.keys(input)) {
      if (!k.startsWith('@odata') && !known.includes(k)) throw new BcFailure(400, 'BadRequest', `The property '${k}' does not exist on type 'Microsoft.NAV.subscription'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    }
    if (input.clientState !== undefined && String(input.clientState).length > MAX_CLIENT_STATE) {
      throw new BcFailure(400, 'Application_StringExceededLength', `The length of the string is ${String(input.clientState).length}, but it must be less than or equal to ${MAX_CLIENT_STATE} characters.`);
    }
    return input;
  }

  function notificationUrlOf(v: unknown): string {
    const url = String(v ?? '').trim();
    if (!url) throw new BcFailure(400, 'BadRequest', 'notificationUrl must have a value.');
    try { new URL(url); } catch { throw new BcFailure(400, 'BadRequest', `The notificationUrl '${url}' is not an absolute URL.`); }
    return url;
  }

  /** subscriptions, subscriptions('id') or subscriptions(id) under the service root. */
  async function handle(method: string, rel: string, headers: Record<string, string>, body: string, principal: string): Promise<ApiResult> {
    try {
      sweep();
      const m = /^subscriptions(?:\('?([^')]+)'?\))?$/.exec(rel);
      if (!m) throw new BcFailure(404, 'BadRequest_NotFound', 'Bad Request - Error in query syntax.');
      const id = m[1];
      if (id === undefined) {
        if (method === 'GET') return { status: 200, body: { value: [...subs.values()].map(present) } };
        if (method !== 'POST') throw new BcFailure(405, 'BadRequest_MethodNotAllowed', `'${method}' requests for 'subscriptions' of EdmType 'Entity' are not allowed within Microsoft Dynamics NAV OData web services.`);
        const input = readInput(body);
        const notificationUrl = notificationUrlOf(input.notificationUrl);
        const resource = String(input.resource ?? '');
        const set = resourceSet(resource);
        if (subs.size >= MAX_SUBSCRIPTIONS) throw new BcFailure(400, 'BadRequest', `The maximum number of subscriptions (${MAX_SUBSCRIPTIONS}) has been reached.`);
        await handshake(notificationUrl);
        const at = iso();
        const s: Subscription = {
          subscriptionId: randomUUID().replace(/-/g, ''), notificationUrl, resource, set, userId: principal, clientState: String(input.clientState ?? ''),
          expiresAt: deps.now() + THREE_DAYS_MS, lastModifiedDateTime: at, systemCreatedAt: at, $v: 1,
        };
        subs.set(s.subscriptionId, s);
        deps.setTracking(true);
        return { status: 201, body: present(s) };
      }
      const s = subs.get(id);
      if (!s) throw new BcFailure(404, 'Internal_RecordNotFound', `The subscription with id ${id} does not exist.`);
      if (method === 'GET') return { status: 200, body: present(s) };
      if (method === 'DELETE') {
        subs.delete(id);
        sweep();
        return { status: 204, body: undefined };
      }
      if (method !== 'PATCH') throw new BcFailure(405, 'BadRequest_MethodNotAllowed', `'${method}' requests for 'subscriptions' of EdmType 'Entity' are not allowed within Microsoft Dynamics NAV OData web services.`);
      // dynamics_subscriptions_update.md: If-Match is required; a stale one leaves the subscription as it was.
      const ifMatch = headers['if-match'];
      if (!ifMatch) throw new BcFailure(400, 'BadRequest_InvalidToken', 'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.');
      if (ifMatch !== '*' && ifMatch !== etag(s)) throw new BcFailure(409, 'Request_EntityChanged', 'Another user has already changed the record. (PATCH)');
      const input = readInput(body);
      const notificationUrl = input.notificationUrl === undefined ? s.notificationUrl : notificationUrlOf(input.notificationUrl);
      if (input.resource !== undefined && String(input.resource) !== s.resource) resourceSet(String(input.resource));
      await handshake(notificationUrl);
      Object.assign(s, {
        notificationUrl, ...(input.resource !== undefined ? { resource: String(input.resource), set: resourceSet(String(input.resource)) } : {}),
        ...(input.clientState !== undefined ? { clientState: String(input.clientState) } : {}),
        expiresAt: deps.now() + THREE_DAYS_MS, lastModifiedDateTime: iso(), $v: s.$v + 1,
      });
      return { status: 200, body: present(s) };
    } catch (err) {
      if (err instanceof BcFailure) return failure(err);
      throw err;
    }
  }

  /** Changes were committed: notify after the delay, as BC holds changes to send one notification per entity. */
  function changed(): void {
    if (timer || !subs.size) return;
    timer = setTimeout(() => { timer = null; void flush(); }, delayMs);
    timer.unref?.();
  }

  /** Sends what is pending now (tests call it instead of waiting for the delay). Resolves when delivered. */
  async function flush(): Promise<void> {
    if (timer) { clearTimeout(timer); timer = null; }
    sweep();
    const pending = deps.changes.splice(0);
    const byUrl = new Map<string, Row[]>();
    for (const s of subs.values()) {
      const latest = new Map<string, Change>();
      for (const c of pending) {
        const parentSet = schemaOf(c.set).parent?.set as EntitySet | undefined;
        // A line change notifies its header as updated (dynamics-subscriptions.md, "Document APIs").
        const asHeader = parentSet !== undefined && parentSet === s.set && c.parentId !== undefined;
        if (!asHeader && c.set !== s.set) continue;
        const change: Change = asHeader ? { set: parentSet, id: c.parentId!, type: 'updated', at: c.at } : c;
        const prev = latest.get(change.id);
        latest.set(change.id, prev?.type === 'created' && change.type !== 'deleted' ? { ...change, type: 'created' } : change);
      }
      if (!latest.size) continue;
      const base = s.resource.replace(/^\//, '');
      const items: Row[] = latest.size > (o.maxNotifications ?? 1000)
        ? [{ subscriptionId: s.subscriptionId, clientState: s.clientState, expirationDateTime: iso(s.expiresAt), resource: `/${base}?$filter=lastModifiedDateTime%20gt%20${[...latest.values()][0]!.at}`, changeType: 'collection', lastModifiedDateTime: iso() }]
        : [...latest.values()].map((c) => ({
          subscriptionId: s.subscriptionId, clientState: s.clientState, expirationDateTime: iso(s.expiresAt),
          resource: `${base}(${c.id})`, changeType: c.type, lastModifiedDateTime: c.at,
        }));
      byUrl.set(s.notificationUrl, [...(byUrl.get(s.notificationUrl) ?? []), ...items]);
    }
    await Promise.all([...byUrl].map(([url, value]) => deliver(url, value, 0)));
  }

  async function deliver(url: string, value: Row[], attempt: number): Promise<void> {
    let status: number | 'no answer';
    try {
      const res = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value }), signal: AbortSignal.timeout(o.handshakeTimeoutMs ?? 5_000) });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      status = 'no answer';
    }
    delivered.push({ url, status, value });
    if (typeof status === 'number' && status >= 200 && status < 300) return;
    const retry = status === 'no answer' || status === 408 || status === 429 || status >= 500;
    if (!retry) {
      // Any other answer deletes the subscriptions this notification was for.
      for (const v of value) subs.delete(String(v.subscriptionId));
      sweep();
      return;
    }
    if (stopped || attempt + 1 >= (o.maxRetries ?? 5)) return;
    await new Promise((r) => setTimeout(r, o.retryDelayMs ?? 60_000).unref?.());
    await deliver(url, value, attempt + 1);
  }

  return {
    handle,
    changed,
    flush,
    delivered,
    list: (): SubscriptionView[] => { sweep(); return [...subs.values()].map((s) => ({ subscriptionId: s.subscriptionId, notificationUrl: s.notificationUrl, resource: s.resource, clientState: s.clientState, expirationDateTime: iso(s.expiresAt) })); },
    stop: () => { stopped = true; if (timer) clearTimeout(timer); timer = null; },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
