/**
 * Redaction of the two non-JSON shapes Amazon and the ERPs send: XML (S3 error bodies, XML order and
 * settlement reports) and tab-separated flat-file reports. Element and column names are matched the
 * way JSON keys are, so `<BuyerEmail>` and `buyer-email` are the same field as `buyerEmail`.
 */
type IsRedactedKey = (name: string) => boolean;

// Tags (start, end or empty) and the markup that is not an element (declarations, comments, CDATA
// openers are left as text). One pass, so a body full of unclosed tags stays linear.
const TAG = /<(\/?)((?:[\w.-]+:)?([\w.-]+))(?:\s[^<>]*?)?(\/?)>/g;

/**
 * Replaces the content of every element whose local name is redacted, keeping its tags. An element that
 * never closes is redacted to the end of the body: a truncated body must not leak what was cut.
 */
export function redactXml(xml: string, isRedactedKey: IsRedactedKey, replacement: string): string {
  const out: string[] = [];
  let copiedTo = 0;
  let hiding: { qname: string; depth: number } | null = null;
  for (const m of xml.matchAll(TAG)) {
    const [tag, closing, qname, local, empty] = m as unknown as [string, string, string, string, string];
    const at = m.index!;
    if (hiding) {
      if (qname !== hiding.qname || empty) continue;
      hiding.depth += closing ? -1 : 1;
      if (hiding.depth > 0) continue;
      out.push(replacement);
      copiedTo = at;
      hiding = null;
      continue;
    }
    if (!closing && !empty && isRedactedKey(local)) {
      out.push(xml.slice(copiedTo, at + tag.length));
      copiedTo = at + tag.length;
      hiding = { qname, depth: 1 };
    }
  }
  if (hiding) return out.join('') + replacement;
  out.push(xml.slice(copiedTo));
  return out.join('');
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
