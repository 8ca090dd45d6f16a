import { createHash } from 'node:crypto';
import { currencyExponent, isKnownCurrency, toDecimalString } from '../money';
import type { SettlementJournal } from '../settlement';
import type { Db } from '../store';

/**
 * What an approval approves, in a canonical form: the journal documents (dates, currency, every line's
 * account, dimensions, amount and description), the settlement's own facts, the mapping rules the
 * journal used and the review decisions that shaped it (exclusions, accepted variances). Its SHA-256 is
 * the approval's digest: posting sends a journal only while its digest is the approved one.
 */
export interface ApprovedContent {
  connectionId: string | null;
  settlement: { settlementId: string; version: number; currency: string; totalAmount: number; startDate: string | null; endDate: string | null; depositDate: string | null };
  documents: Array<{
    period: string;
    postingDate: string;
    currency: string;
    kind: string;
    lines: Array<{ role: string; account: string | null; dimensions: Record<string, string>; amount: number; description: string; lineCount: number }>;
    /** Only when the ERP posts in its local currency: the rate and every converted amount are approved too. */
    conversion?: { currency: string; rate: string; rateText: string; startingDates: string[]; amounts: number[] };
  }>;
  /** The mapping rules the journal's lines resolved through, by what they match. */
  rules: Array<{ rule: string; target: string; dimensions: Record<string, string> }>;
  /** The decisions that change the journal; acknowledgements do not (a new warning withdraws on its own). */
  decisions: Array<{ item: string; action: 'exclude' | 'acceptVariance'; detail: Record<string, unknown>; by: string }>;
  /**
   * The wording the line descriptions were written in (core/mapping/line-description-templates.ts).
   * Absent in approvals made before descriptions were templated: the application's edition 0.
   */
  descriptions?: DescriptionWording;
}

export interface DescriptionWording {
  template: string;
  custom: boolean;
  edition: number;
}

const EDITION_ZERO: DescriptionWording = { template: '(category names)', custom: false, edition: 0 };
const wordingOf = (c: ApprovedContent): DescriptionWording => c.descriptions ?? EDITION_ZERO;

/** What the ERP books, without the words: every line's account, dimensions, amount and count, dates, rules and decisions. */
function bookingJson(c: ApprovedContent): string {
  const { descriptions: _words, documents, ...rest } = c;
  return JSON.stringify({ ...rest, documents: documents.map((d) => ({ ...d, lines: d.lines.map(({ description: _d, ...l }) => l) })) });
}

/**
 * True when an approved journal and the journal now differ only in the words of their lines, because the
 * application's wording changed (its default template or category labels, a new edition) and not the
 * user's template: the approval stands, moved to the new words (ApprovalStore.rebind).
 */
export function rewordedByApplication(before: ApprovedContent, after: ApprovedContent): boolean {
  const w0 = wordingOf(before);
  const w1 = wordingOf(after);
  if (w0.edition === w1.edition || w0.custom !== w1.custom || (w0.custom && w0.template !== w1.template)) return false;
  return bookingJson(before) === bookingJson(after);
}

const sorted = (d: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(d).sort(([a], [b]) => a.localeCompare(b)));

export function journalContent(journal: SettlementJournal): ApprovedContent['documents'] {
  return journal.documents.map((d) => ({
    period: d.period,
    postingDate: d.postingDate,
    currency: d.currency,
    kind: d.kind,
    lines: d.lines.map((l) => ({ role: l.role, account: l.account || null, dimensions: sorted(l.dimensions), amount: l.amount, description: l.description, lineCount: l.lineCount })),
    ...(d.conversion
      ? { conversion: { currency: d.conversion.currency, rate: d.conversion.rate, rateText: d.conversion.rateText, startingDates: d.conversion.rows.map((r) => `${r.currency} ${r.startingDate}`), amounts: d.conversion.amounts } }
      : {}),
  }));
}

export function contentJson(c: ApprovedContent): string {
  return JSON.stringify(c);
}

