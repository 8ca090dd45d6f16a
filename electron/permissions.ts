import { isAppUrl } from './app-protocol';

/**
 * Web permissions the app uses: desktop notifications (a run failed, settlements wait for review).
 * Every other request and check (camera, microphone, geolocation, clipboard reading, HID, serial, USB,
 * MIDI, ...) is denied, and only our own page may hold even this one (Electron security checklist §5).
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

export function permissionAllowed(permission: string, requestingUrl: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}
