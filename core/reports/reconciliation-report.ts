import type { JournalDocument as ErpJournalDocument } from '../erp/erp-connector';
import { storedVersion, type StoredVersion } from '../posting/settlement-journal';
import { documentLengths } from '../erp/registry';
import { erpJournalDocument, type DocumentLengths } from '../posting/settlement-posting';
import { parseSettlementNaturalKey } from '../posting/natural-key';
import { isJournalEntry, PostingOutbox, type OutboxState } from '../posting/outbox';
import { reviewQueueOf, versionStatus, type SettlementStatus } from '../posting/settlement-status';
import type { ReviewQueue, Resolution } from '../review/review-queue';
import type { SettlementJournal } from '../settlement';
import { depositAmount } from '../settlement';
import type { Workspace } from '../workspace/workspace';
import { DomainError } from '../errors/domain-error';
import { ledgerNames, type LedgerNames } from '../mapping/ledger-names';
import { ReferenceCache, type ReferenceSnapshot } from '../mapping/reference-cache';
import { mcfFeesOf, type McfFees } from './mcf-fees';

/**
 * The reconciliation report of month-end close: per settlement version, where its money went and who
 * decided what. Nothing here is computed a second way: the journal is the review queue's (what approval
 * approves, exclusions and an accepted variance applied) turned into ERP documents by the same function
 * posting uses, and where the posting outbox holds a document, the report shows that document as it
 * was sent, with the ERP's document number.
 */

/** One account (with its dimensions) of the journal, in minor units of `currency`. */
export interface AccountTotal {
  currency: string;
  account: string;
  dimensions: Record<string, string>;
  debit: number;
  credit: number;
  /** Journal lines summed into this row. */
  lines: number;
}

export interface ReportDocument {
  naturalKey: string;
  documentNumber: string;
  period: string;
  postingDate: string;
  currency: string;
  /** 'planned': not in the posting outbox yet (the journal as approval approves it). */
  state: OutboxState | 'planned';
  erpDocumentNumber: string | null;
  totalDebit: number;
  totalCredit: number;
  lines: number;
  /**
   * Set when the document posts in the ERP's local currency, converted from the settlement's at the ERP's
   * rate (journal-conversion.ts): the tie-out above stays in the settlement's currency, the accounts not.
   */
  conversion: ReportConversion | null;
}

/** 1 `from` = `rate` `currency`, the ERP's rate starting `rateStartingDate`. */
export interface ReportConversion {
  from: string;
  currency: string;
  rate: string;
  rateStartingDate: string;
}

/** How a person reads a document's conversion: "converted from USD at 1 USD = 0.921500 EUR, the ERP's rate starting 2026-11-01". */
export function conversionText(c: ReportConversion): string {
  return `converted from ${c.from} at 1 ${c.from} = ${c.rate} ${c.currency}, the ERP's rate starting ${c.rateStartingDate}`;
}

export interface ReportOpenItem {
  id: number;
  severity: 'blocking' | 'warning';
  kind: string;
  title: string;
  lineCount: number | null;
  amount: number | null;
  currency: string | null;
}

export interface ReportVariance {
  account: string;
  /** The difference accepted (Σ lines − declared total), minor units. */
  amount: number;
  reason: string;
  acceptedBy: string;
  acceptedAt: string;
}

export interface ReportExclusion {
  reason: string;
  lineCount: number;
  amount: number;
  excludedBy: string;
  excludedAt: string;
}

export interface TieOut {
  /** The total-amount of the summary row: what Amazon says it pays. */
  declaredTotal: number;
  /** Σ of every imported line in the settlement currency. */
  importedLinesTotal: number;
  excludedLines: number;
  excludedAmount: number;
  /** Σ of the lines the journal holds (after exclusions). */
  linesTotal: number;
  /** linesTotal − declaredTotal. */
  difference: number;
  /** The variance line the journal carries for an accepted difference (0 without one). */
  acceptedVariance: number;
  /** The net deposit the journal books to the clearing account. */
  deposit: number;
  /** The deposit equals the declared total and every difference is explained by an accepted variance. */
  tiedOut: boolean;
}

