/**
 * Redaction of the two non-JSON shapes Amazon and the ERPs send: XML (S3 error bodies, XML order and
 * settlement reports) and tab-separated flat-file reports. Element and column names are matched the
 * way JSON keys are, so `<BuyerEmail>` and `buyer-email` are the same field as `buyerEmail`.
 */
type IsRedactedKey = (name: string) => boolean;

// An element with its content, by qualified name; lazily to the first matching end tag, which is the
// right one unless an element nests inside one of its own name (then the outer one is still covered).
const ELEMENT = /<((?:[\w.-]+:)?([\w.-]+))(\s[^<>]*)?>([\s\S]*?)<\/\1\s*>/g;

export function redactXml(xml: string, isRedactedKey: IsRedactedKey, replacement: string, depth = 0): string {
  if (depth > 200) return xml;
  return xml.replace(ELEMENT, (_all, qname: string, local: string, attrs: string | undefined, inner: string) =>
    `<${qname}${attrs ?? ''}>${isRedactedKey(local) ? replacement : redactXml(inner, isRedactedKey, replacement, depth + 1)}</${qname}>`,
  );
}

export function looksTabSeparated(text: string): boolean {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return firstLine.includes('\t') && !firstLine.includes('<') && !firstLine.startsWith('{');
}

/** Blanks every column whose header names a redacted field; the header row and other columns stay. */
export function redactTabSeparated(text: string, isRedactedKey: IsRedactedKey, replacement: string): string {
  const lines = text.split('\n');
  const header = lines[0]!.replace(/\r$/, '').split('\t');
  const hidden = new Set(header.flatMap((name, col) => (isRedactedKey(name) ? [col] : [])));
  if (hidden.size === 0) return text;
  return lines
    .map((line, n) => {
      if (n === 0 || line === '' || line === '\r') return line;
      const cr = line.endsWith('\r') ? '\r' : '';
      const cells = (cr ? line.slice(0, -1) : line).split('\t');
      return cells.map((cell, col) => (hidden.has(col) && cell !== '' ? replacement : cell)).join('\t') + cr;
    })
    .join('\n');
}
