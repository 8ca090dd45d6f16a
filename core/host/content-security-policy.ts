/**
 * The one Content-Security-Policy of the UI, for the Electron window and the headless host alike:
 * nothing remote, no inline script, no eval. Inline styles are allowed because Fluent UI's Griffel
 * inserts its atomic CSS at run time.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
