import { MappingStore } from '../../mapping/mapping-store';
import type { MappingEntry } from '../../mapping/mapping-entry';
import type { MappingRules } from '../../mapping/mapping-rules';
import { importSettlement, journalMappingFromEntries, JournalBuilder, reconcile, SettlementParseError, storedLines, type JournalDocument, type SettlementSummary } from '../../settlement';
import type { Workspace } from '../../workspace/workspace';
import type { PreviewDocument, SettlementView } from '../calls/settlements';
import type { Handlers } from '../dispatch';
import { ApiFailure } from '../envelope';

type SettlementCall = 'settlements.list' | 'settlements.importUpload' | 'settlements.preview';

interface VersionRow {
  id: number;
  settlement_id: string;
  version: number;
  status: 'current' | 'superseded';
  reissued: number;
  format: string;
  file_name: string | null;
  start_date: string | null;
  end_date: string | null;
  deposit_date: string | null;
  currency: string;
  total_amount: number;
  lines_total: number;
  line_count: number;
  imported_at: string;
  marketplace: string | null;
}

// The first marketplace named by a line: a settlement belongs to one marketplace, so one row is enough
// (and the primary key on version_id keeps this cheap at a million lines).
const VERSION_SELECT = `SELECT v.*, (SELECT l.marketplace_name FROM settlement_line l WHERE l.version_id = v.id AND l.marketplace_name <> '' LIMIT 1) AS marketplace
  FROM settlement_version v`;

const view = (r: VersionRow): SettlementView => ({
  settlementId: r.settlement_id,
  versionId: r.id,
  version: r.version,
  status: r.status,
  reissued: r.reissued === 1,
  format: r.format,
  fileName: r.file_name,
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

const CHUNK = 1 << 20;

/** The uploaded bytes in 1 MB chunks; stops the import (which then rolls back) when the call is cancelled. */
async function* chunks(bytes: Buffer, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += CHUNK) {
    signal.throwIfAborted();
    yield bytes.subarray(at, at + CHUNK);
  }
}

// One import at a time per workspace: the store keeps its write transaction open across the stream.
const importQueues = new WeakMap<Workspace, Promise<unknown>>();

/** The mapping rules of the chosen ERP connection, else of the first one that has any. */
function mappingFor(ws: Workspace, connectionId: string | undefined): { connectionId: string | null; rules: MappingRules } {
  const store = new MappingStore(ws.db, ws.audit);
  const erps = ws.connections.list().filter((c) => c.kind !== 'amazon');
  const chosen = connectionId !== undefined ? erps.find((c) => c.id === connectionId) : erps.find((c) => store.list(c.id).length > 0) ?? erps[0];
  if (connectionId !== undefined && !chosen) throw new ApiFailure('not_found', `There is no ERP connection "${connectionId}".`);
  if (!chosen) return { connectionId: null, rules: { rules: [], accounts: { clearing: '', reserve: '', carriedForward: '' } } };
  const entries = store.list(chosen.id);
  // Roles not mapped yet stay '' so the preview can still show every amount (and name what is missing).
  const placeholder = (subject: string): MappingEntry => ({ kind: 'account', subject, target: '-', transactionType: '', amountType: '', amountDescription: '', dimensions: {} });
  const { missing } = journalMappingFromEntries(entries);
  const { mapping } = journalMappingFromEntries([placeholder('clearing'), placeholder('reserve'), placeholder('carriedForward'), ...entries]);
  const accounts = { ...mapping!.accounts };
  for (const role of missing) accounts[role] = '';
  return { connectionId: chosen.id, rules: { rules: mapping!.rules, accounts } };
}

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
  return { period: d.period, postingDate: d.postingDate, currency: d.currency, kind: d.kind, lines, totalDebit, totalCredit };
}

function* feeding<T>(items: Iterable<T>, also: (item: T) => void): Generator<T> {
  for (const item of items) {
    also(item);
    yield item;
  }
}

const ROLE_NAMES: Record<string, string> = { clearing: 'clearing (or bank)', reserve: 'reserve', carriedForward: 'carried forward' };

