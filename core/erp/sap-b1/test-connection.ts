import { isCertificateError, normalizeSha256, presentedCertificate } from '../../net/tls-trust';
import { ErpError } from '../erp-error';
import type { ErpConnectorContext, ErpTestResult } from '../erp-kind';
import { SapB1Connector } from './client';
import { explainSapB1ConnectionError } from './errors';
import { serviceRoot } from './session';
import { SapB1SettingsSchema } from './settings';

/**
 * "Test connection": log in, read the company's name and its local and system currencies, log out (each
 * session holds a licence seat, NOTES §3.1). Never throws; the message is for the user, in plain words.
 */
export async function testSapB1Connection(ctx: ErpConnectorContext, signal: AbortSignal): Promise<ErpTestResult> {
  const settings = SapB1SettingsSchema.parse(ctx.settings);
  const connector = new SapB1Connector({
    settings, secrets: { password: ctx.secrets.password ?? null }, audit: ctx.audit, connectionId: ctx.connectionId, clock: ctx.clock,
    backoff: ctx.tuning.backoff ?? { baseMs: 250, capMs: 2_000, maxAttempts: 2 },
    ...(ctx.tuning.fetch ? { fetch: ctx.tuning.fetch } : {}),
  });
  try {
    const i = await connector.testConnection(signal);
    return {
      status: 'ok',
      message: `Connected to ${i.companyName} (${settings.companyDb}) as ${settings.userName}.`,
      // The environment line names the Service Layer and the system currency.
      details: [i.environment, ...(i.version ? [`Version: ${i.version}`] : []), ...(i.localCurrency ? [`Local currency: ${i.localCurrency}`] : [])],
    };
  } catch (err) {
    // A refused certificate: read the one presented (nothing is sent) so the message can name its fingerprint.
    const certificate = err instanceof ErpError && err.httpStatus === null && isCertificateError(err.erpMessage ?? '')
      ? { presented: await presentedCertificate(settings.serviceLayerUrl), trusted: settings.trustedCertificateSha256 ? normalizeSha256(settings.trustedCertificateSha256) : null }
      : undefined;
    return {
      status: 'failed',
      message: explainSapB1ConnectionError(err, serviceRoot(settings), settings.companyDb, certificate),
      details: err instanceof ErpError && err.erpCode ? [`SAP Business One error code: ${err.erpCode}`] : [],
    };
  } finally {
    await connector.close().catch(() => undefined);
  }
}
