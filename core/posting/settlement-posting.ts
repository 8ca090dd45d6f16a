import { createHash } from 'node:crypto';
import type { JournalDocument as ErpJournalDocument, JournalDocumentLine } from '../erp/erp-connector';
import type { ErpCapabilities, ErpLengths } from '../erp/erp-capabilities';
import type { Approval } from '../review/approval';
import { reviewQueueOf } from './settlement-status';
import type { JournalDocument as SettlementJournalDocument, JournalLine as SettlementJournalLine } from '../settlement';
import type { Workspace } from '../workspace/workspace';
import { settlementNaturalKey } from './natural-key';
import type { OutboxState, PostingOutbox } from './outbox';
import { currencyExponent, isKnownCurrency, toDecimalString } from '../money';
import { ACCOUNT_ROLE_NAMES, journalIssueText, storedVersion, type StoredVersion } from './settlement-journal';
import { DomainError } from '../errors/domain-error';
import { supersededPostings } from './superseded-reversal';
import { planSettlementPayout } from './settlement-payout';
import type { SettlementPayoutDocument } from './posters';

/** The mapped account role behind each kind of journal line that is not an amount. */
const ROLE_ACCOUNT: Partial<Record<SettlementJournalLine['role'], keyof typeof ACCOUNT_ROLE_NAMES>> = { deposit: 'clearing', reserve: 'reserve', 'carried-forward': 'carriedForward' };

/** One document as it will reach the ERP, with what the outbox already knows of it. */
export interface PlannedDocument {
  naturalKey: string;
  documentNumber: string;
  period: string;
  postingDate: string;
  currency: string;
  kind: 'settlement' | 'settlement-payable';
  description: string;
  lineCount: number;
  /** Minor units of the document's currency. */
  totalDebit: number;
  totalCredit: number;
  /** null: not in the outbox yet. */
  outboxState: OutboxState | null;
  erpDocumentNumber: string | null;
}

export interface SettlementPostingPlan {
  versionId: number;
  settlementId: string;
  version: number;
  currency: string;
  connectionId: string;
  approval: Approval | null;
  documents: PlannedDocument[];
  /** The documents exactly as they will be sent (same order as `documents`). */
  erpDocuments: ErpJournalDocument[];
  /** In "Orders as invoices" mode: the payment applying the payout to the orders' invoices and credit notes, sent after the journal. */
  payout: SettlementPayoutDocument | null;
  /** Why this version cannot be posted; empty when it can. */
  refusals: string[];
  /** Journals of another version posted to this connection that the ERP can reverse from here before this one posts. */
  reversible: Array<{ naturalKey: string; erpDocumentNumber: string }>;
}

/** The settlement cannot be posted as it is; each reason says what to fix. */
export class PostingRefused extends DomainError {
  constructor(readonly reasons: string[], subject: string) {
    super('invalid_input', `${subject} cannot be posted. ${reasons.join(' ')} Nothing was posted.`);
  }
}

/** Document No. in the ERP (Code[20] in Business Central): readable when it fits `maxLength`, else a hash of the natural key. */
export function settlementDocumentNumber(settlementId: string, period: string, kind: string, version: number, naturalKey: string, maxLength: number): string {
  const readable = `${settlementId}-${period.slice(2, 4)}${period.slice(5, 7)}${kind.slice(0, 1)}${version}`.toUpperCase();
  if (readable.length <= maxLength) return readable;
  return `AMZ${BigInt('0x' + createHash('sha256').update(naturalKey, 'utf8').digest('hex').slice(0, 20)).toString(36).toUpperCase().slice(0, maxLength - 3)}`;
}

/**
 * A settlement journal document as the ERP connector takes it: signed amounts become debit/credit,
 * lines that net to zero are left out (they move no money), each line keeps its account and dimensions.
 */
/** What a person checks of a journal document before and after it is posted: number, date, currency, size, totals. */
export function documentFacts(doc: ErpJournalDocument) {
  return {
    documentNumber: doc.documentNumber,
    postingDate: doc.postingDate,
    currency: doc.currency,
    description: doc.description,
    lineCount: doc.lines.length,
    totalDebit: doc.lines.reduce((s, l) => s + l.debit, 0),
    totalCredit: doc.lines.reduce((s, l) => s + l.credit, 0),
  };
}

