import { parseSettlementNaturalKey } from '../../posting/natural-key';
import { isJournalEntry, PostingOutbox } from '../../posting/outbox';
import { ACCOUNT_ROLE_NAMES, journalIssueText, storedVersion, VERSION_SELECT, type StoredVersion } from '../../posting/settlement-journal';
import { documentLengths } from '../../erp/registry';
import { erpJournalDocument } from '../../posting/settlement-posting';
import { ledgerNames } from '../../mapping/ledger-names';
import { ReferenceCache } from '../../mapping/reference-cache';
import type { ImportProgress, JournalDocument } from '../../settlement';
import { CATEGORY_LABELS, depositAmount, ledgerLineDescription, storedMarketplaces, type LineCategory } from '../../settlement';
import { reviewQueueOf, versionStatus } from '../../posting/settlement-status';
import type { VersionJournal } from '../../review/review-queue';
import { StoredLineQuery } from '../../settlement/journal-drilldown';
import { importNewSettlements } from '../../sync/import-new';
import { workspaceRunner } from '../../sync/workspace-runner';
import { importSettlementBytes } from '../../workspace/settlement-import';
import type { Workspace } from '../../workspace/workspace';
import { chooseCurrentVersion } from '../../posting/current-version-choice';
import { tieOut } from '../../settlement/reconciliation';
import { IMPORT_FINISHED } from '../../settlement/unfinished-imports';
import { currentVersionOf, standingOf, versionInfo, type VersionInfo } from '../../settlement/settlement-versions';
import { awaitingInErp } from '../../dashboard/awaiting-in-erp';
import type { PostedDocument, PreviewDocument, SettlementListItem, SettlementPreview, SettlementView, VersionRef } from '../calls/settlements';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type SettlementCall = 'settlements.list' | 'settlements.lines' | 'settlements.importNew' | 'settlements.importUpload' | 'settlements.preview' | 'settlements.makeCurrent';

type VersionRow = StoredVersion;

const AMAZON_REPORT_NAME = /^settlement report \S+$/;

/** The sync names what it fetched after the report (core/sync/settlement-discovery.ts); anything else came from a file. */
const sourceOf = (fileName: string | null): SettlementView['source'] => (fileName !== null && AMAZON_REPORT_NAME.test(fileName) ? 'amazon' : 'file');

const view = (r: VersionRow): SettlementView => ({
  settlementId: r.settlement_id,
  versionId: r.id,
  version: r.version,
  status: standingOf(r),
  tiesOut: tieOut(r.currency, r.total_amount, r.lines_total).tiesOut,
  reissued: r.reissued === 1,
  format: r.format,
  fileName: r.file_name,
  source: sourceOf(r.file_name),
  startDate: r.start_date,
  endDate: r.end_date,
  depositDate: r.deposit_date,
  marketplace: r.marketplace,
  currency: r.currency,
  total: { amount: r.total_amount, currency: r.currency },
  linesTotal: { amount: r.lines_total, currency: r.currency },
  lineCount: r.line_count,
  importedAt: r.imported_at,
});

const versionRef = (v: VersionInfo): VersionRef => ({ versionId: v.versionId, version: v.version, standing: v.standing, tieOut: v.tieOut });

function previewDocument(d: JournalDocument): PreviewDocument {
  let totalDebit = 0;
  let totalCredit = 0;
  const lines = d.lines.map((l) => {
    const debit = l.amount > 0 ? l.amount : 0;
    const credit = l.amount < 0 ? -l.amount : 0;
    totalDebit += debit;
    totalCredit += credit;
    return { role: l.role, account: l.account || null, dimensions: { ...l.dimensions }, description: l.description, category: l.category, debit, credit, lineCount: l.lineCount };
  });
  const c = d.conversion;
  const converted = c?.amounts.map((a) => ({ debit: a > 0 ? a : 0, credit: a < 0 ? -a : 0 }));
  return {
    period: d.period, postingDate: d.postingDate, currency: d.currency, kind: d.kind, lines, totalDebit, totalCredit,
    ...(c && converted
      ? {
        conversion: {
          currency: c.currency, rate: c.rateText, rateStartingDate: c.rows[0]?.startingDate ?? '', lines: converted,
          totalDebit: converted.reduce((s, l) => s + l.debit, 0), totalCredit: converted.reduce((s, l) => s + l.credit, 0), rounding: c.residue,
        },
      }
      : {}),
  };
}


// Line pages of one workspace share their cached counts (a version's lines never change once imported).
const lineQueries = new WeakMap<Workspace, StoredLineQuery>();
function lineQuery(ws: Workspace): StoredLineQuery {
  let q = lineQueries.get(ws);
  if (!q) lineQueries.set(ws, (q = new StoredLineQuery(ws.db)));
  return q;
}

