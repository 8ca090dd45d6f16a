import type { ChangeSubscription, ChangeSubscriptions } from '../erp-connector';
import { ErpError } from '../erp-error';
import type { ErpHttpClient } from '../http-client';

/**
 * Business Central webhook subscriptions from the client side. Sources: BCDOCS
 * dev-itpro/api-reference/v2.0/dynamics-subscriptions.md, api/dynamics_subscriptions_create.md and
 * api/dynamics_subscriptions_update.md (MicrosoftDocs/dynamics365smb-devitpro-pb; NOTES §1.8):
 * POST {root}/subscriptions {notificationUrl, resource: "/api/v2.0/companies(<id>)/<set>", clientState} -> 201
 * once BC's handshake call to notificationUrl?validationToken=... got 200 with the token; subscriptions
 * expire after 3 days (expirationDateTime) and are renewed with PATCH subscriptions({id}) + If-Match, which
 * repeats the handshake.
 */

/** What the subscriptions need of the connector: its HTTP client, service root and company. */
export interface BusinessCentralEndpoint {
  readonly http: ErpHttpClient;
  readonly apiBaseUrl: string;
  companyId(signal?: AbortSignal): Promise<string>;
}

interface SubscriptionRow {
  '@odata.etag'?: string;
  subscriptionId: string;
  notificationUrl: string;
  resource: string;
  clientState?: string;
  expirationDateTime: string;
}

export class BusinessCentralWebhooks implements ChangeSubscriptions {
  constructor(private readonly connector: BusinessCentralEndpoint) {}

  async subscribe(set: string, notificationUrl: string, clientState: string, signal?: AbortSignal): Promise<ChangeSubscription> {
    const resource = `/api/v2.0/companies(${await this.connector.companyId(signal)})/${set}`;
    const res = await this.connector.http.send({
      operation: `POST subscriptions (${set})`, method: 'POST', url: `${this.connector.apiBaseUrl}/subscriptions`,
      body: { notificationUrl, resource, clientState }, auditRequest: { body: { notificationUrl, resource, clientState: '(secret)' } },
      // Each attempt repeats the handshake and may leave a subscription behind; the caller lists and cleans up.
      idempotent: false, ...(signal ? { signal } : {}),
    });
    return toSubscription(set, res.json<SubscriptionRow>());
  }

  /** PATCH with If-Match: BC repeats the handshake and moves expirationDateTime three days on. */
  async renew(sub: ChangeSubscription, signal?: AbortSignal): Promise<ChangeSubscription> {
    const res = await this.connector.http.send({
      operation: `PATCH subscriptions (${sub.set})`, method: 'PATCH', url: `${this.connector.apiBaseUrl}/subscriptions('${sub.id}')`,
      headers: { 'if-match': sub.etag }, body: { notificationUrl: sub.notificationUrl, resource: sub.resource, clientState: sub.clientState },
      auditRequest: { body: { notificationUrl: sub.notificationUrl, resource: sub.resource, clientState: '(secret)' } },
      idempotent: false, ...(signal ? { signal } : {}),
    });
    return toSubscription(sub.set, res.json<SubscriptionRow>());
  }

  async unsubscribe(sub: Pick<ChangeSubscription, 'id' | 'set'>, signal?: AbortSignal): Promise<void> {
    try {
      await this.connector.http.send({ operation: `DELETE subscriptions (${sub.set})`, method: 'DELETE', url: `${this.connector.apiBaseUrl}/subscriptions('${sub.id}')`, headers: { 'if-match': '*' }, idempotent: true, ...(signal ? { signal } : {}) });
    } catch (err) {
      // Already gone (expired or deleted by BC after a refused notification): nothing to remove.
      if (!(err instanceof ErpError && err.kind === 'not-found')) throw err;
    }
  }

  /** Our live subscriptions for this notification URL (to clean up after a crash between create and record). */
  async list(notificationUrl: string, signal?: AbortSignal): Promise<ChangeSubscription[]> {
    const res = await this.connector.http.send({ operation: 'GET subscriptions', method: 'GET', url: `${this.connector.apiBaseUrl}/subscriptions`, ...(signal ? { signal } : {}) });
    return (res.json<{ value?: SubscriptionRow[] }>().value ?? [])
      .filter((r) => r.notificationUrl === notificationUrl)
      .map((r) => toSubscription(/\/([A-Za-z]+)$/.exec(r.resource)?.[1] ?? r.resource, r));
  }
}

function toSubscription(set: string, r: SubscriptionRow): ChangeSubscription {
  return {
    id: r.subscriptionId, set, resource: r.resource, notificationUrl: r.notificationUrl, clientState: r.clientState ?? '',
    expiresAt: new Date(r.expirationDateTime).toISOString(), etag: r['@odata.etag'] ?? '*',
  };
}