export function erpJournalDocument(row: StoredVersion, d: SettlementJournalDocument, lengths: DocumentLengths): ErpJournalDocument {
  const documentKind = d.kind === 'settlement-payable' ? 'PAY' : 'JNL';
  const naturalKey = settlementNaturalKey({ settlementId: row.settlement_id, period: d.period, documentKind, version: row.version }, lengths.naturalKey);
  const conversion = d.conversion;
  const deposit = d.lines.findIndex((l) => l.role === 'deposit');
  const roundingLine = deposit >= 0 ? deposit : d.lines.findIndex((l) => l.role === 'carried-forward');
  const lines: JournalDocumentLine[] = d.lines
    .map((l, i) => ({ l, i, amount: conversion ? conversion.amounts[i]! : l.amount }))
    .filter((x) => x.amount !== 0)
    .map(({ l, i, amount }) => ({
      accountNumber: l.account ?? '',
      description: conversion ? convertedLineDescription(l.description, l.amount, d.currency, i === conversion.residueLine ? conversion.residue : 0, conversion.currency) : clip(l.description),
      debit: amount > 0 ? amount : 0,
      credit: amount < 0 ? -amount : 0,
      ...(Object.keys(l.dimensions).length ? { dimensions: { ...l.dimensions } } : {}),
      ...(i === roundingLine ? { takesRounding: true as const } : {}),
      ...(l.customer ? { customerNumber: l.customer } : {}),
    }));
  return {
    externalDocumentNumber: naturalKey,
    documentNumber: settlementDocumentNumber(row.settlement_id, d.period, documentKind, row.version, naturalKey, lengths.documentNumber),
    postingDate: d.postingDate.slice(0, 10),
    currency: conversion ? conversion.currency : d.currency,
    description: `Amazon settlement ${row.settlement_id} ${d.period}${row.version > 1 ? ` v${row.version}` : ''}${conversion ? ` (${d.currency} at ${conversion.rateText})` : ''}`,
    lines,
  };
}

/** Business Central's Description is Text[100], the shortest of the ERPs we post to. */
const LINE_DESCRIPTION_LENGTH = 100;
const clip = (text: string) => (text.length <= LINE_DESCRIPTION_LENGTH ? text : `${text.slice(0, LINE_DESCRIPTION_LENGTH - 1)}…`);

/**
 * A converted line says what it was: its own words, then the original currency and amount (and the
 * rounding it absorbed), kept whole when the words must be shortened to fit.
 */
export function convertedLineDescription(description: string, original: number, currency: string, rounding: number, localCurrency: string): string {
  const exp = (c: string) => (isKnownCurrency(c) ? currencyExponent(c) : 2);
  const suffix = ` (${currency} ${toDecimalString(original, exp(currency))}${rounding ? `, rounding ${toDecimalString(rounding, exp(localCurrency))} ${localCurrency}` : ''})`;
  const room = LINE_DESCRIPTION_LENGTH - suffix.length;
  return (description.length <= room ? description : `${description.slice(0, Math.max(0, room - 1))}…`) + suffix;
}

export interface ErpFacts {
  /** The ERP connection's name, for messages. */
  name: string;
  /** The company's local currency as the ERP reports it; null when it does not say. */
  localCurrency: string | null;
  /** Which currencies its journals take, how long its keys and numbers may be, and its flows (reversals among them). */
  capabilities: Pick<ErpCapabilities, 'journalCurrencies' | 'lengths' | 'flows'>;
}

/** How long a settlement document's natural key and document number may be (the ERP's capabilities). */
export type DocumentLengths = Pick<ErpLengths, 'naturalKey' | 'documentNumber'>;

/**
 * What posting a settlement version to an ERP connection would send, built by the same builder and
 * mapping rules as the preview, and every reason it may not be sent yet: not approved, superseded,
 * unmapped lines or accounts, blocking journal issues, a currency the ERP cannot take, or another
 * version of the same settlement already in the outbox.
 */
