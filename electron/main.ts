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
import { openWorkspace } from '../core/workspace/workspace';
import { registerIpc } from './ipc-transport';
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

async function start() {
  const chosen = workspaceArg() ?? shellSettings.get('lastWorkspace') ?? undefined;
  const dir = chosen ?? defaultWorkspaceDir();
  const ws = openWorkspace(dir, { credentials: new KeytarCredentialStore(), demo: demoArg || chosen === undefined, nativeBinding: electronSqliteBinding() });
  shellSettings.set('lastWorkspace', chosen ?? null);
  const demo = ws.demo ? await startDemo(ws) : null;
  const notifications = startErpNotifications(ws);
  const dispatcher = createDispatcher(ws);

  // No remote content: every response carries the CSP, and any request that is not our own file is refused.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    // blob: carries files the user saves (CSV exports) from the page itself.
    const local = details.url.startsWith(rendererUrlPrefix) || details.url.startsWith('devtools://') || details.url.startsWith('blob:');
    callback({ cancel: !local });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const bounds = shellSettings.get('windowBounds');
  const win = new BrowserWindow({
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
  const unregister = registerIpc(ws, dispatcher, () => (win.isDestroyed() ? null : win.webContents), rendererUrlPrefix);

  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.on('close', () => shellSettings.set('windowBounds', win.getBounds()));
  win.on('closed', () => {
    unregister();
    void notifications.stop().then(() => (demo ? demo.stop() : undefined)).finally(() => ws.close());
  });
  win.once('ready-to-show', () => win.show());
  await win.loadFile(rendererIndex);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => app.quit());
app.whenReady().then(start).catch((err: unknown) => {
  console.error(err);
  app.exit(1);
});
