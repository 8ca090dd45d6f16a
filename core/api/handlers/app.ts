import pkg from '../../../package.json';
import { amountDisplayOf } from '../../workspace/amount-display';
import type { DesktopShell } from '../desktop-shell';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

export function appHandlers(cancel: (callId: string) => boolean, desktop: DesktopShell | null): Pick<Handlers, 'app.info' | 'calls.cancel' | 'app.desktop' | 'app.setDesktop' | 'app.amountDisplay' | 'app.setAmountDisplay'> {
  return {
    'app.amountDisplay': (_input, { ws }) => amountDisplayOf(ws).get(),
    'app.setAmountDisplay': (input, { ws }) => amountDisplayOf(ws).set(input, ws.osUser),
    'app.desktop': () =>
      desktop
        ? { available: true, startAtLoginSupported: desktop.startAtLoginSupported, ...desktop.preferences() }
        : { available: false, trayIcon: false, startAtLogin: false, startAtLoginSupported: false },
    'app.setDesktop': (change) => {
      if (!desktop) throw new ApiFailure('conflict', 'The tray icon and starting at login belong to the desktop app; this is the headless host.');
      if (change.startAtLogin && !desktop.startAtLoginSupported) {
        throw new ApiFailure('invalid_input', 'This system starts programs at login through its own settings (Startup Applications); add ml-connector there.');
      }
      return { available: true, startAtLoginSupported: desktop.startAtLoginSupported, ...desktop.update(change) };
    },
    'app.info': (_input, { ws }) => ({
      version: pkg.version,
      workspaceDir: ws.dir,
      databaseFile: ws.databaseFile,
      osUser: ws.osUser,
      demo: ws.demo,
    }),
    'calls.cancel': ({ callId }) => ({ cancelled: cancel(callId) }),
  };
}