export interface SettlementReport {
  settlementId: string;
  versionId: number;
  version: number;
  current: boolean;
  status: SettlementStatus;
  marketplace: string | null;
  currency: string;
  startDate: string | null;
  endDate: string | null;
  depositDate: string | null;
  fileName: string | null;
  /** The accounting periods its journal documents fall in (YYYY-MM). */
  periods: string[];
  connection: { id: string; name: string } | null;
  tieOut: TieOut;
  accounts: AccountTotal[];
  totalDebit: number;
  totalCredit: number;
  documents: ReportDocument[];
  openItems: ReportOpenItem[];
  variances: ReportVariance[];
  exclusions: ReportExclusion[];
  approval: { approvedBy: string; approvedAt: string; note: string | null } | null;
  /** The ERP's names of the accounts and dimension values above (from the connection's cached chart). */
  names: LedgerNames;
  /** Multi-Channel Fulfillment fees of the settlement: per ERP order that caused them, and those of no order we sent. */
  mcfFees: McfFees;
}

export interface PeriodReport {
  period: string;
  settlements: SettlementReport[];
  /** Totals by account of the documents that post in this period only, per currency. */
  accounts: AccountTotal[];
  names: LedgerNames;
}

export class ReportNotFound extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Debit and credit of the accounts per currency, in the order currencies first appear: never added across currencies. */
export function totalsByCurrency(accounts: readonly AccountTotal[]): Array<{ currency: string; debit: number; credit: number }> {
  const by = new Map<string, { currency: string; debit: number; credit: number }>();
  for (const a of accounts) {
    const t = by.get(a.currency) ?? { currency: a.currency, debit: 0, credit: 0 };
    t.debit += a.debit;
    t.credit += a.credit;
    by.set(a.currency, t);
  }
  return [...by.values()];
}

/** Sums ERP document lines per currency, account and dimensions, in the order accounts first appear. */
export function accountTotals(documents: ReadonlyArray<Pick<ErpJournalDocument, 'currency' | 'lines'>>): AccountTotal[] {
  const byKey = new Map<string, AccountTotal>();
  for (const d of documents) {
    for (const l of d.lines) {
      const dimensions = Object.fromEntries(Object.entries(l.dimensions ?? {}).sort(([a], [b]) => a.localeCompare(b)));
      const key = JSON.stringify([d.currency, l.accountNumber, dimensions]);
      let t = byKey.get(key);
      if (!t) byKey.set(key, (t = { currency: d.currency, account: l.accountNumber, dimensions, debit: 0, credit: 0, lines: 0 }));
      t.debit += l.debit;
      t.credit += l.credit;
      t.lines++;
    }
  }
  return [...byKey.values()].sort((a, b) => a.currency.localeCompare(b.currency) || a.account.localeCompare(b.account, 'en', { numeric: true }) || JSON.stringify(a.dimensions).localeCompare(JSON.stringify(b.dimensions)));
}

/** Builds reconciliation reports from the workspace's stores; one instance per request. */
export class ReconciliationReports {
  private readonly queue: ReviewQueue;
  private readonly outbox: PostingOutbox;
  private readonly connection: { id: string; name: string } | null;
  /** How long the ERP's keys and numbers may be: planned documents are built to them. */
  private readonly lengths: DocumentLengths;
  private readonly chart: ReferenceSnapshot | null;

  constructor(private readonly ws: Workspace, connectionId?: string) {
    this.queue = reviewQueueOf(ws);
    this.outbox = new PostingOutbox(ws.db, ws.audit);
    this.connection = this.queue.connection(connectionId);
    this.lengths = documentLengths(this.connection ? ws.connections.get(this.connection.id)?.kind : undefined);
    this.chart = this.connection ? new ReferenceCache(ws.db).snapshot(this.connection.id) : null;
    // Open items as the review queue shows them now (checks run again only where something changed).
    this.queue.refresh(this.connection?.id);
  }

