import { businessError } from './emulator-errors';
import type { SapB1Seed } from './emulator-seed';

/** A JournalEntry as stored and answered (specs/...edmx.xml EntityType JournalEntry, ComplexType JournalEntryLine). */
export interface StoredJournalEntry {
  JdtNum: number;
  Number: number;
  ReferenceDate: string;
  DueDate: string;
  TaxDate: string;
  Memo: string | null;
  Reference: string | null;
  Reference2: string | null;
  Reference3: string | null;
  ProjectCode: string | null;
  /** The entry this one reverses (set on a cancellation's reversal). */
  Original: number | null;
  JournalEntryLines: Array<Record<string, unknown>>;
}

/**
 * Column sizes of OJDT/JDT1 as B1 installations define them: Ref1/Ref2 100, Ref3 27, Memo and LineMemo 50.
 * The metadata carries no MaxLength for these properties, so every size here is UNVERIFIED.
 */
const MAX_LENGTHS: Record<string, number> = { Reference: 100, Reference2: 100, Reference3: 27, Memo: 50, LineMemo: 50 };
const COSTING_SLOTS = ['CostingCode', 'CostingCode2', 'CostingCode3', 'CostingCode4', 'CostingCode5'] as const;

type Row = Record<string, unknown>;

/**
 * POST JournalEntries: a journal entry is booked on create (there is no draft; NOTES §3.3 lists no post
 * action for it). The business rules below are the ones a poster meets; their messages are UNVERIFIED
 * wording under B1's generic -5002 code (NOTES §3.2).
 */
