import { app, Menu, nativeImage, Tray } from 'electron';
import type { DesktopPreferences, DesktopShell } from '../core/api/desktop-shell';
import { shellSettings } from './settings';

// A 32x32 blue square with a white bar: the tray needs an image and the app ships no icon file yet.
const TRAY_ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAOklEQVR42u3UwQkAIAwEwXRgo7aY2rQIQROchfvP6yJUqTFz3RgAAABAL8BpAAD9AX4AAADgL4BetAGp/oN3asTjPwAAAABJRU5ErkJggg==';

/**
 * The desktop shell's own choices, kept in electron-store: a tray icon (closing the window then hides it and
 * scheduled jobs go on) and starting at login (app.setLoginItemSettings). Thin on purpose: the jobs themselves
 * run in core/sync/background-sync.ts whichever host starts them.
 */
export class ElectronDesktopShell implements DesktopShell {
  private tray: Tray | null = null;
  // app.setLoginItemSettings works on macOS and Windows only.
  readonly startAtLoginSupported = process.platform === 'darwin' || process.platform === 'win32';

  constructor(private readonly showWindow: () => void, private readonly quit: () => void) {}

  preferences(): DesktopPreferences {
    return { trayIcon: shellSettings.get('trayIcon'), startAtLogin: shellSettings.get('startAtLogin') };
  }

  update(change: Partial<DesktopPreferences>): DesktopPreferences {
    if (change.trayIcon !== undefined) shellSettings.set('trayIcon', change.trayIcon);
    if (change.startAtLogin !== undefined) shellSettings.set('startAtLogin', change.startAtLogin);
    this.apply();
    return this.preferences();
  }

  /** Makes the OS agree with the stored choices: at start and after each change. */
  apply(): void {
    const p = this.preferences();
    // Started by the OS at login, the app opens in the tray (when there is one) instead of in a window.
    if (this.startAtLoginSupported) app.setLoginItemSettings({ openAtLogin: p.startAtLogin, args: p.trayIcon ? ['--hidden'] : [] });
    if (p.trayIcon && !this.tray) {
      this.tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON));
      this.tray.setToolTip('ml-connector: sync jobs run while it is here');
      this.tray.setContextMenu(Menu.buildFromTemplate([
        { label: 'Open ml-connector', click: () => this.showWindow() },
        { type: 'separator' },
        { label: 'Quit (scheduled jobs stop)', click: () => this.quit() },
      ]));
      this.tray.on('click', () => this.showWindow());
    } else if (!p.trayIcon && this.tray) {
      this.tray.destroy();
      this.tray = null;
    }
  }

  /** Whether closing the window should hide it to the tray instead of quitting. */
  get keepsRunning(): boolean {
    return this.tray !== null;
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = null;
  }
}
