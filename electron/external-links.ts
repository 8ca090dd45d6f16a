/**
 * The only pages shell.openExternal may open in the user's browser: the documentation of the systems the
 * app connects to. Anything else (another scheme such as file:, smb: or a custom protocol handler that
 * runs a program, a look-alike host, credentials in the URL) is refused: openExternal hands the URL to the
 * OS, which would run whatever handles it (Electron security checklist §15).
 */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'sellercentral.amazon.com',
  'sellercentral-europe.amazon.com',
  'developer-docs.amazon.com',
  'learn.microsoft.com',
  'help.sap.com',
  'help.acumatica.com',
]);

export function isAllowedExternal(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.port === '' && u.username === '' && u.password === '' && EXTERNAL_HOSTS.has(u.hostname);
}
