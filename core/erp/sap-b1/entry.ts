import type { ErpConnectorContext, ErpKindEntry } from '../erp-kind';
import { SapB1Connector } from './client';
import { sapB1Kind } from './kind';
import { SapB1SettingsSchema } from './settings';
import { testSapB1Connection } from './test-connection';

function build(ctx: ErpConnectorContext): SapB1Connector {
  return new SapB1Connector({
    settings: SapB1SettingsSchema.parse(ctx.settings),
    secrets: { password: ctx.secrets.password ?? null },
    audit: ctx.audit,
    connectionId: ctx.connectionId,
    clock: ctx.clock,
    ...(ctx.tuning.backoff ? { backoff: ctx.tuning.backoff } : {}),
    ...(ctx.tuning.fetch ? { fetch: ctx.tuning.fetch } : {}),
  });
}

/** SAP Business One's registry entry: its description and how its connector is built and tested. */
export const sapB1Entry: ErpKindEntry = { ...sapB1Kind, connector: { build, test: testSapB1Connection } };