export const settlementHandlers: Pick<Handlers, SettlementCall> = {
  'settlements.list': (_input, { ws }) =>
    (ws.db.prepare(`${VERSION_SELECT} ORDER BY v.end_date DESC, v.settlement_id, v.version DESC`).all() as VersionRow[]).map(view),

  'settlements.importUpload': async ({ fileName, contentBase64 }, { ws, signal, progress }) => {
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.byteLength === 0) throw new ApiFailure('invalid_input', `${fileName}: the file is empty.`);
    const previous = importQueues.get(ws) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      progress({ phase: `Reading ${fileName}`, done: 0, total: bytes.byteLength });
      try {
        return await importSettlement(ws.db, chunks(bytes, signal), {
          fileName,
          bytesTotal: bytes.byteLength,
          actor: ws.osUser,
          onProgress: (p) => progress({ phase: `Reading ${fileName}`, done: p.bytesRead, total: p.bytesTotal, current: `${p.lines.toLocaleString('en-US')} lines` }),
        });
      } catch (err) {
        if (err instanceof SettlementParseError) throw new ApiFailure('invalid_input', err.message);
        throw err;
      }
    });
    importQueues.set(ws, run);
    const r = await run;
    if (r.outcome !== 'unchanged') ws.events.emit({ type: 'changed', topic: 'settlements' });
    return { outcome: r.outcome, settlementId: r.settlementId, version: r.version, versionId: r.versionId, lineCount: r.inspection.lineCount };
  },

  'settlements.preview': ({ versionId, connectionId }, { ws }) => {
    const row = ws.db.prepare(`${VERSION_SELECT} WHERE v.id = ?`).get(versionId) as VersionRow | undefined;
    if (!row) throw new ApiFailure('not_found', `There is no imported settlement version ${versionId}.`);
    const settlement = view(row);
    const summary: SettlementSummary = {
      settlementId: row.settlement_id, startDate: row.start_date, endDate: row.end_date, depositDate: row.deposit_date,
      totalAmount: row.total_amount, currency: row.currency, row: 2,
    };
    const mapping = mappingFor(ws, connectionId);
    const builder = new JournalBuilder(summary, mapping.rules);
    // One streamed pass over the stored lines feeds both the reconciliation and the journal (no array of lines).
    const rec = reconcile(summary, feeding(storedLines(ws.db, versionId), (l) => builder.add(l)));
    const journal = builder.build();
    const documents = journal.documents.map(previewDocument);
    const deposit = journal.documents.flatMap((d) => d.lines).filter((l) => l.role === 'deposit' && l.description.startsWith('settlement ')).reduce((a, l) => a + l.amount, 0);
    const unmapped = journal.documents.flatMap((d) =>
      d.lines.filter((l) => l.role === 'amount' && !l.account).map((l) => ({ description: l.description, category: l.category, currency: d.currency, lineCount: l.lineCount, amount: l.amount })),
    );
    const a = mapping.rules.accounts;
    const missingAccounts = (['clearing', 'reserve', 'carriedForward'] as const).filter((k) => !a[k]).map((k) => ROLE_NAMES[k] ?? k);
    const issues = journal.issues.map((i) => {
      switch (i.kind) {
        case 'unknown-combination': return `Unknown line type ${i.transactionType} / ${i.amountType} / ${i.amountDescription}: ${i.count} lines`;
        case 'unmapped': return `No account mapped for ${i.category}: ${i.count} lines`;
        case 'difference': return 'The lines do not sum to the declared total';
        case 'no-summary': return 'The file had no summary row';
        case 'foreign-currency': return `Lines in ${i.currency} inside a ${row.currency} settlement`;
      }
    });
    const byCategory = (
      ws.db
        .prepare('SELECT category, currency, SUM(count) AS count, SUM(amount) AS amount FROM settlement_type_total WHERE version_id = ? GROUP BY category, currency ORDER BY currency, ABS(SUM(amount)) DESC')
        .all(versionId) as Array<{ category: string | null; currency: string; count: number; amount: number }>
    );
    return {
      settlement,
      connectionId: mapping.connectionId,
      documents,
      tieOut: {
        currency: row.currency,
        declaredTotal: row.total_amount,
        linesTotal: rec.linesTotal,
        deposit,
        difference: rec.difference,
        balanced: rec.balanced && deposit === row.total_amount,
        causes: rec.causes,
      },
      byCategory,
      unmapped,
      missingAccounts,
      issues,
    };
  },
};
