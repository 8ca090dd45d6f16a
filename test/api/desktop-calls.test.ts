import { afterEach, expect, it } from 'vitest';
import type { DesktopPreferences, DesktopShell } from '../../core/api/desktop-shell';
import { createDispatcher } from '../../core/api/handlers';
import { MemoryCredentials } from '../sync/sync-fixture';
import { tempWorkspace } from '../support/temp-workspace';

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

/** The Electron shell's part, as its interface: stored choices, and what the OS was told. */
class RecordingShell implements DesktopShell {
  prefs: DesktopPreferences = { trayIcon: false, startAtLogin: false };
  applied: DesktopPreferences[] = [];
  constructor(readonly startAtLoginSupported: boolean) {}
  preferences() { return { ...this.prefs }; }
  update(change: Partial<DesktopPreferences>) {
    this.prefs = { ...this.prefs, ...change };
    this.applied.push(this.preferences());
    return this.preferences();
  }
}

it('the tray icon and start at login are the desktop shell\'s choices; the headless host says it has none', async () => {
  const ws = tempWorkspace(new MemoryCredentials());
  cleanups.push(() => ws.remove());
  const headless = createDispatcher(ws);
  expect(await headless.invoke('app.desktop', {}, 'a')).toEqual({ ok: true, value: { available: false, trayIcon: false, startAtLogin: false, startAtLoginSupported: false } });
  expect(await headless.invoke('app.setDesktop', { trayIcon: true }, 'b')).toMatchObject({ ok: false, error: { code: 'conflict', message: 'The tray icon and starting at login belong to the desktop app; this is the headless host.' } });

  const shell = new RecordingShell(true);
  const desktop = createDispatcher(ws, { desktop: shell });
  expect(await desktop.invoke('app.setDesktop', { trayIcon: true }, 'c')).toEqual({ ok: true, value: { available: true, trayIcon: true, startAtLogin: false, startAtLoginSupported: true } });
  expect(await desktop.invoke('app.setDesktop', { startAtLogin: true }, 'd')).toMatchObject({ ok: true, value: { trayIcon: true, startAtLogin: true } });
  expect(shell.applied).toEqual([{ trayIcon: true, startAtLogin: false }, { trayIcon: true, startAtLogin: true }]);

  // Linux: no login items through Electron; refused with where to do it instead, nothing changed.
  const linux = new RecordingShell(false);
  const onLinux = createDispatcher(ws, { desktop: linux });
  expect(await onLinux.invoke('app.setDesktop', { startAtLogin: true }, 'e')).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Startup Applications/) } });
  expect(linux.applied).toEqual([]);
});