export function digestOf(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

const lineKey = (d: { period: string; currency: string }, l: { role: string; description: string }) => `${d.currency} ${d.period} ${l.role} ${l.description}`;
const dims = (d: Record<string, string>) => (Object.keys(d).length ? Object.entries(d).map(([k, v]) => `${k}=${v}`).join(', ') : 'none');
const money = (minor: number, currency: string) => `${toDecimalString(minor, isKnownCurrency(currency) ? currencyExponent(currency) : 2)} ${currency}`;

interface RuleChange { rule: string; actor: string | null; at: string; before: { target: string; dimensions: Record<string, string> } | null; after: { target: string; dimensions: Record<string, string> } | null }

/** Mapping rule changes of a connection audited after the approval's audit event, newest first. */
function ruleChangesSince(db: Db, connectionId: string | null, auditId: number | null): RuleChange[] {
  if (!connectionId) return [];
  const rows = db
    .prepare(`SELECT at, actor, subject_id, detail FROM audit_event WHERE subject_type = 'mapping' AND connection_id = ? AND id > ? ORDER BY id DESC LIMIT 200`)
    .all(connectionId, auditId ?? 0) as Array<{ at: string; actor: string | null; subject_id: string; detail: string | null }>;
  return rows.map((r) => {
    const d = (r.detail ? JSON.parse(r.detail) : {}) as { before?: RuleChange['before']; after?: RuleChange['after'] };
    return { rule: r.subject_id.split(' / ').filter((p) => p !== '*').join(' / '), actor: r.actor, at: r.at, before: d.before ?? null, after: d.after ?? null };
  });
}

function ruleChangeText(c: RuleChange): string {
  const who = `by ${c.actor ?? 'someone'} at ${c.at.slice(0, 16).replace('T', ' ')} UTC`;
  if (c.before && c.after) {
    const what = c.before.target !== c.after.target ? `account ${c.before.target} → ${c.after.target}` : `dimensions ${dims(c.before.dimensions)} → ${dims(c.after.dimensions)}`;
    return `rule '${c.rule}' changed ${who}: ${what}`;
  }
  return c.after ? `rule '${c.rule}' added ${who}: account ${c.after.target}` : `rule '${c.rule}' removed ${who} (it posted to account ${c.before?.target ?? '?'})`;
}

/**
 * Why the journal now differs from the approved one, in words: the mapping rule changes behind it (who,
 * when, from what to what) where the audit log has them, else the journal lines that changed.
 */
export function describeChange(db: Db, before: ApprovedContent, after: ApprovedContent, auditId: number | null): string {
  const reasons: string[] = [];
  if (before.connectionId !== after.connectionId) reasons.push(`it was approved for ERP connection ${before.connectionId ?? '(none)'}, not ${after.connectionId ?? '(none)'}`);
  const s0 = before.settlement;
  const s1 = after.settlement;
  if (JSON.stringify(s0) !== JSON.stringify(s1)) reasons.push('the settlement itself changed');
  const bookingChanged = bookingJson(before) !== bookingJson(after);
  const w0 = wordingOf(before);
  const w1 = wordingOf(after);
  if ((w0.custom || w1.custom) && (w0.custom !== w1.custom || w0.template !== w1.template)) {
    const change = after.connectionId ? templateChangeSince(db, after.connectionId, auditId) : null;
    const who = change ? ` by ${change.actor ?? 'someone'} at ${change.at.slice(0, 16).replace('T', ' ')} UTC` : '';
    const words = (w: DescriptionWording) => (w.custom ? `'${w.template}'` : "the application's own");
    reasons.push(`the line description template changed${who}: ${words(w0)} → ${words(w1)}`);
  }

  const changes = ruleChangesSince(db, after.connectionId, auditId);
  const ruleNames = new Set([...before.rules, ...after.rules].map((r) => r.rule));
  const explaining: RuleChange[] = [];
  const seen = new Set<string>();
  for (const c of changes) {
    // The latest change of each rule the journal used before or uses now.
    if (seen.has(c.rule) || !ruleNames.has(c.rule)) continue;
    seen.add(c.rule);
    explaining.push(c);
  }
  const ruleKey = (r: ApprovedContent['rules'][number]) => `${r.rule}\u0001${r.target}\u0001${JSON.stringify(r.dimensions)}`;
  const rulesChanged = JSON.stringify(before.rules.map(ruleKey)) !== JSON.stringify(after.rules.map(ruleKey));
  if (explaining.length) reasons.push(...explaining.reverse().map(ruleChangeText));
  else if (rulesChanged) {
    const was = new Map(before.rules.map((r) => [r.rule, r]));
    const now = new Map(after.rules.map((r) => [r.rule, r]));
    for (const [name, r] of now) {
      const w = was.get(name);
      if (!w) reasons.push(`rule '${name}' now applies (account ${r.target})`);
      else if (w.target !== r.target) reasons.push(`rule '${name}': account ${w.target} → ${r.target}`);
      else if (JSON.stringify(w.dimensions) !== JSON.stringify(r.dimensions)) reasons.push(`rule '${name}': dimensions ${dims(w.dimensions)} → ${dims(r.dimensions)}`);
    }
    for (const name of was.keys()) if (!now.has(name)) reasons.push(`rule '${name}' no longer applies`);
  }

  const decisionKey = (d: ApprovedContent['decisions'][number]) => JSON.stringify(d);
  const decided0 = new Set(before.decisions.map(decisionKey));
  const decided1 = new Set(after.decisions.map(decisionKey));
  for (const d of before.decisions) if (!decided1.has(decisionKey(d))) reasons.push(`the decision to ${d.action === 'exclude' ? 'exclude lines' : 'accept a variance'} (${d.item}, by ${d.by}) no longer stands`);
  for (const d of after.decisions) if (!decided0.has(decisionKey(d))) reasons.push(`a new decision to ${d.action === 'exclude' ? 'exclude lines' : 'accept a variance'} (${d.item}, by ${d.by})`);

  reasons.push(...conversionChanges(before, after));

  const unexplained = !explaining.length && !rulesChanged && reasons.every((r) => r.startsWith('the settlement') || (bookingChanged && r.startsWith('the line description')));
  if (!reasons.length || unexplained) {
    // Nothing named above explains it: say which journal lines differ.
    const lines = (c: ApprovedContent) => new Map(c.documents.flatMap((d) => d.lines.map((l) => [lineKey(d, l), { ...l, currency: d.currency }] as const)));
    const l0 = lines(before);
    const l1 = lines(after);
    for (const [k, a] of l1) {
      const b = l0.get(k);
      if (!b) reasons.push(`new journal line ${k}: ${money(a.amount, a.currency)} to ${a.account ?? 'no account'}`);
      else if (b.account !== a.account) reasons.push(`journal line ${k}: account ${b.account ?? 'none'} → ${a.account ?? 'none'}`);
      else if (b.amount !== a.amount) reasons.push(`journal line ${k}: ${money(b.amount, b.currency)} → ${money(a.amount, a.currency)}`);
      else if (JSON.stringify(b.dimensions) !== JSON.stringify(a.dimensions)) reasons.push(`journal line ${k}: dimensions ${dims(b.dimensions)} → ${dims(a.dimensions)}`);
    }
    for (const k of l0.keys()) if (!l1.has(k)) reasons.push(`journal line ${k} is gone`);
    const dates = (c: ApprovedContent) => c.documents.map((d) => `${d.period}@${d.postingDate}`).join(', ');
    if (dates(before) !== dates(after)) reasons.push(`documents ${dates(before)} → ${dates(after)}`);
  }
  if (!reasons.length) reasons.push('the journal differs from the approved one');
  return `The journal changed since it was approved: ${reasons.slice(0, 5).join('; ')}${reasons.length > 5 ? `; and ${reasons.length - 5} more` : ''}.`;
}

/** The latest audited change of a connection's line description template after an audit event. */
function templateChangeSince(db: Db, connectionId: string, auditId: number | null): { actor: string | null; at: string } | null {
  return (db
    .prepare(`SELECT at, actor FROM audit_event WHERE operation = 'connection.line-description-template' AND connection_id = ? AND id > ? ORDER BY id DESC LIMIT 1`)
    .get(connectionId, auditId ?? 0) as { actor: string | null; at: string } | undefined) ?? null;
}

/** A document now converted at another rate, or into another currency, or no longer convertible. */
function conversionChanges(before: ApprovedContent, after: ApprovedContent): string[] {
  const reasons: string[] = [];
  const was = new Map(before.documents.map((d) => [`${d.period} ${d.kind}`, d]));
  for (const d of after.documents) {
    const b = was.get(`${d.period} ${d.kind}`);
    const c0 = b?.conversion;
    const c1 = d.conversion;
    if (!c0 && !c1) continue;
    const subject = `the ${d.currency} → ${(c1 ?? c0)!.currency} exchange rate for ${d.postingDate.slice(0, 10)}`;
    if (c0 && !c1) reasons.push(`${subject} is gone from the ERP`);
    else if (!c0 && c1) reasons.push(`${d.period} now converts to ${c1.currency} at ${c1.rateText}`);
    else if (c0!.currency !== c1!.currency) reasons.push(`${d.period} now converts to ${c1!.currency}, not ${c0!.currency}`);
    else if (c0!.rate !== c1!.rate) reasons.push(`${subject} changed in the ERP: ${c0!.rateText} → ${c1!.rateText}`);
  }
  return reasons;
}
