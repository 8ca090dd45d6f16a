import { ErpError, type ErpErrorKind } from '../erp-error';

/**
 * Business Central's error codes (BCDOCS dynamics-error-codes.md, NOTES §1.7) mapped to what the poster
 * does next. Codes are "<Category>_<Detail>"; the category decides most of it.
 */
export function classifyBusinessCentralError(status: number, code: string | null): ErpErrorKind {
  if (!code) return status === 404 ? 'not-found' : status === 409 ? 'conflict' : 'validation';
  if (code === 'Request_EntityChanged' || code === 'Internal_EntityWithSameKeyExists') return 'conflict';
  if (code === 'BadRequest_MethodNotAllowed') return 'unsupported';
  if (code === 'Internal_CompanyNotFound' || code === 'Internal_RecordNotFound' || code === 'BadRequest_NotFound') return status === 404 ? 'not-found' : 'validation';
  if (code.startsWith('Authentication_') || code.startsWith('Authorization_')) return 'auth';
  if (code.startsWith('Application_') || code.startsWith('BadRequest')) return 'validation';
  return 'permanent';
}

/** BC appends "  CorrelationId:  <guid>." to messages; users need the sentence, support needs the id. */
export function splitCorrelationId(message: string | null): { text: string; correlationId: string | null } {
  if (!message) return { text: '', correlationId: null };
  const m = /\s*CorrelationId:\s*([0-9a-fA-F-]+)\.?\s*$/.exec(message);
  return m ? { text: message.slice(0, m.index).trim(), correlationId: m[1] ?? null } : { text: message.trim(), correlationId: null };
}

/**
 * Plain words for the Connections screen: what went wrong and what to check, for the failures a first
 * connection meets. Facts: Entra error codes (ENTRA), BC app registration requirements (NOTES §1.1).
 */
export function explainConnectionError(err: unknown, where: string): string {
  if (!(err instanceof ErpError)) return `Could not connect to Business Central at ${where}: ${err instanceof Error ? err.message : String(err)}`;
  const code = err.erpCode ?? '';
  if (code === 'AADSTS7000215') return 'Microsoft Entra ID rejected the client secret. Check that you pasted the secret value (not its id) and that it has not expired.';
  if (code === 'AADSTS700016') return 'Microsoft Entra ID does not know this application (client) id in this tenant. Check the client id and the tenant.';
  if (code === 'AADSTS90002') return 'Microsoft Entra ID does not know this tenant. Check the tenant id or domain.';
  if (code === 'AADSTS70011') return 'Microsoft Entra ID refused the scope. This is a bug in ml-connector; please report it.';
  if (code === 'Authentication_InvalidCredentials') {
    return 'Business Central rejected the credentials. Online: register the app on the "Microsoft Entra applications" page in Business Central and give it permission sets (API.ReadWrite.All in Entra). On-premises: check the user name and web service access key.';
  }
  if (code.startsWith('Authorization_')) return `Business Central says this user may not do that: ${splitCorrelationId(err.erpMessage).text}`;
  if (err.httpStatus === 404) return `No Business Central API at ${where}. Check the environment name (online) or the base URL (on-premises; the API must be enabled on the server).`;
  if (err.httpStatus === null) return `Could not reach ${where} (${err.erpMessage ?? 'no answer'}). Check the address and your network.`;
  return `${err.message}`;
}
