/**
 * Reading multipart/mixed bodies (RFC 2046 §5.1): the boundary from the Content-Type, the parts between
 * the boundary lines, and each part's headers and body. Used on both sides of an OData batch: the ERP
 * client reads the answer, the emulators read the request.
 */
export interface MimePart {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** The boundary of a multipart/mixed Content-Type; null for any other type. */
export function boundaryOf(contentType: string | null | undefined): string | null {
  if (!contentType || !/^\s*multipart\/mixed/i.test(contentType)) return null;
  const m = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** The parts between `--boundary` lines, up to `--boundary--` (RFC 2046 §5.1.1). */
export function splitMultipart(text: string, boundary: string): MimePart[] {
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const parts: MimePart[] = [];
  let start: number | null = null;
  for (let m = delimiter.exec(text); m; m = delimiter.exec(text)) {
    if (start !== null) {
      const { head, rest } = splitHead(text.slice(start, m.index));
      parts.push({ headers: readHeaders(head), body: rest });
    }
    if (m[1]) break;
    start = m.index + m[0].length;
  }
  return parts;
}

/** Splits at the first empty line: the header block and what follows it. */
export function splitHead(text: string): { head: string; rest: string } {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? { head: text.slice(0, m.index), rest: text.slice(m.index + m[0].length) } : { head: text, rest: '' };
}

/** `Name: value` lines as a record keyed by the lower-case name. */
export function readHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
