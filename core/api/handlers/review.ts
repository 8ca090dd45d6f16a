import { ledgerNames } from '../../mapping/ledger-names';
import { ReferenceCache } from '../../mapping/reference-cache';
import { reviewQueueOf, versionStatus, versionStatuses } from '../../posting/settlement-status';
import { reviewItemAsShown } from '../../review/review-item-text';
import { ReviewRefused } from '../../review/review-queue';
import { amountDisplayOf } from '../../workspace/amount-display';
import type { Workspace } from '../../workspace/workspace';
import type { Handlers } from '../dispatch';

type ReviewCall = 'review.list' | 'review.resolve' | 'review.approve' | 'review.revokeApproval' | 'review.status' | 'review.policy' | 'review.setPolicy';

const queueOf = (ws: Workspace) => reviewQueueOf(ws);

export const reviewHandlers: Pick<Handlers, ReviewCall> = {
  'review.list': ({ settlementId, severity, state, connectionId }, { ws }) => {
    const q = queueOf(ws);
    const c = q.connection(connectionId);
    q.refresh(connectionId);
    const { negatives } = amountDisplayOf(ws).get();
    return {
      connectionId: c?.id ?? null,
      connectionName: c?.name ?? null,
      items: q.list({ ...(settlementId !== undefined ? { settlementId } : {}), ...(severity ? { severity } : {}), ...(state ? { state } : {}) })
        .map((i) => reviewItemAsShown(i, negatives)),
      settlements: versionStatuses(ws.db, q).filter((s) => settlementId === undefined || s.settlementId === settlementId),
    };
  },

  'review.resolve': ({ itemId, connectionId, resolution }, { ws }) => {
    const q = queueOf(ws);
    const r = q.resolve(itemId, resolution, ws.osUser, connectionId);
    ws.events.emit({ type: 'changed', topic: 'review' });
    if (resolution.action === 'map') ws.events.emit({ type: 'changed', topic: 'mappings' });
    return { item: reviewItemAsShown(r.item, amountDisplayOf(ws).get().negatives), status: versionStatus(ws.db, q, r.item.versionId) };
  },

  'review.approve': ({ versionId, connectionId, note, digest }, { ws }) => {
    const q = queueOf(ws);
    q.approve(versionId, ws.osUser, note ?? null, connectionId, digest !== undefined ? { digest } : {});
    ws.events.emit({ type: 'changed', topic: 'review' });
    return versionStatus(ws.db, q, versionId);
  },

  'review.revokeApproval': ({ versionId, reason }, { ws }) => {
    const q = queueOf(ws);
    q.revoke(versionId, ws.osUser, reason);
    ws.events.emit({ type: 'changed', topic: 'review' });
    return versionStatus(ws.db, q, versionId);
  },

  'review.policy': (_input, { ws }) => queueOf(ws).policy.get(),

  'review.setPolicy': (change, { ws }) => {
    const r = queueOf(ws).policy.set(
      {
        ...(change.varianceLimit !== undefined ? { varianceLimit: change.varianceLimit } : {}),
        ...(change.separateApprover !== undefined ? { separateApprover: change.separateApprover } : {}),
        ...(change.implausibleMultiple !== undefined ? { implausibleMultiple: change.implausibleMultiple } : {}),
      },
      ws.osUser,
    );
    ws.events.emit({ type: 'changed', topic: 'review' });
    return r;
  },

  'review.status': ({ settlementId, connectionId }, { ws }) => {
    const q = queueOf(ws);
    const row = ws.db.prepare("SELECT id, currency FROM settlement_version WHERE settlement_id = ? AND status = 'current'").get(settlementId) as { id: number; currency: string } | undefined;
    if (!row) throw new ReviewRefused('not_found', `There is no imported settlement ${settlementId}.`);
    q.refresh(connectionId);
    const checked = q.versionJournal(row.id, connectionId);
    const c = checked.connection;
    const lines = checked.journal.documents.flatMap((d) => d.lines);
    const depositLine = checked.journal.documents.filter((d) => d.currency === row.currency).flatMap((d) => d.lines).find((l) => l.role === 'deposit');
    const varianceLine = lines.find((l) => l.role === 'variance');
    const names = new Map(c ? new ReferenceCache(ws.db).snapshot(c.id).accounts.map((a) => [a.code, a.name]) : []);
    return {
      status: versionStatus(ws.db, q, row.id),
      digest: q.currentDigest(row.id, c, checked.journal),
      preview: {
        documents: checked.journal.documents.length,
        lines: lines.length,
        deposit: depositLine?.amount ?? 0,
        clearingAccount: depositLine?.account || null,
        variance: varianceLine ? { account: varianceLine.account ?? '', amount: varianceLine.amount } : null,
        excludedLines: checked.excluded.lineCount,
        periods: checked.journal.documents.map((d) => d.period),
        connection: c,
        names: ledgerNames(c ? new ReferenceCache(ws.db).snapshot(c.id) : null, lines),
        journal: checked.journal.documents.map((d) => {
          const conv = d.conversion;
          const split = (a: number) => ({ debit: a > 0 ? a : 0, credit: a < 0 ? -a : 0 });
          const shown = d.lines.flatMap((l, i) => {
            const converted = conv ? conv.amounts[i]! : null;
            if (l.amount === 0 && !converted) return [];
            return [{
              account: l.account || null,
              accountName: (l.account && names.get(l.account)) || null,
              dimensions: { ...l.dimensions },
              description: l.description,
              ...split(l.amount),
              ...(converted !== null ? { converted: split(converted) } : {}),
            }];
          });
          const sum = (f: (l: (typeof shown)[number]) => number) => shown.reduce((a, l) => a + f(l), 0);
          return {
            period: d.period, postingDate: d.postingDate, currency: d.currency, lines: shown, totalDebit: sum((l) => l.debit), totalCredit: sum((l) => l.credit),
            ...(conv ? { conversion: { currency: conv.currency, rate: conv.rateText, rateStartingDate: conv.rows[0]?.startingDate ?? '', totalDebit: sum((l) => l.converted?.debit ?? 0), totalCredit: sum((l) => l.converted?.credit ?? 0) } } : {}),
          };
        }),
      },
    };
  },
};