export const settlementHandlers: Pick<Handlers, SettlementCall> = {
  'settlements.list': (_input, { ws }) => {
    const rows = ws.db.prepare(`${VERSION_SELECT} WHERE ${IMPORT_FINISHED} ORDER BY v.end_date DESC, v.settlement_id, v.version DESC`).all() as VersionRow[];
    // The statuses are the review queue's own, checked again where imports, mappings or ERP data changed.
    const queue = reviewQueueOf(ws);
    queue.refresh();
    const waiting = waitingByVersion(ws);
    const names = new Map(ws.connections.list().map((c) => [c.id, c.name]));
    const postedTo = postedConnectionsByVersion(ws);
    return rows.map((r) => {
      const st = versionStatus(ws.db, queue, r.id);
      const posting = st.status === 'posting' || st.status === 'posted' || st.status === 'failed';
      const ids = posting ? postedTo.get(`${r.settlement_id}#${r.version}`) ?? [] : [st.approval?.connectionId ?? st.connectionId].filter((id): id is string => !!id);
      return {
        ...view(r), state: st.status, openBlocking: st.openBlocking, openWarnings: st.openWarnings, awaitingInErp: waiting.get(`${r.settlement_id}#${r.version}`) ?? null,
        stateConnections: ids.map((id) => names.get(id) ?? id),
      };
    });
  },

  'settlements.lines': ({ versionId, connectionId, journalLine, category, offset, limit }, { ws }) => {
    const row = storedVersion(ws.db, versionId);
    if (!row) throw new ApiFailure('not_found', `There is no imported settlement version ${versionId}.`);
    // The rules, classifier and exclusions of the one journal, so a journal line drills to exactly its lines.
    const queue = reviewQueueOf(ws);
    const vj = queue.journalBasis(versionId, connectionId);
    const marketplace = storedMarketplaces(ws.db, versionId)[0] ?? null;
    const { template } = queue.templates.of(vj.connection?.id ?? null);
    const describe = (line: string) => ledgerLineDescription({ marketplace, settlementId: row.settlement_id, line, ...(journalLine ? { period: journalLine.period, currency: journalLine.currency } : {}) }, template);
    const filter = { ...(journalLine ? { journalLine, excluding: vj.exclusions, timeZone: vj.timeZone, describe } : {}), ...(category !== undefined ? { category } : {}) };
    const page = lineQuery(ws).page(versionId, vj.rules, filter, offset, limit, vj.classifier);
    return { ...page, currency: row.currency, offset };
  },

  'settlements.importNew': async (_input, { ws, signal, progress }) => {
    return await importNewSettlements(ws, workspaceRunner(ws), { signal, progress, actor: ws.osUser });
  },

  'settlements.importUpload': async ({ fileName, contentBase64 }, { ws, signal, progress }) => {
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.byteLength === 0) throw new ApiFailure('invalid_input', `${fileName}: This file is empty.`);
    progress({ phase: `Reading ${fileName}`, done: 0, total: bytes.byteLength });
    const onProgress = (p: ImportProgress) => progress({ phase: `Reading ${fileName}`, done: p.bytesRead, total: p.bytesTotal, current: `${p.lines.toLocaleString('en-US')} lines` });
    // One import at a time per workspace, on the worker thread where there is one (workspace/settlement-import.ts).
    const r = await importSettlementBytes(ws, bytes, { source: `file ${fileName}`, fileName, actor: ws.osUser, signal, onProgress, now: () => new Date(ws.clock.now()) });
    if (r.outcome !== 'unchanged' && r.outcome !== 'identical-to-superseded') ws.events.emit({ type: 'changed', topic: 'settlements' });
    const imported = versionInfo(ws.db, r.versionId)!;
    return { ...r, tieOut: imported.tieOut, current: versionRef(currentVersionOf(ws.db, r.settlementId) ?? imported) };
  },

  'settlements.makeCurrent': ({ versionId, reason }, { ws }) => {
    const made = chooseCurrentVersion({ db: ws.db, audit: ws.audit, connections: ws.connections, now: () => new Date(ws.clock.now()) }, versionId, ws.osUser, reason ?? null);
    ws.events.emit({ type: 'changed', topic: 'settlements' });
    ws.events.emit({ type: 'changed', topic: 'review' });
    return { settlementId: made.settlementId, current: versionRef(made.current), previous: made.previous ? versionRef(made.previous) : null, approvalWithdrawn: made.approvalWithdrawn };
  },

  'settlements.preview': ({ versionId, connectionId }, { ws }) => {
    const row = storedVersion(ws.db, versionId);
    if (!row) throw new ApiFailure('not_found', `There is no imported settlement version ${versionId}.`);
    const vj = versionJournalOf(ws, versionId, connectionId);
    const { journal, reconciliation: rec } = vj;
    const documents = journal.documents.map(previewDocument);
    const lines = journal.documents.flatMap((d) => d.lines);
    const deposit = depositAmount(journal, row.currency);
    const acceptedVariance = lines.filter((l) => l.role === 'variance').reduce((a, l) => a + l.amount, 0);
    const unmapped = journal.documents.flatMap((d) =>
      d.lines.filter((l) => l.role === 'amount' && !l.account).map((l) => ({ description: l.description, category: l.category, currency: d.currency, lineCount: l.lineCount, amount: l.amount })),
    );
    const missingAccounts = vj.missing.map((k) => ACCOUNT_ROLE_NAMES[k]);
    const issues = journal.issues.map((i) => journalIssueText(i, row.currency));
    const byCategory = (
      ws.db
        .prepare('SELECT category, currency, SUM(count) AS count, SUM(amount) AS amount FROM settlement_type_total WHERE version_id = ? GROUP BY category, currency ORDER BY currency, ABS(SUM(amount)) DESC')
        .all(versionId) as Array<{ category: string | null; currency: string; count: number; amount: number }>
    ).map((c) => ({ ...c, label: c.category && c.category in CATEGORY_LABELS ? CATEGORY_LABELS[c.category as LineCategory] : 'Unknown type' }));
    const posted = postedOf(ws, row, journal, vj.connection?.id);
    const postedLines = (posted?.documents ?? []).flatMap((d) => d.lines);
    return {
      settlement: view(row),
      connectionId: vj.connection?.id ?? null,
      documents,
      names: ledgerNames(vj.connection ? new ReferenceCache(ws.db).snapshot(vj.connection.id) : null, [...lines, ...postedLines]),
      posted,
      tieOut: {
        currency: row.currency,
        declaredTotal: row.total_amount,
        linesTotal: rec.linesTotal,
        excludedLines: vj.excluded.lineCount,
        excludedAmount: vj.excluded.amount,
        acceptedVariance,
        deposit,
        difference: rec.difference,
        balanced: deposit === row.total_amount && rec.difference === acceptedVariance && !journal.issues.some((i) => i.kind === 'foreign-currency'),
        causes: rec.causes,
      },
      byCategory,
      unmapped,
      missingAccounts,
      issues,
    };
  },
};