export function postJournalEntry(
  body: Row, seed: SapB1Seed, journals: StoredJournalEntry[], rateFor: (currency: string, date: string) => number,
): StoredJournalEntry {
  const date = dateOf(body.ReferenceDate);
  if (!date) throw businessError("Enter a posting date (ReferenceDate).");
  for (const [field, max] of Object.entries(MAX_LENGTHS)) {
    const v = body[field];
    if (typeof v === 'string' && v.length > max) throw businessError(`Value too long in property '${field}' of 'JournalEntry' (${v.length} > ${max}).`);
  }
  const lines = Array.isArray(body.JournalEntryLines) ? (body.JournalEntryLines as Row[]) : [];
  if (lines.length < 2) throw businessError('A journal entry needs at least two lines.');
  let debit = 0;
  let credit = 0;
  const stored = lines.map((line, i) => {
    const where = `line ${i + 1}`;
    // A line on a business partner names it in ShortName and posts to its control account (edmx
    // JournalEntryLine.ShortName, BusinessPartner.DebitorAccount); that B1 fills AccountCode from the
    // partner when it is left out is UNVERIFIED, the emulator does and refuses a different one.
    const bp = line.ShortName === undefined || line.ShortName === null || line.ShortName === '' ? null : seed.businessPartners.find((b) => b.CardCode === line.ShortName);
    if (line.ShortName && !bp && line.ShortName !== line.AccountCode) throw businessError(`Invalid BP code '${String(line.ShortName)}' (${where}).`);
    if (bp && bp.Frozen === 'tYES') throw businessError(`Business partner '${bp.CardCode}' is inactive (${where}).`);
    if (bp && line.AccountCode !== undefined && line.AccountCode !== bp.DebitorAccount) throw businessError(`Account '${String(line.AccountCode)}' is not the control account of business partner '${bp.CardCode}' (${where}).`);
    const code = bp ? bp.DebitorAccount : String(line.AccountCode ?? '');
    const account = seed.accounts.find((a) => a.Code === code);
    if (!account) throw businessError(`Invalid account code '${code}' (${where}).`);
    if (account.ActiveAccount !== 'tYES') throw businessError(`Account '${code}' is a title account; select an active account (${where}).`);
    if (account.FrozenFor === 'tYES') throw businessError(`Account '${code}' is inactive (frozen) (${where}).`);
    // A control account refuses manual lines on itself, not the partner lines that go through it.
    if (account.LockManualTransaction === 'tYES' && !bp) throw businessError(`Account '${code}' is blocked for manual posting (${where}).`);
    const memo = line.LineMemo;
    if (typeof memo === 'string' && memo.length > MAX_LENGTHS.LineMemo!) throw businessError(`Value too long in property 'LineMemo' of 'JournalEntryLine' (${where}).`);
    COSTING_SLOTS.forEach((slot, n) => {
      const centre = line[slot];
      if (centre === undefined || centre === null || centre === '') return;
      const pc = seed.profitCenters.find((p) => p.CenterCode === centre);
      if (!pc || pc.Active !== 'tYES') throw businessError(`Invalid distribution rule or profit center '${String(centre)}' (${where}).`);
      if (pc.InWhichDimension !== n + 1) throw businessError(`Profit center '${String(centre)}' belongs to dimension ${pc.InWhichDimension}, not ${n + 1} (${where}).`);
    });
    let d = num(line.Debit);
    let c = num(line.Credit);
    const fcCurrency = typeof line.FCCurrency === 'string' && line.FCCurrency ? line.FCCurrency : null;
    if (fcCurrency) {
      if (fcCurrency === seed.localCurrency) throw businessError(`Foreign currency '${fcCurrency}' is the local currency (${where}).`);
      if (account.AcctCurrency !== '##' && account.AcctCurrency !== fcCurrency) throw businessError(`Account '${code}' is kept in ${account.AcctCurrency}, not ${fcCurrency} (${where}).`);
      const rate = rateFor(fcCurrency, date);
      // Local amounts left out are computed at the company's rate for the posting date.
      if (d === 0 && c === 0) {
        d = round2(num(line.FCDebit) * rate);
        c = round2(num(line.FCCredit) * rate);
      }
    } else if (account.AcctCurrency !== '##' && account.AcctCurrency !== seed.localCurrency) {
      throw businessError(`Account '${code}' is kept in ${account.AcctCurrency}: enter the amount in FCCurrency ${account.AcctCurrency} (${where}).`);
    }
    if (d < 0 || c < 0 || (d !== 0 && c !== 0)) throw businessError(`A line holds either a debit or a credit, not both and not negative (${where}).`);
    debit += Math.round(d * 100);
    credit += Math.round(c * 100);
    return { Line_ID: i, AccountCode: code, ShortName: bp ? bp.CardCode : code, Debit: d, Credit: c, FCDebit: num(line.FCDebit), FCCredit: num(line.FCCredit), FCCurrency: fcCurrency, LineMemo: memo ?? null,
      ...Object.fromEntries(COSTING_SLOTS.map((s) => [s, line[s] ?? null])), ProjectCode: line.ProjectCode ?? null };
  });
  if (debit !== credit) throw businessError(`Transaction is unbalanced in local currency: debit ${(debit / 100).toFixed(2)}, credit ${(credit / 100).toFixed(2)}.`);
  const jdt = (journals.at(-1)?.JdtNum ?? 1000) + 1;
  const entry: StoredJournalEntry = {
    JdtNum: jdt, Number: jdt, ReferenceDate: date, DueDate: dateOf(body.DueDate) ?? date, TaxDate: dateOf(body.TaxDate) ?? date,
    Memo: str(body.Memo), Reference: str(body.Reference), Reference2: str(body.Reference2), Reference3: str(body.Reference3), ProjectCode: str(body.ProjectCode), Original: null,
    JournalEntryLines: stored,
  };
  journals.push(entry);
  return entry;
}

function dateOf(v: unknown): string | null {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
}
function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * POST JournalEntries(n)/Cancel: B1 reverses a booked entry with a new entry of swapped sides (bound
 * action per NOTES §3.3's "POST /Orders(22)/Close" pattern; for journal entries UNVERIFIED). The reversal
 * keeps the original's references (UNVERIFIED; the less convenient choice: a look-up by Reference then
 * finds both), and an entry is cancelled once.
 */
export function cancelJournalEntry(jdtNum: number, journals: StoredJournalEntry[], date: string): StoredJournalEntry {
  const original = journals.find((j) => j.JdtNum === jdtNum);
  if (!original) throw businessError(`Journal entry ${jdtNum} does not exist.`);
  if (original.Original !== null || journals.some((j) => j.Original === jdtNum)) throw businessError(`Journal entry ${jdtNum} is already cancelled or is itself a cancellation.`);
  const jdt = journals.at(-1)!.JdtNum + 1;
  const reversal: StoredJournalEntry = {
    ...original, JdtNum: jdt, Number: jdt, ReferenceDate: date, DueDate: date, TaxDate: date, Original: jdtNum,
    JournalEntryLines: original.JournalEntryLines.map((l) => ({ ...l, Debit: l.Credit, Credit: l.Debit, FCDebit: l.FCCredit, FCCredit: l.FCDebit })),
  };
  journals.push(reversal);
  return reversal;
}
