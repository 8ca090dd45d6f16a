import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clockFromEnvironment, type Clock } from '../clock/clock';
import { KeytarCredentialStore } from '../credentials';
import { startDemo } from '../demo/demo-workspace';
import { startBusinessCentralEmulator } from '../sandbox/business-central/emulator';
import { describeAmazonEmulator, startAmazonEmulator } from '../sandbox/amazon';
import { ConnectionRepository } from '../connections/connection-repository';
import { chooseCurrentVersion } from '../posting/current-version-choice';
import { settlementCommand, SETTLEMENT_USAGE } from '../settlement/settlement-command';
import { AuditLog } from '../store';
import { forTerminal } from '../text/terminal-text';
import { startBackgroundSync } from '../sync/background-sync';
import { syncCommand, SYNC_USAGE } from '../sync/sync-command';
import { startErpNotifications } from '../sync/erp-notifications';
import { currentOsUser, openWorkspace } from '../workspace/workspace';
import { AUDIT_USAGE, auditCommand } from './audit-command';
import { startHost } from './http-host';
import { errorMessage } from '../errors/domain-error';

const USAGE = `Usage:
${SETTLEMENT_USAGE.replace(/^Usage:\n/, '')}
${SYNC_USAGE.replace(/^Usage:\n/, '')}
${AUDIT_USAGE.replace(/^Usage:\n/, '')}
  ml-connector serve [--workspace DIR] [--port N] [--demo [--unmapped]] [--no-sync]
      Run the app headless; open the printed address in a browser. Without --workspace it opens the
      built-in demo workspace; --demo makes any workspace a demo (loopback Amazon and ERP emulators)
      with the demo's starter mappings, or none with --unmapped.
      The workspace's sync jobs run at their times while it serves (as with sync --watch); --no-sync
      leaves them to Run now.
  ml-connector sandbox
      Start the loopback emulators (Amazon, Business Central) and print their addresses; Ctrl+C stops them.
  ml-connector help`;

/** The default workspace of a fresh install: the built-in demo. */
export function defaultWorkspaceDir(): string {
  return join(homedir(), '.ml-connector', 'demo-workspace');
}

/** Every line the command line prints: file names, values and ERP messages inside it are untrusted. */
const say = (text: string) => console.log(forTerminal(text));
const warn = (text: string) => console.error(forTerminal(text));

/** The clock ML_CONNECTOR_CLOCK_START starts, or the system clock; null (said on stderr) when it cannot be read. */
function environmentClock(): Clock | null {
  try {
    return clockFromEnvironment();
  } catch (err) {
    warn((err as Error).message);
    return null;
  }
}

export async function main(argv: string[], rendererDir: string): Promise<number> {
  try {
    return await runCommand(argv, rendererDir);
  } catch (err) {
    warn(errorMessage(err));
    return 1;
  }
}

async function runCommand(argv: string[], rendererDir: string): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    say(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'settlement') {
    const clock = environmentClock();
    if (!clock) return 2;
    const now = () => new Date(clock.now());
    return settlementCommand(
      rest,
      {
        out: say,
        err: warn,
        isTTY: process.stderr.isTTY === true,
        outIsTTY: process.stdout.isTTY === true,
        status: (t) => process.stderr.write(`\r${forTerminal(t)}`),
      },
      defaultWorkspaceDir(),
      {
        actor: currentOsUser(),
        now,
        makeCurrent: (db, versionId, actor, reason) =>
          chooseCurrentVersion({ db, audit: new AuditLog(db, now), connections: new ConnectionRepository(db), now }, versionId, actor, reason),
      },
    );
  }
  if (command === 'sync') {
    return syncCommand(rest, { out: say, err: warn }, { defaultWorkspace: defaultWorkspaceDir(), credentials: new KeytarCredentialStore() });
  }
  if (command === 'audit') return auditCommand(rest, { out: say, err: warn }, defaultWorkspaceDir());
  if (command === 'sandbox') return runSandbox();
  if (command !== 'serve') {
    warn(`Unknown command "${command}".\n${USAGE}`);
    return 2;
  }
  let values: { workspace?: string; port?: string; demo?: boolean; unmapped?: boolean; 'no-sync'?: boolean };
  try {
    ({ values } = parseArgs({ args: rest, options: { workspace: { type: 'string' }, port: { type: 'string' }, demo: { type: 'boolean' }, unmapped: { type: 'boolean' }, 'no-sync': { type: 'boolean' } } }));
  } catch (err) {
    warn(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    warn(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
    return 2;
  }
  const dir = resolve(values.workspace ?? defaultWorkspaceDir());
  const demoMode = values.demo === true || values.workspace === undefined;
  const clock = environmentClock();
  if (!clock) return 2;
  const ws = openWorkspace(dir, { credentials: new KeytarCredentialStore(), demo: demoMode, clock });
  const demo = demoMode ? await startDemo(ws, { starterMappings: values.unmapped !== true }) : null;
  const notifications = startErpNotifications(ws);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    warn(`The UI is not built (${rendererDir} has no index.html): run npm run build. Serving the API only.`);
  }
  const host = await startHost(ws, { port, rendererDir, log: warn });
  say(`ml-connector listening on ${host.url}`);
  const sync = values['no-sync'] ? null : startBackgroundSync(ws, { log: warn });
  const stop = async () => {
    await sync?.stop();
    await host.close();
    await notifications.stop();
    await demo?.stop();
    ws.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

/** The emulators on their own, for a connection a user points at them by hand. */
async function runSandbox(): Promise<number> {
  const amazon = await startAmazonEmulator();
  const bc = await startBusinessCentralEmulator();
  say(describeAmazonEmulator(amazon));
  say(
    [
      `Business Central API     ${bc.apiBaseUrl}`,
      `Entra ID token endpoint  ${bc.tokenUrl}`,
      `Tenant / environment     ${bc.tenantId} / ${bc.environment}`,
      `Client id                ${bc.clientId}`,
      `Endpoint override        ${bc.url}`,
    ].join('\n'),
  );
  const stop = async () => {
    await Promise.all([amazon.stop(), bc.stop()]);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}
