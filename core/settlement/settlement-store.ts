import { statSync } from 'node:fs';
import { AuditLog, type Db } from '../store';
import type { MappingRules } from './journal-rules';
import { fileBytes, type ByteSource } from './byte-source';
import { JournalBuilder, type JournalOptions, type SettlementJournal, type VarianceDecision } from './journal-builder';
import { LineClassifier } from './line-classifier';
import { SettlementParseError } from './settlement-errors';
import type { SettlementInspection } from './settlement-inspection';
import { journalFromGroups, SettlementDigest } from './settlement-digest';
import type { SettlementFormat, SettlementLine, SettlementRecord, SettlementSummary } from './settlement-model';
import { ContentHash, CONTENT_HASH_SCHEME } from './content-hash';
import { RawRowWriter } from './raw-rows';
import { LineInserter } from './line-inserter';
import { readSettlementBatches, type SettlementReadOptions } from './settlement-reader';
import { tieOut } from './reconciliation';
import { currentVersionOf, placeNewVersion } from './settlement-versions';
import { discardImport, markImported, markImporting } from './unfinished-imports';

/**
 * new: the first version of a settlement. new-version: different content under a known id, now current.
 * incomplete-copy: different content whose lines do not add up to its total, kept beside a current version
 * whose lines do (settlement-versions.ts). unchanged: the same content as the current version.
 * identical-to-superseded: the same content as a version that is not current (nothing stored; a person may
 * make that version current again).
 */
export type ImportOutcome = 'new' | 'unchanged' | 'new-version' | 'incomplete-copy' | 'identical-to-superseded';

export interface ImportProgress {
  bytesRead: number;
  /** File size when known (progress bar total). */
  bytesTotal: number | null;
  lines: number;
}

export interface ImportOptions extends SettlementReadOptions {
  classifier?: LineClassifier;
  /** When given, the journal is computed and stored with the version. */
  mapping?: MappingRules;
  journal?: JournalOptions;
  onProgress?: (p: ImportProgress) => void;
  /** Called once the summary row says which settlement this is (the import names itself by it while it runs). */
  onSettlement?: (settlementId: string) => void;
  bytesTotal?: number;
  actor?: string;
  now?: () => Date;
  /** Called just before the version is placed; throwing there discards it (the import worker's last word on a cancel). */
  beforeCommit?: () => void;
}

export interface ImportResult {
  outcome: ImportOutcome;
  settlementId: string;
  /** The version stored, or the stored version with the same content. */
  version: number;
  versionId: number;
  /** The settlement's current version after the import. */
  currentVersion: number;
  inspection: SettlementInspection;
  journal: SettlementJournal | null;
}

/** Records written per transaction: a few tens of milliseconds of work, so another writer never waits long; more held at once
 * outlive the young generation and raise the peak RSS. */
const RECORDS_PER_TRANSACTION = 2048;

/**
 * WAL size at which this connection checkpoints while it imports. SQLite's default (1,000 pages, 4 MB) made a
 * million-line import (some 200 MB of pages) checkpoint about 80 times, each with two fsyncs: on a busy disk
 * those waits were most of the import's wall time. Commits stay as durable as before; the WAL grows to this
 * size before it is copied back into the database.
 */
const IMPORT_CHECKPOINT_BYTES = 64 << 20;

async function* counting(source: ByteSource, onChunk: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    onChunk(chunk.byteLength);
    yield chunk;
  }
}

/**
 * Imports one settlement file into the workspace database with prepared statements, in short write
 * transactions: one per chunk of the file while its lines are stored under a version marked as importing
 * (unfinished-imports.ts: neither current nor listed), then one that places the version (current, or an
 * incomplete copy) with its totals, groups, journal and audit record. Other writers wait for one chunk at
 * most. Anything that stops it before the last transaction leaves nothing: the version is deleted here, or,
 * after a crash, when the workspace opens. Idempotent: the content (see ContentHash: a gzip or re-encoded copy is the same content)
 * is hashed; a settlement-id already holding that content is left unchanged, a
 * different content under a known id becomes a new, flagged version (current, or kept beside the current
 * one as an incomplete copy when its lines do not add up and the current version's do: settlement-versions.ts).
 *
 */
