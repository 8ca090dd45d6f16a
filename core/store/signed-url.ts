/**
 * The query parameters that make a pre-signed URL (S3 SigV4 and SigV2, Azure SAS) a credential for its
 * lifetime. The rest of the URL (host, path, X-Amz-Expires, X-Amz-Date) stays: it says what was fetched.
 */
const SIGNING_PARAMS = ['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'Signature', 'AWSAccessKeyId', 'sig'];

// A parameter starts after `?`, `&` or an XML-escaped `&amp;`; its value ends where a URL in text would.
const SIGNING_PARAM = new RegExp(`((?:[?&]|&amp;)(?:${SIGNING_PARAMS.join('|')})=)[^&\\s"'<>#\\\\]*`, 'gi');

export function redactSignedUrls(text: string, replacement: string): string {
  return text.includes('=') ? text.replace(SIGNING_PARAM, `$1${replacement}`) : text;
}
