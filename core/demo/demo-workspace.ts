import { SecretMetaRepository } from '../connections/connection-repository';
import { startBusinessCentralEmulator, type BusinessCentralEmulator } from '../erp/business-central/emulator';
import { startAmazonEmulator, type AmazonEmulator } from '../sandbox/amazon/emulator';
import type { Workspace } from '../workspace/workspace';

export const DEMO_AMAZON_CONNECTION_ID = 'demo-amazon';
export const DEMO_BC_CONNECTION_ID = 'demo-business-central';

export interface RunningDemo {
  amazon: AmazonEmulator;
  businessCentral: BusinessCentralEmulator;
  stop(): Promise<void>;
}

/**
 * The built-in demo: loopback emulators of Amazon and Business Central, and two connections pointing at
 * them, so the whole flow works without credentials. The emulators listen on new ports at each launch,
 * so the connections are brought up to date every time. Their "secrets" are the emulators' own and go to
 * the keychain like any other.
 */
export async function startDemo(ws: Workspace): Promise<RunningDemo> {
  const amazon = await startAmazonEmulator();
  const businessCentral = await startBusinessCentralEmulator();
  const now = new Date();
  const meta = new SecretMetaRepository(ws.db);

  await ws.credentials.set(DEMO_AMAZON_CONNECTION_ID, 'clientSecret', amazon.clientSecret);
  await ws.credentials.set(DEMO_AMAZON_CONNECTION_ID, 'refreshToken', amazon.refreshToken);
  await ws.credentials.set(DEMO_BC_CONNECTION_ID, 'clientSecret', businessCentral.clientSecret);

  ws.db.transaction(() => {
    const firstTime = !ws.connections.get(DEMO_AMAZON_CONNECTION_ID);
    ws.connections.upsert(
      {
        id: DEMO_AMAZON_CONNECTION_ID,
        kind: 'amazon',
        name: 'Amazon (demo)',
        settings: { region: 'NA', lwaClientId: amazon.clientId, marketplaceIds: [], endpointOverride: amazon.url },
      },
      now,
    );
    ws.connections.upsert(
      {
        id: DEMO_BC_CONNECTION_ID,
        kind: 'business-central',
        name: 'Business Central (demo)',
        settings: {
          deployment: 'online',
          tenantId: businessCentral.tenantId,
          environment: businessCentral.environment,
          clientId: businessCentral.clientId,
          endpointOverride: businessCentral.url,
        },
      },
      now,
    );
    if (firstTime) {
      for (const field of ['clientSecret', 'refreshToken']) meta.markEntered(DEMO_AMAZON_CONNECTION_ID, field, now);
      meta.markEntered(DEMO_BC_CONNECTION_ID, 'clientSecret', now);
    }
    ws.audit.record({
      kind: 'state_change',
      system: 'app',
      operation: 'demo.start',
      actor: ws.osUser,
      detail: { amazonEmulator: amazon.url, businessCentralEmulator: businessCentral.url },
    });
  })();

  return {
    amazon,
    businessCentral,
    async stop() {
      await Promise.all([amazon.stop(), businessCentral.stop()]);
    },
  };
}
