import Store from 'electron-store';

/** UI settings of the desktop shell (not workspace data, which lives in SQLite). */
export interface ShellSettings {
  windowBounds: { x?: number; y?: number; width: number; height: number };
  lastWorkspace: string | null;
  /** User choices under Settings › Desktop (electron/desktop-shell.ts). */
  trayIcon: boolean;
  startAtLogin: boolean;
}

export const shellSettings = new Store<ShellSettings>({
  name: 'shell-settings',
  defaults: { windowBounds: { width: 1360, height: 860 }, lastWorkspace: null, trayIcon: false, startAtLogin: false },
});
