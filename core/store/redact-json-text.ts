/**
 * Redacts JSON text without parsing it into JavaScript values: numbers, escapes and key order are copied
 * as received, so 12345678901234567890123 or 1.10 keep every digit (JSON.parse would round them).
 * Whitespace between tokens is dropped, as JSON.stringify would. Returns null when the text is not JSON.
 */
export interface JsonTextRedaction {
  isRedactedKey(key: string): boolean;
  /** Rewrites a string value (for example a signed URL); returns it unchanged when nothing is secret. */
  redactString(value: string): string;
  replacement: string;
}

const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SIMPLE_STRING = /"[^"\\\u0000-\u001f]*"/y;
const ESCAPED_STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

export function redactJsonText(text: string, rules: JsonTextRedaction): string | null {
  let i = 0;
  const out: string[] = [];
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const stringToken = (): string | null => {
    for (const re of [SIMPLE_STRING, ESCAPED_STRING]) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m) {
        i += m[0].length;
        return m[0];
      }
    }
    return null;
  };
  const value = (emit: boolean, depth: number): boolean => {
    if (depth > MAX_DEPTH) return false;
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      if (emit) out.push(c);
      ws();
      if (text[i] === close) {
        i++;
        if (emit) out.push(close);
        return true;
      }
      for (let first = true; ; first = false) {
        ws();
        if (!first) {
          if (text[i] !== ',') break;
          i++;
          if (emit) out.push(',');
          ws();
        }
        let redactHere = false;
        if (c === '{') {
          const key = stringToken();
          if (key === null) return false;
          ws();
          if (text[i] !== ':') return false;
          i++;
          if (emit) out.push(key, ':');
          redactHere = rules.isRedactedKey(JSON.parse(key) as string);
        }
        if (!value(emit && !redactHere, depth + 1)) return false;
        if (emit && redactHere) out.push(JSON.stringify(rules.replacement));
      }
      if (text[i] !== close) return false;
      i++;
      if (emit) out.push(close);
      return true;
    }
    if (c === '"') {
      const token = stringToken();
      if (token === null) return false;
      if (emit) {
        const decoded = JSON.parse(token) as string;
        const redacted = rules.redactString(decoded);
        out.push(redacted === decoded ? token : JSON.stringify(redacted));
      }
      return true;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        if (emit) out.push(literal);
        return true;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return false;
    i += m[0].length;
    if (emit) out.push(m[0]);
    return true;
  };
  if (!value(true, 0)) return null;
  ws();
  return i === text.length ? out.join('') : null;
}
