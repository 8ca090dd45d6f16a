import type { ErpConnectorContext, ErpKindEntry, ErpTestResult } from '../erp-kind';
import { BusinessCentralConnector } from './client';
import { businessCentralKind } from './kind';
import { BusinessCentralSettingsSchema } from './settings';
import { testBusinessCentralConnection } from './test-connection';

function build(ctx: ErpConnectorContext): BusinessCentralConnector {
  return new BusinessCentralConnector({
    settings: BusinessCentralSettingsSchema.parse(ctx.settings),
    secrets: ctx.secrets,
    audit: ctx.audit,
    connectionId: ctx.connectionId,
    ...(ctx.tuning.backoff ? { backoff: ctx.tuning.backoff } : {}),
    ...(ctx.tuning.fetch ? { fetch: ctx.tuning.fetch } : {}),
  });
}

async function test(ctx: ErpConnectorContext, signal: AbortSignal): Promise<ErpTestResult> {
  const result = await testBusinessCentralConnection(BusinessCentralSettingsSchema.parse(ctx.settings), ctx.secrets, ctx.audit, { connectionId: ctx.connectionId, signal, ...(ctx.tuning.fetch ? { fetch: ctx.tuning.fetch } : {}) });
  if (!result.ok) return { status: 'failed', message: result.message, details: result.erpCode ? [`Business Central error code: ${result.erpCode}`] : [] };
  const i = result.info;
  return {
    status: 'ok',
    message: `Connected to ${i.companyName} as ${i.principal}.`,
    details: [`Environment: ${i.environment}`, `Version: ${i.version}`, ...(i.localCurrency ? [`Local currency: ${i.localCurrency}`] : []), `Company id: ${i.companyId}`],
  };
}

/** Business Central's registry entry: its description and how its connector is built and tested. */
export const businessCentralEntry: ErpKindEntry = { ...businessCentralKind, connector: { build, test } };
