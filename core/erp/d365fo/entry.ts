import type { ErpConnectorContext, ErpKindEntry, ErpTestResult } from '../erp-kind';
import { D365FoConnector } from './client';
import { d365foKind } from './kind';
import { D365FoSettingsSchema } from './settings';
import { testFoConnection } from './test-connection';

function build(ctx: ErpConnectorContext): D365FoConnector {
  return new D365FoConnector({
    settings: D365FoSettingsSchema.parse(ctx.settings),
    secrets: ctx.secrets,
    audit: ctx.audit,
    connectionId: ctx.connectionId,
    clock: ctx.clock,
    ...(ctx.tuning.backoff ? { backoff: ctx.tuning.backoff } : {}),
    ...(ctx.tuning.fetch ? { fetch: ctx.tuning.fetch } : {}),
  });
}

async function test(ctx: ErpConnectorContext, signal: AbortSignal): Promise<ErpTestResult> {
  return testFoConnection(build(ctx), signal);
}

/** Finance & Operations' registry entry: its description and how its connector is built and tested. */
export const d365foEntry: ErpKindEntry = { ...d365foKind, connector: { build, test } };