  /** The report of one settlement: its current version, or the version asked for. */
  settlement(settlementId: string, version?: number): SettlementReport {
    const row = this.ws.db
      .prepare(version === undefined ? "SELECT id FROM settlement_version WHERE settlement_id = ? AND status = 'current'" : 'SELECT id FROM settlement_version WHERE settlement_id = ? AND version = ?')
      .get(...(version === undefined ? [settlementId] : [settlementId, version])) as { id: number } | undefined;
    if (!row) throw new ReportNotFound(version === undefined ? `There is no imported settlement ${settlementId}.` : `Settlement ${settlementId} has no version ${version}.`);
    return this.version(row.id);
  }

  /** Every current settlement with a journal document in the period (YYYY-MM), and the period's totals by account. */
  period(period: string): PeriodReport {
    const m = PERIOD.exec(period);
    if (!m) throw new ReportNotFound(`"${period}" is not an accounting period; write it as YYYY-MM, e.g. 2026-06.`);
    const start = `${period}-01T00:00:00.000Z`;
    const end = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1)).toISOString();
    // Documents are split by posted date clamped into the settlement's dates: only settlements whose dates
    // touch the period can have one there.
    const candidates = this.ws.db
      .prepare(`SELECT id FROM settlement_version WHERE status = 'current' AND (start_date IS NULL OR start_date < ?) AND (end_date IS NULL OR end_date >= ?)
        ORDER BY end_date, settlement_id`)
      .all(end, start) as { id: number }[];
    const settlements = candidates.map(({ id }) => this.version(id)).filter((r) => r.periods.includes(period));
    const inPeriod = settlements.flatMap((s) => this.documentsOf(s.versionId).filter((d) => d.report.period === period).map((d) => d.doc));
    const accounts = accountTotals(inPeriod);
    return { period, settlements, accounts, names: this.namesOf(accounts, []) };
  }

  /** Names of the accounts (and dimension values) the totals and the accepted variances use. */
  private namesOf(accounts: AccountTotal[], variances: ReportVariance[]): LedgerNames {
    return ledgerNames(this.chart, [...accounts, ...variances.map((v) => ({ account: v.account, dimensions: {} }))]);
  }

  private readonly built = new Map<number, Array<{ report: ReportDocument; doc: ErpJournalDocument }>>();

  /** The documents of a version built by version(): from the outbox where it holds them (as sent), else as the journal plans them. */
  private documentsOf(versionId: number): Array<{ report: ReportDocument; doc: ErpJournalDocument }> {
    return this.built.get(versionId) ?? [];
  }

  /**
   * Once the outbox holds documents of this version, they are the journal (what was handed to the ERP);
   * before that, the journal as approval approves it.
   */
  private documents(row: StoredVersion, journal: SettlementJournal): Array<{ report: ReportDocument; doc: ErpJournalDocument }> {
    const sent = this.outbox
      .list({ settlementId: row.settlement_id })
      .filter(isJournalEntry)
      .filter((e) => e.state !== 'cancelled' && parseSettlementNaturalKey(e.naturalKey)?.version === row.version);
    // What approval approved is what was sent (approval-digest.ts binds them): its conversion is the sent document's.
    const conversionOf = (period: string): ReportConversion | null => {
      const c = journal.documents.find((d) => d.period === period)?.conversion;
      return c ? { from: row.currency, currency: c.currency, rate: c.rateText, rateStartingDate: c.rows[0]?.startingDate ?? '' } : null;
    };
    const docs = sent.length
      ? sent.map((e) => ({ doc: e.document, period: parseSettlementNaturalKey(e.naturalKey)!.period, state: e.state as ReportDocument['state'], erpDocumentNumber: e.erpDocumentNumber }))
      : journal.documents
          .map((source) => ({ doc: erpJournalDocument(row, source, this.lengths), period: source.period, state: 'planned' as const, erpDocumentNumber: null }))
          .filter((d) => d.doc.lines.length > 0);
    const built = docs.map(({ doc, period, state, erpDocumentNumber }) => {
      const report: ReportDocument = {
        naturalKey: doc.externalDocumentNumber,
        documentNumber: doc.documentNumber,
        period,
        postingDate: doc.postingDate,
        currency: doc.currency,
        state,
        erpDocumentNumber,
        totalDebit: doc.lines.reduce((s, l) => s + l.debit, 0),
        totalCredit: doc.lines.reduce((s, l) => s + l.credit, 0),
        lines: doc.lines.length,
        conversion: doc.currency.toUpperCase() === row.currency.toUpperCase() ? null : conversionOf(period),
      };
      return { report, doc };
    });
    this.built.set(row.id, built);
    return built;
  }

  private version(versionId: number): SettlementReport {
    const row = storedVersion(this.ws.db, versionId);
    if (!row) throw new ReportNotFound(`There is no imported settlement version ${versionId}.`);
    // The one journal (review decisions applied), as the preview and posting read it.
    const checked = this.queue.versionJournal(versionId, this.connection?.id);
    const docs = this.documents(row, checked.journal);
    const lines = checked.journal.documents.flatMap((d) => d.lines);
    // The deposit as the preview and the approval confirmation name it: the clearing line of the settlement.
    const deposit = depositAmount(checked.journal, row.currency);
    const acceptedVariance = lines.filter((l) => l.role === 'variance').reduce((s, l) => s + l.amount, 0);
    const rec = checked.reconciliation;
    const status = versionStatus(this.ws.db, this.queue, versionId);
    const items = this.queue.list({ versionId });
    const decided = <A extends Resolution['action']>(action: A) =>
      items.filter((i) => i.state === 'resolved' && i.resolution?.action === action) as Array<(typeof items)[number] & { resolution: Extract<Resolution, { action: A }> }>;
    const accounts = accountTotals(docs.map((d) => d.doc));
    const variances = decided('acceptVariance').map((i) => ({ account: i.resolution.account, amount: i.resolution.difference, reason: i.resolution.reason, acceptedBy: i.resolvedBy ?? '', acceptedAt: i.resolvedAt ?? '' }));
    return {
      settlementId: row.settlement_id,
      versionId,
      version: row.version,
      current: row.status === 'current',
      status: status.status,
      marketplace: row.marketplace,
      currency: row.currency,
      startDate: row.start_date,
      endDate: row.end_date,
      depositDate: row.deposit_date,
      fileName: row.file_name,
      periods: [...new Set(docs.map((d) => d.report.period))],
      connection: this.connection,
      tieOut: {
        declaredTotal: row.total_amount,
        importedLinesTotal: row.lines_total,
        excludedLines: checked.excluded.lineCount,
        excludedAmount: checked.excluded.amount,
        linesTotal: rec.linesTotal,
        difference: rec.difference,
        acceptedVariance,
        deposit,
        tiedOut: deposit === row.total_amount && rec.difference === acceptedVariance && rec.totalAmount === row.total_amount,
      },
      accounts,
      totalDebit: accounts.reduce((s, a) => s + a.debit, 0),
      totalCredit: accounts.reduce((s, a) => s + a.credit, 0),
      documents: docs.map((d) => d.report),
      openItems: items
        .filter((i) => i.state === 'open')
        .map((i) => ({ id: i.id, severity: i.severity, kind: i.kind, title: i.title, lineCount: i.lineCount, amount: i.amount, currency: i.currency })),
      variances,
      exclusions: decided('exclude').map((i) => ({ reason: i.resolution.reason, lineCount: i.resolution.lineCount, amount: i.resolution.amount, excludedBy: i.resolvedBy ?? '', excludedAt: i.resolvedAt ?? '' })),
      approval: status.approval ? { approvedBy: status.approval.approvedBy, approvedAt: status.approval.approvedAt, note: status.approval.note } : null,
      names: this.namesOf(accounts, variances),
      mcfFees: mcfFeesOf(this.ws.db, versionId),
    };
  }
}
