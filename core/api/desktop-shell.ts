/** What the desktop shell lets a user choose about itself; the headless host has no shell. */
export interface DesktopPreferences {
  /** Keep running in the system tray when the window closes, so scheduled jobs go on. */
  trayIcon: boolean;
  /** Start ml-connector (in the tray when the tray icon is on) when the user logs in to the OS. */
  startAtLogin: boolean;
}

/** Implemented by electron/desktop-shell.ts; the core only sees this. */
export interface DesktopShell {
  /** Whether the OS lets an app register itself to start at login (macOS and Windows; not Linux). */
  readonly startAtLoginSupported: boolean;
  preferences(): DesktopPreferences;
  update(change: Partial<DesktopPreferences>): DesktopPreferences;
}
