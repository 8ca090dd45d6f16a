import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import type { App, Session, WebContents } from 'electron';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../core/host/content-security-policy';
import { APP_INDEX_URL, appFileFor, isAppUrl, isInside, serveAppRequest } from '../../electron/app-protocol';
import { isAllowedExternal } from '../../electron/external-links';
import { permissionAllowed } from '../../electron/permissions';
import { claimSingleInstance, hardenSession, hardenWebContents, windowWebPreferences } from '../../electron/shell-hardening';

// The Electron binary cannot be downloaded here: these run the shell's checks on plain Node, with
// stand-ins for the session, the web contents and the app that record what the shell registers.
const root = join(__dirname, '..', '..');

describe('electron-builder.yml', () => {
  // Read with the YAML reader electron-builder itself uses (app-builder-lib's js-yaml).
  const yaml = createRequire(require.resolve('app-builder-lib'))('js-yaml') as { load(text: string): unknown };
  const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('flips the fuses of Electron\'s checklist: no Node mode, no NODE_OPTIONS or --inspect, encrypted cookies, only the verified asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Integrity validation needs the archive (and its embedded hash).
    expect(config.asar).toBe(true);
  });
});

describe('the renderer on app:// instead of file://', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-renderer-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ml-connector</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  mkdirSync(join(dir, 'renderer-evil'));
  writeFileSync(join(dir, 'renderer-evil', 'x.js'), 'steal()');
  writeFileSync(join(dir, 'secret.json'), '{"token":"x"}');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the page and its assets with their type and the CSP', async () => {
    const page = await serveAppRequest(APP_INDEX_URL, renderer);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await (await serveAppRequest('app://ml-connector/assets/app.js', renderer)).text()).toBe('console.log(1)');
    expect(await (await serveAppRequest('app://ml-connector/review/queue', renderer)).text()).toContain('<title>ml-connector');
  });

  it.each([
    ['a traversal', 'app://ml-connector/..%2Fsecret.json', 403],
    ['a traversal through a sibling sharing the prefix', 'app://ml-connector/..%2Frenderer-evil%2Fx.js', 403],
    ['an encoded NUL', 'app://ml-connector/index.html%00.js', 400],
    ['malformed percent-encoding', 'app://ml-connector/%E0%A4%A', 400],
    ['another host on the scheme', 'app://evil/index.html', 403],
    ['a file URL', `file://${join(renderer, 'index.html')}`, 403],
    ['an unknown type', 'app://ml-connector/index.exe', 404],
  ])('refuses %s', async (_name, url, status) => {
    expect(appFileFor(url, renderer)).toEqual({ status });
    expect((await serveAppRequest(url, renderer)).status).toBe(status);
  });

  it('knows its own origin and nothing that resembles it', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppUrl('app://ml-connector')).toBe(true);
    for (const url of ['app://ml-connector.evil/', 'app://user@ml-connector/', 'https://ml-connector/', `file://${renderer}/index.html`, 'app:ml-connector', 'not a url']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('path-prefix checks', () => {
  it('need the trailing separator, on POSIX and Windows paths', () => {
    expect(isInside('/app/dist/renderer', '/app/dist/renderer/index.html', posix)).toBe(true);
    expect(isInside('/app/dist/renderer', '/app/dist/renderer', posix)).toBe(true);
    expect(isInside('/app/dist/renderer', '/app/dist/renderer-evil/x.js', posix)).toBe(false);
    expect(isInside('/app/dist/renderer/', '/app/dist/renderer-evil/x.js', posix)).toBe(false);
    expect(isInside('/app/dist/renderer', '/app/dist/renderer/../secret', posix)).toBe(false);
    expect(isInside('C:\\app\\renderer', 'C:\\app\\renderer\\index.html', win32)).toBe(true);
    expect(isInside('C:\\app\\renderer', 'C:\\app\\renderer2\\x.js', win32)).toBe(false);
  });
});

describe('shell.openExternal', () => {
  it('opens only https documentation of the connected systems', () => {
    expect(isAllowedExternal('https://developer-docs.amazon.com/sp-api/docs')).toBe(true);
    expect(isAllowedExternal('https://learn.microsoft.com/en-us/dynamics365/business-central/')).toBe(true);
    for (const url of [
      'http://learn.microsoft.com/', 'https://learn.microsoft.com.evil.example/', 'https://evil.example/learn.microsoft.com',
      'https://user:pw@learn.microsoft.com/', 'https://learn.microsoft.com:8443/', 'file:///etc/passwd', 'smb://host/share/x.exe',
      'ms-msdt:/id PCWDiagnostic', 'javascript:alert(1)', 'not a url',
    ]) {
      expect(isAllowedExternal(url), url).toBe(false);
    }
  });
});

/** A stand-in for Electron's Session that keeps the handlers the shell registers. */
function fakeSession() {
  const h: Record<string, (...args: never[]) => unknown> = {};
  const session = {
    webRequest: {
      onHeadersReceived: (fn: never) => (h.headers = fn),
      onBeforeRequest: (fn: never) => (h.before = fn),
    },
    setPermissionRequestHandler: (fn: never) => (h.request = fn),
    setPermissionCheckHandler: (fn: never) => (h.check = fn),
    setDevicePermissionHandler: (fn: never) => (h.device = fn),
  };
  return { session: session as unknown as Session, h: h as Record<string, (...args: unknown[]) => unknown> };
}

describe('the session', () => {
  it('grants notifications to our page only and denies every other permission, asked or only checked', () => {
    const { session, h } = fakeSession();
    hardenSession(session, true);
    const asked = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined;
      h.request!(null, permission, (g: boolean) => (granted = g), { requestingUrl });
      return granted;
    };
    expect(asked('notifications', APP_INDEX_URL)).toBe(true);
    expect(asked('notifications', 'https://evil.example/')).toBe(false);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'hid', 'serial', 'usb', 'midiSysex', 'openExternal', 'fullscreen', 'pointerLock']) {
      expect(asked(p, APP_INDEX_URL), p).toBe(false);
      expect(h.check!(null, p, 'app://ml-connector'), p).toBe(false);
    }
    expect(h.check!(null, 'notifications', 'app://ml-connector')).toBe(true);
    expect(h.device!({ deviceType: 'usb', origin: 'app://ml-connector' })).toBe(false);
    expect(permissionAllowed('notifications', 'file:///x')).toBe(false);
  });

  it('loads only our origin and saved blobs; DevTools pages only in development', () => {
    for (const packaged of [true, false]) {
      const { session, h } = fakeSession();
      hardenSession(session, packaged);
      const cancelled = (url: string) => {
        let cancel: boolean | undefined;
        h.before!({ url }, (r: { cancel: boolean }) => (cancel = r.cancel));
        return cancel;
      };
      expect(cancelled('app://ml-connector/assets/app.js')).toBe(false);
      expect(cancelled('blob:app://ml-connector/5b1c')).toBe(false);
      expect(cancelled('https://evil.example/x.js')).toBe(true);
      expect(cancelled('file:///etc/passwd')).toBe(true);
      expect(cancelled('app://evil/x.js')).toBe(true);
      expect(cancelled('devtools://devtools/bundled/inspector.html')).toBe(packaged);
    }
  });
});

