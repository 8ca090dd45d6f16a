/**
 * A minimal streaming XML tokenizer: enough for Amazon's XML settlement report (elements, attributes,
 * text, CDATA, comments, processing instructions, the five named entities and numeric references).
 * It holds only the unfinished token between feeds, so memory does not grow with the file.
 * No DTD handling and no namespaces beyond keeping the prefixed name; a SAX library would add
 * those, but settlement files never use them and the project takes no new dependency for it.
 */
export interface XmlHandler {
  open(name: string, attributes: Record<string, string>): void;
  text(text: string): void;
  close(name: string): void;
}

export class XmlSyntaxError extends Error {
  constructor(reason: string, readonly snippet: string) {
    super(reason);
    this.name = 'XmlSyntaxError';
  }
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const lower = e.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

export class XmlTokenizer {
  private buffer = '';
  private readonly stack: string[] = [];

  constructor(private readonly handler: XmlHandler) {}

  feed(chunk: string): void {
    this.buffer += chunk;
    let pos = 0;
    const b = this.buffer;
    for (;;) {
      const lt = b.indexOf('<', pos);
      if (lt < 0) {
        // Text may continue in the next chunk; keep it.
        break;
      }
      if (lt > pos) {
        const text = b.slice(pos, lt);
        if (text.trim() !== '') {
          if (this.stack.length === 0) throw new XmlSyntaxError('text outside the root element', text.trim());
          this.handler.text(decodeEntities(text));
        }
        pos = lt;
      }
      if (b.startsWith('<!--', lt)) {
        const end = b.indexOf('-->', lt + 4);
        if (end < 0) break;
        pos = end + 3;
      } else if (b.startsWith('<![CDATA[', lt)) {
        const end = b.indexOf(']]>', lt + 9);
        if (end < 0) break;
        this.handler.text(b.slice(lt + 9, end));
        pos = end + 3;
      } else if (b.startsWith('<?', lt)) {
        const end = b.indexOf('?>', lt + 2);
        if (end < 0) break;
        pos = end + 2;
      } else if (b.startsWith('<!', lt)) {
        const end = b.indexOf('>', lt + 2);
        if (end < 0) break;
        pos = end + 1;
      } else {
        const end = b.indexOf('>', lt + 1);
        if (end < 0) break;
        this.tag(b.slice(lt + 1, end));
        pos = end + 1;
      }
    }
    this.buffer = b.slice(pos);
  }

  /** Call after the last chunk: anything left open is a truncated file. */
  end(): void {
    if (this.buffer.trim() !== '') throw new XmlSyntaxError('the file ends inside a tag or text', this.buffer.trim().slice(0, 80));
    if (this.stack.length) throw new XmlSyntaxError(`the file ends before </${this.stack[this.stack.length - 1]}>`, '');
  }

  private tag(body: string): void {
    if (body.startsWith('/')) {
      const name = body.slice(1).trim();
      const open = this.stack.pop();
      if (open !== name) throw new XmlSyntaxError(`</${name}> closes <${open ?? 'nothing'}>`, `<${body}>`);
      this.handler.close(name);
      return;
    }
    const selfClosing = body.endsWith('/');
    const inner = selfClosing ? body.slice(0, -1) : body;
    const nameEnd = inner.search(/\s|$/);
    const name = inner.slice(0, nameEnd);
    if (name === '') throw new XmlSyntaxError('a tag without a name', `<${body}>`);
    const attributes: Record<string, string> = {};
    const rest = inner.slice(nameEnd);
    if (rest.trim() !== '') {
      for (const m of rest.matchAll(ATTRIBUTE)) attributes[m[1]!] = decodeEntities(m[2] ?? m[3] ?? '');
    }
    this.stack.push(name);
    this.handler.open(name, attributes);
    if (selfClosing) {
      this.stack.pop();
      this.handler.close(name);
    }
  }
}
