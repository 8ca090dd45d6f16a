import { redactJsonText } from './redact-json-text';
import { looksTabSeparated, redactTabSeparated, redactXml } from './redact-markup';
import { redactSignedUrls } from './signed-url';

/**
 * Removes secrets and buyer PII from anything about to be stored in the audit log.
 * Field names are matched ignoring case and punctuation anywhere in a JSON tree, an XML document or the
 * header of a tab-separated report (`BuyerEmail`, `buyer-email`, `buyerEmail` are one field); matching
 * values become "[redacted]", and pre-signed URLs lose their signature (signed-url.ts).
 * Buyer fields follow SP-API Orders v2026-01-01 (BUYER / RECIPIENT included data), Orders v0 (BuyerInfo,
 * ShippingAddress, GiftMessageText, BuyerCustomizedInfo, BuyerTaxInformation), the XML and flat-file order
 * reports (ShipToAddress, buyer-phone-number, ship-phone-number, recipient-name, gift-message-text); a bare
 * `name` is not redacted (connections, accounts and items have names too): address, buyer and recipient
 * objects are redacted whole. Secret fields follow LWA, Entra ID, SAP B1 and Acumatica login bodies, and
 * what S3 echoes of a request's signing in a SignatureDoesNotMatch error.
 */
const SECRET_KEYS = [
  'client_secret', 'refresh_token', 'access_token', 'password', 'x-amz-access-token', 'authorization',
  'restrictedDataToken', 'webServiceAccessKey', 'cookie', 'set-cookie', 'b1session',
  // Webhook subscriptions' shared secret (BCDOCS dynamics-subscriptions.md "Client state").
  'clientState',
  'AWSAccessKeyId', 'StringToSign', 'StringToSignBytes', 'SignatureProvided', 'CanonicalRequest', 'CanonicalRequestBytes',
];
const PII_KEYS = [
  'buyerEmail', 'buyerName', 'buyerInfo', 'buyer', 'recipient', 'recipientName', 'shippingAddress', 'shipToAddress',
  'deliveryAddress', 'billingAddress', 'buyerBusinessAddress', 'buyerTaxInfo', 'buyerTaxInformation',
  'buyerTaxRegistrationId', 'buyerCompanyName', 'buyerLegalCompanyName', 'buyerCounty', 'buyerCustomizedInfo',
  'addressLine1', 'addressLine2', 'addressLine3', 'addressFieldOne', 'addressFieldTwo', 'addressFieldThree',
  'ship-address-1', 'ship-address-2', 'ship-address-3', 'bill-address-1', 'bill-address-2', 'bill-address-3',
  'postalCode', 'ship-postal-code', 'bill-postal-code',
  'phone', 'phoneNumber', 'buyer-phone-number', 'ship-phone-number', 'bill-phone-number', 'email',
  'giftMessage', 'giftMessageText',
];

function fieldKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const REDACTED_KEYS = new Set([...SECRET_KEYS, ...PII_KEYS].map(fieldKey));

export const REDACTED = '[redacted]';

function isRedactedKey(name: string): boolean {
  return REDACTED_KEYS.has(fieldKey(name));
}

function redactString(value: string): string {
  return redactSignedUrls(value, REDACTED);
}

export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isRedactedKey(k) ? REDACTED : redactValue(v);
    }
    return out;
  }
  return value;
}

const JSON_KEY = /"([^"\\]{1,100})"\s*:/g;

/**
 * Redacts a body as received: JSON (with or without a byte-order mark) by key, keeping its numbers' text;
 * XML by element; a tab-separated report by column; a form body by field. JSON that cannot be read (a
 * truncated body) is not stored at all when it names a redacted field, since its values cannot be found
 * reliably.
 */
export function redactBody(body: string): string {
  const text = body.startsWith('\uFEFF') ? body.slice(1) : body;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const redacted = redactJsonText(text, { isRedactedKey, redactString, replacement: REDACTED });
    if (redacted !== null) return redacted;
    if ([...text.matchAll(JSON_KEY)].some((m) => isRedactedKey(m[1]!))) {
      return `[not stored: ${text.length} characters that look like JSON but could not be read, naming buyer or secret fields]`;
    }
    return redactString(body);
  }
  if (trimmed.startsWith('<')) return redactString(redactXml(body, isRedactedKey, REDACTED));
  if (looksTabSeparated(text)) return redactString(redactTabSeparated(body, isRedactedKey, REDACTED));
  if (/^[\w.-]+=[^&]*(&[\w.-]+=[^&]*)*$/.test(trimmed)) {
    const params = new URLSearchParams(trimmed);
    for (const key of [...params.keys()]) {
      if (isRedactedKey(key)) params.set(key, REDACTED);
    }
    return redactString(params.toString());
  }
  return redactString(body);
}
