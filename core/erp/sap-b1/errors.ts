import { ErpError, type ErpErrorKind } from '../erp-error';
import type { ParsedErrorBody } from '../odata';
import { isCertificateError, type PresentedCertificate } from '../../net/tls-trust';

/**
 * An expired or unknown session: HTTP 401 with code 301, a number on /b1s/v1 and a string on /b1s/v2
 * (NOTES §3.1, B1GUIDE §3.1.1); parseErrorBody gives both as "301".
 */
export function isSessionExpired(status: number, error: ParsedErrorBody): boolean {
  return status === 401 && error.code === '301';
}

/** B1's codes for 4xx answers (NOTES §3.2): -2028 not found, -5006 unsupported, -10 already exists; the rest are refusals of the data. */
export function classifySapB1Error(status: number, code: string | null): ErpErrorKind | null {
  if (status >= 500 || status === 429) return null;
  if (status === 401 || status === 403) return 'auth';
  if (code === '-2028' && status === 404) return 'not-found';
  if (code === '-5006') return 'unsupported';
  if (code === '-10') return 'conflict';
  return 'validation';
}

/**
 * Plain words for the Connections screen. Login failure codes other than 301 are UNVERIFIED (NOTES §3.1
 * documents only the happy path), so the message also reads B1's own words.
 */
export function explainSapB1ConnectionError(err: unknown, where: string, companyDb: string, certificate?: { presented: PresentedCertificate | null; trusted: string | null }): string {
  if (!(err instanceof ErpError)) return `Could not connect to SAP Business One at ${where}: ${err instanceof Error ? err.message : String(err)}`;
  const text = err.erpMessage ?? '';
  if (err.httpStatus === null) {
    if (isCertificateError(text)) return untrustedCertificate(where, text, certificate?.presented ?? null, certificate?.trusted ?? null);
    return `Could not reach the Service Layer at ${where} (${text || 'no answer'}). Check the address, the port (usually 50000) and your network.`;
  }
  if (/company/i.test(text) && /not found|invalid|does not exist/i.test(text)) return `SAP Business One has no company database "${companyDb}" on this server. Check the company database name (for example SBODEMOUS).`;
  if (/licen[cs]e/i.test(text)) return `SAP Business One has no free licence for this user: every seat is in use. Log the user out elsewhere or wait for idle sessions to end (30 minutes). B1 says: ${text}`;
  if (/login failed|password|user/i.test(text)) return `SAP Business One refused the user name or password for company "${companyDb}". B1 says: ${text}`;
  if (err.httpStatus === 404) return `No Service Layer at ${where}. The address ends in /b1s/v1 or /b1s/v2.`;
  return err.message;
}

/** A certificate refused, in words that say which one and how to trust it for this connection alone. */
function untrustedCertificate(where: string, code: string, presented: PresentedCertificate | null, trusted: string | null): string {
  const fingerprint = presented ? `Its SHA-256 fingerprint is ${presented.sha256}` : 'Its fingerprint could not be read';
  if (trusted) {
    return `The Service Layer at ${where} presented a different certificate from the one this connection trusts (${trusted}). ${fingerprint}. `
      + 'If your administrator replaced the certificate and confirms this fingerprint, enter it under "Trusted certificate (SHA-256)"; otherwise do not connect.';
  }
  return `The Service Layer at ${where} presented a certificate this computer does not trust (${code.replace(/^\w+: /, '')}). ${fingerprint}${presented?.subject ? `, issued to ${presented.subject}` : ''}. `
    + 'If your SAP Business One administrator confirms it is the server\'s own (self-signed) certificate, enter this fingerprint under "Trusted certificate (SHA-256)" in this connection\'s settings and test again: this connection will then trust that certificate and no other.';
}
