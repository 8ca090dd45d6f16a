import { ErpError } from '../erp-error';
import type { ErpTestResult } from '../erp-kind';
import type { D365FoConnector } from './client';

/**
 * "Test connection" for F&O in plain words: reads the legal entity's ledger and the journal name
 * (NOTES §2.1-2.3). F&O answers 401 to a valid Entra token of an app it does not list under Microsoft
 * Entra applications [UNVERIFIED: no body is documented], which is the usual first-time mistake.
 */
export async function testFoConnection(connector: D365FoConnector, signal: AbortSignal): Promise<ErpTestResult> {
  try {
    const info = await connector.testConnection(signal);
    return {
      status: 'ok',
      message: `Connected to ${info.companyName} (${info.companyId}) as application ${info.principal}.`,
      details: [`Environment: ${info.environment}`, ...(info.localCurrency ? [`Accounting currency: ${info.localCurrency}`] : [])],
    };
  } catch (err) {
    if (!(err instanceof ErpError)) throw err;
    if (err.kind === 'auth' && err.httpStatus === 401 && err.operation !== 'token') {
      return { status: 'failed', message: 'F&O refused the application. Add its client id in F&O under System administration > Setup > Microsoft Entra applications, with a user who may use the general ledger.', details: [] };
    }
    return { status: 'failed', message: err.message, details: err.erpCode ? [`Error code: ${err.erpCode}`] : [] };
  } finally {
    await connector.close();
  }
}
