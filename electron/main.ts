import { app, BrowserWindow, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDispatcher } from '../core/api/handlers';
import { KeytarCredentialStore } from '../core/credentials';
import { defaultWorkspaceDir } from '../core/host/cli';
import { CONTENT_SECURITY_POLICY } from '../core/host/content-security-policy';
import { startDemo } from '../core/demo/demo-workspace';
import { startErpNotifications } from '../core/sync/erp-notifications';
import { startBackgroundSync, type BackgroundSync } from '../core/sync/background-sync';
import { clockFromEnvironment } from '../core/clock/clock';
import { openWorkspace } from '../core/workspace/workspace';
import { ElectronDesktopShell } from './desktop-shell';
import { registerIpc } from './ipc-transport';
import { askWhereToSave } from './save-dialog';
import { shellSettings } from './settings';

// dist/electron/main.cjs -> the app root is two levels up.
const appRoot = join(__dirname, '..', '..');
const rendererIndex = join(appRoot, 'dist', 'renderer', 'index.html');
const rendererUrlPrefix = pathToFileURL(join(appRoot, 'dist', 'renderer')).toString();

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
  const demo = ws.demo ? await startDemo(ws, { starterMappings: chosen === undefined }) : null;
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

  // No remote content: every response carries the CSP, and any request that is not our own file is refused.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    // blob: carries files the user saves (CSV, XLSX and PDF exports) from the page itself.
    const local = details.url.startsWith(rendererUrlPrefix) || details.url.startsWith('devtools://') || details.url.startsWith('blob:');
    callback({ cancel: !local });
  });
  // Only desktop notifications (a run failed, settlements wait for review); nothing else.
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'notifications'));
  askWhereToSave(session.defaultSession);

  const bounds = shellSettings.get('windowBounds');
  win = new BrowserWindow({
    ...bounds,
    minWidth: 960,
    minHeight: 600,
    title: 'ml-connector',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  const window = win;
  unregister = registerIpc(ws, dispatcher, () => (window.isDestroyed() ? null : window.webContents), rendererUrlPrefix);

  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
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
  await window.loadFile(rendererIndex);
}

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
app.whenReady().then(start).catch((err: unknown) => {
  console.error(err);
  app.exit(1);
});
