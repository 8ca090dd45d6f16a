/**
 * The text of an uncompressed PDF as pdfkit writes it: each text run is a TJ array of hex strings in
 * WinAnsi (the standard fonts' encoding), with kerning numbers between them. Good enough to check what
 * a page says; it is not a general PDF reader.
 */
// WinAnsi is Latin-1 except 0x80–0x9F, where it has typographic characters (the ellipsis at 0x85...).
const WIN_ANSI_HIGH: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—' };
const winAnsi = { decode: (bytes: Buffer) => [...bytes].map((b) => WIN_ANSI_HIGH[b] ?? String.fromCharCode(b)).join('') };

export function pdfText(pdf: Buffer): { pages: number; lines: string[]; text: string } {
  const source = pdf.toString('latin1');
  const pages = (source.match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  const lines: string[] = [];
  for (const m of source.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    const hex = [...m[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!).join('');
    lines.push(winAnsi.decode(Buffer.from(hex, 'hex')));
  }
  return { pages, lines, text: lines.join('\n') };
}