describe('the window', () => {
  it('has DevTools off in a packaged build, and on in development', () => {
    expect(windowWebPreferences('/p.cjs', true)).toMatchObject({ devTools: false, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(windowWebPreferences('/p.cjs', false).devTools).toBe(true);
  });

  it('never navigates or opens windows; allowlisted links go to the browser, others nowhere', () => {
    const on: Record<string, (event: { preventDefault(): void }) => void> = {};
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    let devToolsClosed = 0;
    const contents = {
      on: (name: string, fn: (event: { preventDefault(): void }) => void) => (on[name] = fn),
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
      closeDevTools: () => devToolsClosed++,
    } as unknown as WebContents;
    const opened: string[] = [];
    hardenWebContents(contents, (url) => opened.push(url), true);
    let prevented = 0;
    on['will-navigate']!({ preventDefault: () => prevented++ });
    on['will-redirect']!({ preventDefault: () => prevented++ });
    expect(prevented).toBe(2);
    expect(openHandler!({ url: 'https://learn.microsoft.com/x' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://learn.microsoft.com/x']);
    on['devtools-opened']!({ preventDefault: () => undefined });
    expect(devToolsClosed).toBe(1);
  });
});

describe('one instance', () => {
  it('a second launch quits and shows the first window', () => {
    const listeners: Record<string, () => void> = {};
    let shown = 0;
    const first = { requestSingleInstanceLock: () => true, on: (name: string, fn: () => void) => (listeners[name] = fn) } as unknown as App;
    expect(claimSingleInstance(first, () => shown++)).toBe(true);
    listeners['second-instance']!();
    expect(shown).toBe(1);
    const second = { requestSingleInstanceLock: () => false, on: () => undefined } as unknown as App;
    expect(claimSingleInstance(second, () => shown++)).toBe(false);
  });
});

describe('electron/main.ts', () => {
  // main.ts needs the Electron binary to run; this checks it wires the checks above instead of its own.
  const main = readFileSync(join(root, 'electron', 'main.ts'), 'utf8');
  it('loads the app:// page, hardens the session and the window, and takes the single-instance lock first', () => {
    expect(main).toContain('loadURL(APP_INDEX_URL)');
    expect(main).not.toMatch(/loadFile\(|pathToFileURL|file:\/\//);
    expect(main).toContain('protocol.registerSchemesAsPrivileged');
    expect(main).toContain('hardenSession(session.defaultSession, app.isPackaged)');
    expect(main).toContain('hardenWebContents(');
    expect(main).toContain('windowWebPreferences(');
    expect(main).not.toMatch(/setPermissionRequestHandler|openExternal\(url\)\s*;?\s*\n\s*return/);
    expect(main.indexOf('claimSingleInstance(')).toBeLessThan(main.indexOf('app.whenReady()'));
  });
});