/** The one journal of a version (review decisions applied); an unknown connection is a not-found. */
function versionJournalOf(ws: Workspace, versionId: number, connectionId: string | undefined): VersionJournal {
  return reviewQueueOf(ws).versionJournal(versionId, connectionId);
}

/** Per settlement version ("id#version"): its documents waiting in their ERP, in which connection and since when (the earliest). */
function waitingByVersion(ws: Workspace): Map<string, NonNullable<SettlementListItem['awaitingInErp']>> {
  const out = new Map<string, NonNullable<SettlementListItem['awaitingInErp']>>();
  for (const a of awaitingInErp(ws)) {
    const at = `${a.settlementId}#${parseSettlementNaturalKey(a.naturalKey)?.version ?? ''}`;
    const seen = out.get(at);
    if (seen) seen.documents++;
    else out.set(at, { connectionName: a.connectionName, documents: 1, since: a.since });
  }
  return out;
}

/** The ERP connections each settlement version's journal documents went to (cancelled ones left out). */
function postedConnectionsByVersion(ws: Workspace): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const rows = ws.db.prepare("SELECT DISTINCT settlement_id, natural_key, connection_id FROM posting_outbox WHERE state <> 'cancelled' AND connection_id IS NOT NULL").all() as Array<{ settlement_id: string; natural_key: string; connection_id: string }>;
  for (const r of rows) {
    const version = parseSettlementNaturalKey(r.natural_key)?.version;
    if (version === undefined) continue;
    const at = `${r.settlement_id}#${version}`;
    const ids = out.get(at) ?? [];
    if (!ids.includes(r.connection_id)) out.set(at, [...ids, r.connection_id]);
  }
  return out;
}

/**
 * What the posting outbox holds of this version (cancelled documents left out), and whether the journal
 * the current rules produce differs from it.
 */
function postedOf(ws: Workspace, row: StoredVersion, journal: VersionJournal['journal'], connectionId: string | undefined): SettlementPreview['posted'] {
  const entries = new PostingOutbox(ws.db, ws.audit)
    .list({ settlementId: row.settlement_id })
    .filter(isJournalEntry)
      .filter((e) => e.state !== 'cancelled' && parseSettlementNaturalKey(e.naturalKey)?.version === row.version);
  if (!entries.length) return null;
  const documents = entries.map((e): PostedDocument => ({
    naturalKey: e.naturalKey,
    documentNumber: e.document.documentNumber,
    erpDocumentNumber: e.erpDocumentNumber,
    state: e.state as PostedDocument['state'],
    postingDate: e.document.postingDate,
    currency: e.document.currency,
    lines: e.document.lines.map((l) => ({ account: l.accountNumber, description: l.description, dimensions: { ...(l.dimensions ?? {}) }, debit: l.debit, credit: l.credit })),
    totalDebit: e.document.lines.reduce((a, l) => a + l.debit, 0),
    totalCredit: e.document.lines.reduce((a, l) => a + l.credit, 0),
  }));
  const lengths = documentLengths(connectionId ? ws.connections.get(connectionId)?.kind : undefined);
  const current = journal.documents.map((d) => erpJournalDocument(row, d, lengths)).filter((d) => d.lines.length > 0);
  const same = JSON.stringify(current) === JSON.stringify(entries.map((e) => e.document));
  return { documents, currentDiffers: !same };
}
