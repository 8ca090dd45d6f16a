import { app, BrowserWindow, protocol, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDispatcher } from '../core/api/handlers';
import { KeytarCredentialStore } from '../core/credentials';
import { defaultWorkspaceDir } from '../core/host/cli';
import { startDemo } from '../core/demo/demo-workspace';
import { startErpNotifications } from '../core/sync/erp-notifications';
import { startBackgroundSync, type BackgroundSync } from '../core/sync/background-sync';
import { clockFromEnvironment } from '../core/clock/clock';
import { openWorkspace } from '../core/workspace/workspace';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, isAppUrl, serveAppRequest } from './app-protocol';
import { ElectronDesktopShell } from './desktop-shell';
import { registerIpc } from './ipc-transport';
import { askWhereToSave } from './save-dialog';
import { shellSettings } from './settings';
import { claimSingleInstance, hardenSession, hardenWebContents, windowWebPreferences } from './shell-hardening';

// dist/electron/main.cjs -> the app root is two levels up.
const appRoot = join(__dirname, '..', '..');
const rendererDir = join(appRoot, 'dist', 'renderer');

/** better-sqlite3 built for Electron's ABI, kept apart from the Node build (scripts/rebuild-electron-native.mjs). */
function electronSqliteBinding(): string | undefined {
  const candidates = [
    join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'),
    join(appRoot, 'build', 'native-electron', 'better_sqlite3.node'),
  ];
  return candidates.find((p) => existsSync(p));
}

function workspaceArg(): string | undefined {
  const i = process.argv.indexOf('--workspace');
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const demoArg = process.argv.includes('--demo');
/** A demo workspace without the starter mappings (the e2e specs that map from nothing). */
const unmappedArg = process.argv.includes('--unmapped');
/** Started by the OS at login with the tray icon on: stay in the tray until the user opens the window. */
const hiddenArg = process.argv.includes('--hidden');

let quitting = false;
let desktop: ElectronDesktopShell | null = null;
/** What must finish before the process ends: the sync loop's current step, the demo emulators, the database. */
let cleanup: (() => Promise<void>) | null = null;

async function start() {
  const chosen = workspaceArg() ?? shellSettings.get('lastWorkspace') ?? undefined;
  const dir = chosen ?? defaultWorkspaceDir();
  const ws = openWorkspace(dir, { credentials: new KeytarCredentialStore(), demo: demoArg || chosen === undefined, nativeBinding: electronSqliteBinding(), clock: clockFromEnvironment() });
  shellSettings.set('lastWorkspace', chosen ?? null);
  const demo = ws.demo ? await startDemo(ws, { starterMappings: !unmappedArg }) : null;
  const notifications = startErpNotifications(ws);
  let win: BrowserWindow | null = null;
  const showWindow = () => {
    if (win && !win.isDestroyed()) {
      win.show();
      win.focus();
    }
  };
  desktop = new ElectronDesktopShell(showWindow, () => app.quit());
  desktop.apply();
  const dispatcher = createDispatcher(ws, { desktop });
  // Scheduled jobs run while the app is open (and, with the tray icon on, while its window is closed).
  const sync: BackgroundSync = startBackgroundSync(ws, { log: (t) => console.error(t) });
  let unregister: () => void = () => undefined;
  cleanup = async () => {
    unregister();
    await sync.stop();
    await notifications.stop();
    await demo?.stop();
    ws.close();
    desktop?.destroy();
  };

  // No remote content: the renderer comes from app:// (app-protocol.ts), every response carries the CSP,
  // any other request is refused, and no permission but notifications is granted (shell-hardening.ts).
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rendererDir));
  hardenSession(session.defaultSession, app.isPackaged);
  askWhereToSave(session.defaultSession);

  const bounds = shellSettings.get('windowBounds');
  win = new BrowserWindow({
    ...bounds,
    minWidth: 960,
    minHeight: 600,
    title: 'ml-connector',
    show: false,
    webPreferences: windowWebPreferences(join(__dirname, 'preload.cjs'), app.isPackaged),
  });
  const window = win;
  unregister = registerIpc(ws, dispatcher, () => (window.isDestroyed() ? null : window.webContents), isAppUrl);

  // Links to documentation open in the user's browser, never inside the app; only allowlisted hosts.
  hardenWebContents(win.webContents, (url) => void shell.openExternal(url), app.isPackaged);
  window.on('close', (event) => {
    shellSettings.set('windowBounds', window.getBounds());
    // With the tray icon on, closing the window hides it: the jobs go on until Quit in the tray menu.
    if (desktop?.keepsRunning && !quitting) {
      event.preventDefault();
      window.hide();
    }
  });
  window.once('ready-to-show', () => {
    if (!(hiddenArg && desktop?.keepsRunning)) window.show();
  });
  await window.loadURL(APP_INDEX_URL);
}

// Before ready: app:// is a standard, secure origin for the renderer (fetch, storage, CSP 'self').
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

app.on('before-quit', () => {
  quitting = true;
});
app.on('will-quit', (event) => {
  if (!cleanup) return;
  // Let the running sync step finish (a scheduled run gives its slot back), then quit for real.
  event.preventDefault();
  const done = cleanup;
  cleanup = null;
  void done().catch((err: unknown) => console.error(err)).finally(() => app.quit());
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => {
  if (!desktop?.keepsRunning) app.quit();
});
const firstInstance = claimSingleInstance(app, () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win && !win.isDestroyed()) {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }
});
if (!firstInstance) app.quit();
else {
  app.whenReady().then(start).catch((err: unknown) => {
    console.error(err);
    app.exit(1);
  });
}
