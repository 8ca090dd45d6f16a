import type { App, Session, WebContents, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/host/content-security-policy';
import { isAppUrl } from './app-protocol';
import { isAllowedExternal } from './external-links';
import { permissionAllowed } from './permissions';

/** The window's web preferences; DevTools only in an unpackaged (development) build. */
export function windowWebPreferences(preload: string, packaged: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
    devTools: !packaged,
  };
}

/**
 * What the session may load and grant: our app:// origin (blob: for the files the page saves, DevTools in
 * development), the CSP on every response, and no permission beyond permissions.ts, whether a page asks
 * (request handler) or only checks (check handler, which Chromium consults without asking), nor devices.
 */
export function hardenSession(session: Session, packaged: boolean): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url) || details.url.startsWith('blob:') || (!packaged && details.url.startsWith('devtools://'));
    callback({ cancel: !allowed });
  });
  session.setPermissionRequestHandler((contents, permission, callback, details) => callback(permissionAllowed(permission, details.requestingUrl ?? contents?.getURL() ?? '')));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}

/** No navigation away from the app, no new windows; allowlisted documentation opens in the browser. */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void, packaged: boolean): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) openExternal(url);
    return { action: 'deny' };
  });
  if (packaged) contents.on('devtools-opened', () => contents.closeDevTools());
}

/**
 * One app per user: a second launch (a double click, the login item) hands over to the first, which
 * shows its window, instead of opening the same workspace database and keychain entries twice.
 * Returns false when this process is the second one and must quit.
 */
export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'on'>, showExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => showExisting());
  return true;
}
