/**
 * CSV as spreadsheets read it (RFC 4180: comma, CRLF, quotes doubled), with a UTF-8 BOM so Excel picks
 * the right encoding. Text that a spreadsheet would run as a formula (=, +, @, -, tab, CR at the start)
 * is prefixed with an apostrophe (OWASP "CSV Injection"); numbers are written as they are.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+@\t\r]|^-(?![\d.])/;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map(cell).join(',')];
  for (const r of rows) lines.push(r.map(cell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
