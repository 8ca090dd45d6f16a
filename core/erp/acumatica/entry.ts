import type { ErpConnectorContext, ErpKindEntry, ErpTestResult } from '../erp-kind';
import { ErpError } from '../erp-error';
import { AcumaticaConnector } from './connector';
import { acumaticaKind } from './kind';
import { AcumaticaSettingsSchema } from './settings';

function build(ctx: ErpConnectorContext, quick = false): AcumaticaConnector {
  return new AcumaticaConnector({
    settings: AcumaticaSettingsSchema.parse(ctx.settings),
    secrets: ctx.secrets,
    clock: ctx.clock,
    audit: ctx.audit,
    connectionId: ctx.connectionId,
    // Test connection fails fast rather than waiting out a retry storm.
    ...(quick ? { backoff: { baseMs: 250, capMs: 2_000, maxAttempts: 2 } } : ctx.tuning.backoff ? { backoff: ctx.tuning.backoff } : {}),
    ...(ctx.tuning.fetch ? { fetch: ctx.tuning.fetch } : {}),
  });
}

/** "Test connection": the version lock, the sign-in and the ledger's currency, in plain words; the session is signed out after. */
async function test(ctx: ErpConnectorContext, signal: AbortSignal): Promise<ErpTestResult> {
  const connector = build(ctx, true);
  try {
    const i = await connector.testConnection(signal);
    return {
      status: 'ok',
      message: `Connected to ${i.companyName} as ${i.principal}.`,
      details: [`Instance: ${i.environment}`, `Endpoint: ${i.version}`, ...(i.localCurrency ? [`Ledger currency: ${i.localCurrency}`] : [])],
    };
  } catch (err) {
    if (!(err instanceof ErpError)) throw err;
    return { status: 'failed', message: err.message, details: err.erpCode ? [`Acumatica exception: ${err.erpCode}`] : [] };
  } finally {
    await connector.close();
  }
}

/** Acumatica's registry entry: its description and how its connector is built and tested. */
export const acumaticaEntry: ErpKindEntry = { ...acumaticaKind, connector: { build: (ctx) => build(ctx), test } };
