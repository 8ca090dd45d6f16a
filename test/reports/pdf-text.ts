/**
 * The text of an uncompressed PDF as pdfkit writes it: each text run is a TJ array of hex strings in
 * WinAnsi (the standard fonts' encoding), with kerning numbers between them. Good enough to check what
 * a page says; it is not a general PDF reader.
 */
export function pdfText(pdf: Buffer): { pages: number; lines: string[]; text: string } {
  const source = pdf.toString('latin1');
  const pages = (source.match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  const lines: string[] = [];
  for (const m of source.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    const hex = [...m[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!).join('');
    lines.push(Buffer.from(hex, 'hex').toString('latin1'));
  }
  return { pages, lines, text: lines.join('\n') };
}
