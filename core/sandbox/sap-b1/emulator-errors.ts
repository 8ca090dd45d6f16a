/**
 * SAP Business One Service Layer error bodies (NOTES §3.2, B1GUIDE §3.5.1, §3.1.1):
 * v1 {"error":{"code":<int>,"message":{"lang":"en-us","value":"..."}}}; v2 as third-party logs show it,
 * {"error":{"code":"<string>","message":"..."}} (NOTES §3.1, [3rd-party, unverified in SAP docs]; the
 * emulator uses the v2 shape for every error on /b1s/v2, UNVERIFIED beyond code 301).
 */
export type ServiceVersion = 'v1' | 'v2';

export class SapB1Failure extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message);
  }
}

export function errorBody(version: ServiceVersion, code: number, message: string): unknown {
  return version === 'v1'
    ? { error: { code, message: { lang: 'en-us', value: message } } }
    : { error: { code: String(code), message } };
}

/** B1GUIDE §3.1.1, verbatim. */
export const invalidSession = () => new SapB1Failure(401, 301, 'Invalid session or session already timeout.');
/** NOTES §3.2: -2028 "Resource not found ..." (404). */
export const notFound = (what: string) => new SapB1Failure(404, -2028, `Resource not found for the segment '${what}'.`);
/** NOTES §3.2: -5006 "The requested action is not supported for this object." (400). */
export const unsupported = () => new SapB1Failure(400, -5006, 'The requested action is not supported for this object.');
/**
 * Journal entry business rules. NOTES §3.2 names -5002 as B1's generic DI error carried with business
 * messages; the wording of each message is UNVERIFIED.
 */
export const businessError = (message: string) => new SapB1Failure(400, -5002, message);
