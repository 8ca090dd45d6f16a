/**
 * CSV as spreadsheets read it (RFC 4180: comma, CRLF, quotes doubled), with a UTF-8 BOM so Excel picks
 * the right encoding.
 *
 * Every text cell is untrusted: a marketplace name, a reason or a description can come from a file or a
 * person. Text that a spreadsheet would evaluate (=, +, -, @, tab, CR at the start) is prefixed with an
 * apostrophe (OWASP "CSV Injection"), whatever follows, so "-2+3+cmd|' /C calc'!A0" stays text. Only
 * numbers our own code wrote go out bare: a JS number, or an exact decimal string wrapped in csvNumber
 * (an amount from integer minor units), so accountants can still sum the amount columns.
 */
export interface CsvNumber {
  readonly csvNumber: string;
}

export type CsvCell = string | number | CsvNumber | null | undefined;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** A number cell from a decimal string our code formatted ("-1234.56"); anything else is a programming error. */
export function csvNumber(decimal: string): CsvNumber {
  if (!DECIMAL.test(decimal)) throw new Error(`csvNumber takes a plain decimal like -1234.56, not "${decimal}"`);
  return { csvNumber: decimal };
}

function quoted(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return value.csvNumber;
  return quoted(FORMULA_START.test(value) ? `'${value}` : value);
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map(cell).join(',')];
  for (const r of rows) lines.push(r.map(cell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
