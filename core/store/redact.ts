/**
 * Removes secrets and buyer PII from anything about to be stored in the audit log.
 * Keys are matched case-insensitively anywhere in a JSON tree; matching values become "[redacted]".
 * Buyer fields follow SP-API Orders v2026-01-01 (BUYER / RECIPIENT included data) and v0 BuyerInfo /
 * ShippingAddress (a bare `name` is not redacted: connections, accounts and items have names too; buyer
 * and recipient objects are redacted whole); secret fields follow LWA, Entra ID, SAP B1 and Acumatica login bodies.
 */
const SECRET_KEYS = [
  'client_secret', 'clientsecret', 'refresh_token', 'refreshtoken', 'access_token', 'accesstoken',
  'password', 'x-amz-access-token', 'authorization', 'restrictedDataToken', 'webServiceAccessKey',
  'cookie', 'set-cookie', 'b1session',
  // Webhook subscriptions' shared secret (BCDOCS dynamics-subscriptions.md "Client state").
  'clientState',
];
const PII_KEYS = [
  'buyerEmail', 'buyerName', 'buyerInfo', 'buyer', 'recipient', 'shippingAddress', 'deliveryAddress',
  'billingAddress', 'buyerTaxInfo', 'buyerCompanyName', 'addressLine1', 'addressLine2',
  'addressLine3', 'phone', 'email', 'buyerCounty', 'postalCode',
];
const REDACTED_KEYS = new Set([...SECRET_KEYS, ...PII_KEYS].map((k) => k.toLowerCase()));

export const REDACTED = '[redacted]';

export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = REDACTED_KEYS.has(k.toLowerCase()) ? REDACTED : redactValue(v);
    }
    return out;
  }
  return value;
}

/** Redacts a body as received: JSON is parsed and redacted by key; form bodies by field; other text is kept. */
export function redactBody(body: string): string {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactValue(JSON.parse(body)));
    } catch {
      // not JSON after all: fall through to the form check
    }
  }
  if (/^[\w.-]+=[^&]*(&[\w.-]+=[^&]*)*$/.test(trimmed)) {
    const params = new URLSearchParams(trimmed);
    for (const key of [...params.keys()]) {
      if (REDACTED_KEYS.has(key.toLowerCase())) params.set(key, REDACTED);
    }
    return params.toString();
  }
  return body;
}