export async function importSettlement(db: Db, source: ByteSource, options: ImportOptions = {}): Promise<ImportResult> {
  const now = options.now ?? (() => new Date());
  const classifier = options.classifier ?? new LineClassifier();
  // Counts, totals per combination, line groups and (for the usual groupings) the journal, from one grouping per line.
  const digest = new SettlementDigest(classifier);
  const hash = new ContentHash(options);
  const progress: ImportProgress = { bytesRead: 0, bytesTotal: options.bytesTotal ?? null, lines: 0 };
  let lastReport = 0;
  const bytes = counting(source, (n) => {
    progress.bytesRead += n;
    if (options.onProgress && progress.bytesRead - lastReport >= 4 << 20) {
      lastReport = progress.bytesRead;
      options.onProgress({ ...progress });
    }
  });

  const fileName = options.fileName ?? null;
  let format: SettlementFormat = 'v2';
  let columns: readonly string[] = [];
  let summary: SettlementSummary | null = null;
  let versionId = 0;
  let version = 0;
  let builder: JournalBuilder | null = null;
  const waiting: SettlementLine[] = [];
  let lastRow = -1;
  let seq = 0;
  let rawRows: RawRowWriter | null = null;
  let lines: LineInserter | null = null;

  const begin = (s: SettlementSummary) => {
    options.onSettlement?.(s.settlementId);
    const previous = db.prepare('SELECT MAX(version) AS v FROM settlement_version WHERE settlement_id = ?').get(s.settlementId) as { v: number | null };
    version = (previous.v ?? 0) + 1;
    db.prepare(
      `INSERT INTO settlement (settlement_id, currency, current_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (settlement_id) DO NOTHING`,
    ).run(s.settlementId, s.currency, version, now().toISOString(), now().toISOString());
    // Not current until placed: 'superseded' keeps it out of everything that reads current versions, the
    // importing mark out of every listing.
    const result = db
      .prepare(
        `INSERT INTO settlement_version (settlement_id, version, content_hash, format, file_name, currency, start_date, end_date, deposit_date,
           total_amount, lines_total, line_count, reissued, status, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 'superseded', ?)`,
      )
      .run(s.settlementId, version, `pending-${process.pid}-${Date.now()}`, format, fileName, s.currency, s.startDate, s.endDate, s.depositDate, s.totalAmount, now().toISOString());
    versionId = Number(result.lastInsertRowid);
    markImporting(db, versionId, now().toISOString());
    rawRows = new RawRowWriter(db, versionId, (bytes) => hash.rawRows(bytes));
    lines = new LineInserter(db, versionId);
    // Versions imported before the current hash scheme are compared with their own scheme.
    const earlierScheme = db.prepare(`SELECT 1 FROM settlement_version WHERE settlement_id = ? AND id <> ? AND content_hash NOT LIKE '${CONTENT_HASH_SCHEME}%' LIMIT 1`).get(s.settlementId, versionId);
    hash.summary(s, earlierScheme !== undefined);
    // SKU or order grouping needs every line; the other journals are built from the groups at the end.
    if (options.mapping && !journalFromGroups(options.journal)) builder = new JournalBuilder(s, options.mapping, options.journal ?? {}, classifier);
  };

  const store = (l: SettlementLine) => {
    seq = l.row === lastRow ? seq + 1 : 0;
    lastRow = l.row;
    hash.line(l);
    const category = classifier.classify(l)?.category ?? null;
    lines!.add(l, seq, category);
    // The row as read is kept once per row (a legacy row yields several lines), compressed with its neighbours.
    if (seq === 0 && l.raw !== undefined) rawRows!.add(l.row, l.raw);
    digest.addLine(l);
    builder?.add(l);
    progress.lines++;
  };

  // The reader's batches are a 32 KB piece of the file each (text-lines.ts); a transaction per batch made
  // thousands of commits per million lines, a fifth of the import. They are held until a transaction's worth
  // has arrived and written in one synchronous go, so a transaction never stays open across an await (the
  // connection may be the host's) and other writers still wait for one chunk at most.
  let pending: Array<readonly SettlementRecord[]> = [];
  let pendingRecords = 0;
  const write = () => {
    db.exec('BEGIN IMMEDIATE');
    for (const batch of pending) for (const record of batch) {
      if (record.kind !== 'line') digest.add(record);
      if (record.kind === 'format') {
        format = record.format;
        columns = record.columns;
        hash.header(record.format, record.columns);
      }
      else if (record.kind === 'summary') {
        summary = record.summary;
        begin(summary);
        for (const l of waiting) store(l);
        waiting.length = 0;
      } else if (versionId) store(record.line);
      else if (waiting.length < 10_000) waiting.push(record.line);
      else throw new SettlementParseError(fileName ?? '(settlement)', record.line.row, null, null, 'no summary row in the first 10,000 lines: cannot tell which settlement this is');
    }
    (lines as LineInserter | null)?.flush();
    hash.flush();
    db.exec('COMMIT');
    pending = [];
    pendingRecords = 0;
  };

  const checkpointPages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const importPages = Math.ceil(IMPORT_CHECKPOINT_BYTES / (db.pragma('page_size', { simple: true }) as number));
  // 0 means the connection's owner checkpoints itself: left alone.
  if (checkpointPages > 0 && checkpointPages < importPages) db.pragma(`wal_autocheckpoint = ${importPages}`);
  try {
    for await (const batch of readSettlementBatches(bytes, { ...options, keepRaw: true })) {
      pending.push(batch);
      pendingRecords += batch.length;
      if (pendingRecords >= RECORDS_PER_TRANSACTION) write();
    }
    if (pendingRecords > 0) write();
    if (!summary) throw new SettlementParseError(fileName ?? '(settlement)', 1, null, null, 'no summary row: cannot tell which settlement this is');
    const s: SettlementSummary = summary;
    db.exec('BEGIN IMMEDIATE');
    (rawRows as RawRowWriter | null)?.finish();
    const { current: contentHash, earlier } = hash.digests();
    const inspection = digest.inspection();
    const same = db.prepare('SELECT version, id, status FROM settlement_version WHERE settlement_id = ? AND content_hash IN (?, ?)').get(s.settlementId, contentHash, earlier ?? contentHash) as { version: number; id: number; status: 'current' | 'superseded' } | undefined;
    if (same) {
      db.exec('ROLLBACK');
      discardImport(db, versionId);
      const currentVersion = currentVersionOf(db, s.settlementId)?.version ?? same.version;
      return { outcome: same.status === 'current' ? 'unchanged' : 'identical-to-superseded', settlementId: s.settlementId, version: same.version, versionId: same.id, currentVersion, inspection, journal: null };
    }
    const reissued = version > 1;
    db.prepare(`UPDATE settlement_version SET content_hash = ?, format = ?, lines_total = ?, line_count = ?, reissued = ?, columns = ? WHERE id = ?`).run(
      contentHash, format, inspection.linesTotal, inspection.lineCount, reissued ? 1 : 0, columns.length ? JSON.stringify(columns) : null, versionId,
    );
    markImported(db, versionId);
    const placed = placeNewVersion(db, { settlementId: s.settlementId, versionId, version, currency: s.currency, tieOut: tieOut(s.currency, s.totalAmount, inspection.linesTotal), at: now().toISOString() });
    const insertTotal = db.prepare(
      `INSERT INTO settlement_type_total (version_id, transaction_type, amount_type, amount_description, currency, category, count, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const t of inspection.byType) insertTotal.run(versionId, t.transactionType, t.amountType, t.amountDescription, t.currency, t.category, t.count, t.amount);
    const insertGroup = db.prepare(
      `INSERT INTO settlement_line_group (version_id, seq, first_row, transaction_type, amount_type, amount_description, marketplace_name, currency, day, posted_date, count, amount, quantity)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    digest.lineGroups().forEach((g, i) =>
      insertGroup.run(versionId, i, g.firstRow, g.transactionType, g.amountType, g.amountDescription, g.marketplaceName, g.currency, g.day, g.postedDate, g.count, g.amount, g.quantity),
    );
    const journal = (builder as JournalBuilder | null)?.build() ?? (options.mapping ? digest.journal(options.mapping, options.journal) : null);
    if (journal) {
      db.prepare('INSERT INTO settlement_journal (version_id, computed_at, documents, issues, difference) VALUES (?, ?, ?, ?, ?)').run(
        versionId, now().toISOString(), JSON.stringify(journal.documents), JSON.stringify(journal.issues), journal.difference,
      );
    }
    const outcome: ImportOutcome = placed === 'incomplete-copy' ? 'incomplete-copy' : reissued ? 'new-version' : 'new';
    const currentVersion = placed === 'current' ? version : currentVersionOf(db, s.settlementId)!.version;
    new AuditLog(db, now).record({
      kind: 'state_change',
      system: 'app',
      operation: placed === 'incomplete-copy' ? 'settlement.incomplete-copy' : reissued ? 'settlement.reissued' : 'settlement.imported',
      actor: options.actor ?? null,
      subjectType: 'settlement',
      subjectId: s.settlementId,
      status: outcome,
      detail: { version, fileName, format, lineCount: inspection.lineCount, totalAmount: s.totalAmount, difference: inspection.difference, contentHash, currentVersion },
    });
    options.beforeCommit?.();
    db.exec('COMMIT');
    options.onProgress?.({ ...progress });
    return { outcome, settlementId: s.settlementId, version, versionId, currentVersion, inspection, journal };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (versionId) discardImport(db, versionId);
    throw err;
  } finally {
    db.pragma(`wal_autocheckpoint = ${checkpointPages}`);
  }
}

export function importSettlementFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportResult> {
  return importSettlement(db, fileBytes(path), { fileName: path, bytesTotal: statSync(path).size, ...options });
}

/** The lines of one stored version in file order, streamed from SQLite (for reconciliation and review). */
export function* storedLines(db: Db, versionId: number): Generator<SettlementLine> {
  const rows = db
    .prepare(
      `SELECT v.settlement_id AS settlementId, l.row, l.transaction_type AS transactionType, l.amount_type AS amountType,
         l.amount_description AS amountDescription, l.amount, l.currency, l.order_id AS orderId, l.merchant_order_id AS merchantOrderId,
         l.adjustment_id AS adjustmentId, l.shipment_id AS shipmentId, l.marketplace_name AS marketplaceName, l.fulfillment_id AS fulfillmentId,
         l.posted_date AS postedDate, l.order_item_code AS orderItemCode, l.merchant_order_item_id AS merchantOrderItemId,
         l.merchant_adjustment_item_id AS merchantAdjustmentItemId, l.sku, l.quantity, l.promotion_id AS promotionId, l.source, l.extra
       FROM settlement_line l JOIN settlement_version v ON v.id = l.version_id WHERE l.version_id = ? ORDER BY l.row, l.seq`,
    )
    .iterate(versionId) as IterableIterator<SettlementLine & { source: string | null; extra: string | null }>;
  for (const r of rows) {
    const { source, extra, ...line } = r;
    yield { ...line, ...(source ? { source } : {}), ...(extra ? { extra: JSON.parse(extra) as Record<string, string> } : {}) };
  }
}

/**
 * Records the user's decision to post an unexplained difference to a variance account. The journal
 * builder only adds a variance line when given such a decision; this puts who, when, what and why in
 * the audit log first.
 */
export function recordVarianceDecision(
  db: Db,
  d: { settlementId: string; version: number; difference: number; currency?: string | null; decision: VarianceDecision },
  now: () => Date = () => new Date(),
): number {
  return new AuditLog(db, now).record({
    kind: 'decision',
    system: 'app',
    operation: 'settlement.variance-accepted',
    actor: d.decision.decidedBy,
    subjectType: 'settlement',
    subjectId: d.settlementId,
    status: 'accepted',
    // The currency with the minor units, so the audit log can show the difference as money.
    detail: { version: d.version, difference: d.difference, ...(d.currency ? { currency: d.currency } : {}), account: d.decision.account, reason: d.decision.reason },
  });
}