export function planSettlementPosting(ws: Workspace, outbox: PostingOutbox, versionId: number, connectionId: string, erp: ErpFacts): SettlementPostingPlan | null {
  const row = storedVersion(ws.db, versionId);
  if (!row) return null;
  // Only whether it is an ERP connection of this workspace (what settlementMapping answered with null),
  // without reading its mapping rules: the reviewed journal below reads them.
  const connection = ws.connections.get(connectionId);
  if (!connection || connection.kind === 'amazon') return null;
  // The journal the review approved: exclusions and an accepted variance applied, new types a person
  // mapped classified as mapped; the same one the preview and the reconciliation report show.
  const queue = reviewQueueOf(ws);
  const journal = queue.reviewedJournal(versionId, connectionId);
  // The approval stands only for exactly the journal it approved: a different one withdraws it, with the reason.
  const { approval, withdrawnBecause } = queue.confirmApproval(versionId, connectionId, journal);
  const refusals: string[] = [];
  const subject = `settlement ${row.settlement_id} version ${row.version}`;

  if (row.status === 'superseded' && row.incomplete_copy === 1) refusals.push(`Version ${row.version} is an incomplete copy (its lines do not add up to its total) and not the current version; make it current under Settlements first, or post the current version.`);
  else if (row.status === 'superseded') refusals.push(`Amazon re-issued this settlement; version ${row.version} is superseded, post the current version instead.`);
  if (withdrawnBecause) refusals.push(`Its approval was withdrawn. ${withdrawnBecause} Approve ${subject} again in the review queue.`);
  else if (!approval) refusals.push(`It is not approved: approve ${subject} in the review queue first.`);
  // Only the account roles this journal uses: a settlement with no reserve needs no reserve account.
  const unset = new Set(journal.documents.flatMap((d) => d.lines.filter((l) => !l.account && l.role in ROLE_ACCOUNT).map((l) => ROLE_ACCOUNT[l.role]!)));
  const missingRoles = (Object.keys(ACCOUNT_ROLE_NAMES) as Array<keyof typeof ACCOUNT_ROLE_NAMES>).filter((r) => unset.has(r));
  if (missingRoles.length) refusals.push(`Accounts not mapped under Mappings for ${erp.name}: ${missingRoles.map((r) => ACCOUNT_ROLE_NAMES[r]).join(', ')}.`);
  const unmapped = journal.documents.flatMap((d) => d.lines.filter((l) => l.role === 'amount' && !l.account));
  if (unmapped.length) {
    const lines = unmapped.reduce((n, l) => n + l.lineCount, 0);
    refusals.push(`${unmapped.length} journal ${unmapped.length === 1 ? 'line has' : 'lines have'} no account (${lines} settlement lines: ${[...new Set(unmapped.map((l) => l.description))].join(', ')}); map them under Mappings.`);
  }
  const otherIssues = journal.issues.filter((i) => i.kind !== 'unmapped');
  for (const i of otherIssues) refusals.push(`${journalIssueText(i, row.currency)}.`);
  if (erp.capabilities.journalCurrencies === 'local-only' && erp.localCurrency && !journal.issues.some((i) => i.kind === 'no-exchange-rate')) {
    // Converted documents post in the local currency the ERP data was read with; this is the ERP's word now.
    const foreign = [...new Set(journal.documents.map((d) => d.conversion?.currency ?? d.currency))].filter((c) => c.toUpperCase() !== erp.localCurrency!.toUpperCase());
    if (foreign.length) {
      refusals.push(`${erp.name} keeps its books in ${erp.localCurrency} and its journal API posts only in that currency; this settlement is in ${foreign.join(', ')} and was not converted. Refresh the ERP data of ${erp.name} under Mappings to read its exchange rates, or post it to a company whose local currency is ${foreign.join(', ')}.`);
    }
  }

  const built = journal.documents.map((source) => ({ source, doc: erpJournalDocument(row, source, erp.capabilities.lengths) })).filter((b) => b.doc.lines.length > 0);
  const erpDocuments = built.map((b) => b.doc);
  const keys = new Set(erpDocuments.map((d) => d.externalDocumentNumber));
  if (keys.size !== erpDocuments.length) refusals.push('Two documents of this settlement would carry the same natural key (one period in two currencies).');
  const { payout, refusals: payoutRefusals } = planSettlementPayout(ws, {
    settlementId: row.settlement_id, version: row.version, versionId, connectionId, capabilities: erp.capabilities, journal: built,
    documentNumber: (key, period) => settlementDocumentNumber(row.settlement_id, period, 'PMT', row.version, key, erp.capabilities.lengths.documentNumber),
  });
  refusals.push(...payoutRefusals);
  if (payout) keys.add(payout.payment.externalDocumentNumber);
  const held = outbox.list({ settlementId: row.settlement_id }).filter((e) => e.state !== 'cancelled');
  const elsewhere = held.find((e) => e.connectionId !== connectionId);
  if (elsewhere) {
    const where = elsewhere.connectionId === null ? 'an ERP connection this workspace cannot tell (it was enqueued before documents recorded their connection)' : (ws.connections.get(elsewhere.connectionId)?.name ?? elsewhere.connectionId);
    refusals.push(`This settlement is already in the posting outbox for ${where} (${elsewhere.naturalKey}, ${elsewhere.state}${elsewhere.erpDocumentNumber ? ` as ${elsewhere.erpDocumentNumber}` : ''}); posting it to ${erp.name} too would book it twice. Cancel it there (and reverse it in that ERP if it was posted) first.`);
  }
  const otherVersions = held.filter((e) => e.connectionId === connectionId && !keys.has(e.naturalKey));
  const reversible = erp.capabilities.flows.includes('journalReversals') && row.status === 'current'
    ? supersededPostings(outbox, row.settlement_id, row.version, connectionId).map((e) => ({ naturalKey: e.naturalKey, erpDocumentNumber: e.erpDocumentNumber! }))
    : [];
  if (otherVersions.length) {
    const e = otherVersions[0]!;
    refusals.push(reversible.some((r) => r.naturalKey === e.naturalKey)
      ? `Another version of this settlement is posted to ${erp.name} (${e.naturalKey} as ${e.erpDocumentNumber}); posting this version too would book the settlement twice. Reverse it first: ${erp.name} books a reversing entry, then this version can be posted.`
      : `Another version of this settlement is already in the posting outbox (${e.naturalKey}, ${e.state}${e.erpDocumentNumber ? ` as ${e.erpDocumentNumber}` : ''}); posting this version too would book the settlement twice. Reverse it in the ERP and cancel it first.`);
  }

  const documents = built.map(({ source, doc }): PlannedDocument => {
    const entry = outbox.get({ connectionId, naturalKey: doc.externalDocumentNumber });
    return {
      naturalKey: doc.externalDocumentNumber,
      ...documentFacts(doc),
      period: source.period,
      kind: source.kind,
      outboxState: entry?.state ?? null,
      erpDocumentNumber: entry?.erpDocumentNumber ?? null,
    };
  });
  if (documents.length === 0 && refusals.length === 0) refusals.push('The journal has no amounts to post.');
  return {
    versionId, settlementId: row.settlement_id, version: row.version, currency: row.currency, connectionId,
    approval, documents, erpDocuments, payout, refusals, reversible,
  };
}

/** Puts every document of an accepted plan into the outbox (the same natural key twice changes nothing). */
export function enqueuePlan(outbox: PostingOutbox, plan: SettlementPostingPlan, actor: string): number {
  if (plan.refusals.length) throw new PostingRefused(plan.refusals, `Settlement ${plan.settlementId} version ${plan.version}`);
  let added = 0;
  for (const doc of plan.erpDocuments) if (outbox.enqueueJournal(plan.connectionId, plan.settlementId, doc, actor)) added++;
  if (plan.payout && outbox.enqueueSettlementPayment(plan.connectionId, plan.payout, actor)) added++;
  return added;
}
