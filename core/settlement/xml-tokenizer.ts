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

/** Longest unfinished token (text, tag, comment) held between feeds: settlement XML tokens are a few hundred characters. */
export const MAX_PENDING_TOKEN = 1 << 20;

export class XmlTokenizer {
  /**
   * The unfinished token at the end of what was fed, in the pieces it arrived in: joined once it can end,
   * so a token spread over many feeds is not copied (and searched) again for each of them.
   */
  private pending: string[] = [];
  private pendingLength = 0;
  /** What ends the pending token ('<' for text), or null while its first characters do not say yet. */
  private pendingEnd: string | null = null;
  private readonly stack: string[] = [];
  private searchedSoFar = 0;

  constructor(
    private readonly handler: XmlHandler,
    private readonly maxPending = MAX_PENDING_TOKEN,
  ) {}

  /**
   * Characters the feeds so far searched for the end of a token: about the length of what was fed, however
   * many pieces a long token came in (the work a test counts instead of timing it).
   */
  get searched(): number {
    return this.searchedSoFar;
  }

  feed(chunk: string): void {
    if (this.pendingEnd !== null && !this.mayEndIn(this.pendingEnd, chunk)) {
      this.hold(chunk);
      return;
    }
    const b = this.pending.length ? this.pending.join('') + chunk : chunk;
    this.pending = [];
    this.pendingLength = 0;
    this.pendingEnd = null;
    this.searchedSoFar += b.length;
    let pos = 0;
    let end: string | null = null;
    for (;;) {
      const lt = b.indexOf('<', pos);
      if (lt < 0) {
        // Text may continue in the next chunk; keep it.
        end = '<';
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
        const close = b.indexOf('-->', lt + 4);
        if (close < 0) { end = '-->'; break; }
        pos = close + 3;
      } else if (b.startsWith('<![CDATA[', lt)) {
        const close = b.indexOf(']]>', lt + 9);
        if (close < 0) { end = ']]>'; break; }
        this.handler.text(b.slice(lt + 9, close));
        pos = close + 3;
      } else if (b.startsWith('<?', lt)) {
        const close = b.indexOf('?>', lt + 2);
        if (close < 0) { end = '?>'; break; }
        pos = close + 2;
      } else if (b.startsWith('<!', lt)) {
        const close = b.indexOf('>', lt + 2);
        // Until nine characters are in, "<!" may still turn out to open a comment or CDATA section.
        if (close < 0) { end = b.length - lt >= 9 ? '>' : null; break; }
        pos = close + 1;
      } else {
        const close = b.indexOf('>', lt + 1);
        if (close < 0) { end = '>'; break; }
        this.tag(b.slice(lt + 1, close));
        pos = close + 1;
      }
    }
    if (pos < b.length) {
      this.hold(b.slice(pos));
      this.pendingEnd = end;
    }
  }

  private hold(piece: string): void {
    this.pending.push(piece);
    this.pendingLength += piece.length;
    if (this.pendingLength > this.maxPending) {
      const head = this.pending[0]!.trim().slice(0, 80);
      throw new XmlSyntaxError(`a tag, comment or text runs on for more than ${this.maxPending.toLocaleString('en-US')} characters: this is not a settlement report`, head);
    }
  }

  /** Whether `chunk` can hold the end `end` of the pending token (which may have begun in the previous piece). */
  private mayEndIn(end: string, chunk: string): boolean {
    if (end.length === 1) {
      this.searchedSoFar += chunk.length;
      return chunk.includes(end);
    }
    const last = this.pending[this.pending.length - 1]!;
    const seam = last.slice(1 - end.length) + chunk;
    this.searchedSoFar += seam.length;
    return seam.includes(end);
  }

  /** Call after the last chunk: anything left open is a truncated file. */
  end(): void {
    const rest = this.pending.join('');
    if (rest.trim() !== '') throw new XmlSyntaxError('the file ends inside a tag or text', rest.trim().slice(0, 80));
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
