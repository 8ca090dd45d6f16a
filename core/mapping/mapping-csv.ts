import { toCsv } from '../text/csv';
import { MAPPING_KINDS, type MappingEntry, type MappingKind } from './mapping-entry';
import { validateEntry } from './mapping-validation';
import type { ReferenceSnapshot } from './reference-cache';

export const MAPPING_CSV_HEADER = ['kind', 'transaction-type', 'amount-type', 'amount-description', 'subject', 'target', 'dimensions'] as const;

export interface CsvProblem {
  /** Line of the file, 1 = the header. */
  line: number;
  column: string;
  message: string;
}

const dimsText = (d: Record<string, string>) => Object.entries(d).map(([k, v]) => `${k}=${v}`).join(';');

export function mappingsToCsv(entries: readonly MappingEntry[]): string {
  return toCsv(MAPPING_CSV_HEADER, entries.map((e) => [e.kind, e.transactionType, e.amountType, e.amountDescription, e.subject, e.target, dimsText(e.dimensions)]));
}

/** RFC 4180 records with the line each starts on; tolerates a BOM and LF or CRLF. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const src = text.replace(/^\uFEFF/, '');
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; cell += ch; }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== '') records.push({ line: start, cells });
      cells = []; cell = ''; line++; start = line;
    } else cell += ch;
  }
  cells.push(cell);
  if (cells.length > 1 || cells[0] !== '') records.push({ line: start, cells });
  return records;
}

/** toCsv guards text a spreadsheet would run as a formula with an apostrophe; take it off again. */
const unguard = (v: string) => (/^'[=+@\t\r-]/.test(v) ? v.slice(1) : v).trim();

/**
 * Reads a mappings CSV and checks every row against the ERP data. Returns the entries only when every
 * row is good; otherwise the problems, each with its line and column, and the caller changes nothing.
 */
export function mappingsFromCsv(text: string, ref: ReferenceSnapshot, erpName: string): { entries: MappingEntry[]; problems: CsvProblem[] } {
  const records = parseCsv(text);
  const problems: CsvProblem[] = [];
  const head = records[0];
  if (!head) return { entries: [], problems: [{ line: 1, column: 'kind', message: 'The file is empty.' }] };
  const names = head.cells.map((c) => unguard(c).toLowerCase());
  const missing = MAPPING_CSV_HEADER.filter((h) => !names.includes(h));
  if (missing.length) return { entries: [], problems: [{ line: head.line, column: missing[0]!, message: `The header has no column ${missing.map((m) => `"${m}"`).join(', ')}. Expected: ${MAPPING_CSV_HEADER.join(',')}.` }] };
  const col = (cells: string[], name: (typeof MAPPING_CSV_HEADER)[number]) => unguard(cells[names.indexOf(name)] ?? '');
  const entries: MappingEntry[] = [];
  const seen = new Map<string, number>();
  for (const r of records.slice(1)) {
    const kind = col(r.cells, 'kind') as MappingKind;
    if (!MAPPING_KINDS.includes(kind)) {
      problems.push({ line: r.line, column: 'kind', message: `"${kind}" is not a kind; use one of ${MAPPING_KINDS.join(', ')}.` });
      continue;
    }
    const dimensions: Record<string, string> = {};
    let dimsOk = true;
    for (const pair of col(r.cells, 'dimensions').split(';').map((p) => p.trim()).filter(Boolean)) {
      const m = /^([^=]+)=(.+)$/.exec(pair);
      if (!m) {
        problems.push({ line: r.line, column: 'dimensions', message: `"${pair}" is not CODE=VALUE.` });
        dimsOk = false;
      } else dimensions[m[1]!.trim()] = m[2]!.trim();
    }
    const fee = kind === 'fee';
    const entry: MappingEntry = {
      kind,
      transactionType: fee ? col(r.cells, 'transaction-type') || '*' : '',
      amountType: fee ? col(r.cells, 'amount-type') || '*' : '',
      amountDescription: fee ? col(r.cells, 'amount-description') : '',
      subject: fee ? '' : col(r.cells, 'subject'),
      target: col(r.cells, 'target'),
      dimensions,
    };
    const key = [entry.kind, entry.transactionType, entry.amountType, entry.amountDescription, entry.subject].join('\u0000');
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push({ line: r.line, column: fee ? 'amount-description' : 'subject', message: `The same rule is already on line ${earlier}.` });
    seen.set(key, r.line);
    const columnOf = { target: 'target', dimensions: 'dimensions', subject: 'subject', amountDescription: 'amount-description' } as const;
    for (const p of validateEntry(entry, ref, erpName)) problems.push({ line: r.line, column: columnOf[p.field], message: p.message });
    if (dimsOk) entries.push(entry);
  }
  return problems.length ? { entries: [], problems } : { entries, problems };
}
