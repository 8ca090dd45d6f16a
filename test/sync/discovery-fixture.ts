import { clockStartingAt, type Clock } from '../../core/clock/clock';
import type { SeedSeller } from '../../core/sandbox/amazon/seed-data';
import { settlementFlatFileV2, type SettlementSpec } from '../../core/sandbox/amazon/settlement-file';
import type { Db } from '../../core/store';
import type { Workspace } from '../../core/workspace/workspace';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Fast usage plans for the emulator and the client alike, so a test waits on work, not on Amazon's 45 s refill. */
export const FAST_PLANS = { getReports: { rate: 20, burst: 20 }, getReportDocument: { rate: 200, burst: 200 } };
export const FAST_BACKOFF = { baseMs: 5, capMs: 40, maxAttempts: 4 };

export const AMAZON_CONNECTION_ID = 'amazon-test';

/**
 * Where a sync test's clocks start (a Friday noon, UTC): the emulator's, the workspace's and the seed's, so the
 * settlements' dates, the months they fall in and the schedules' next slots are the same on any day the suite runs.
 */
export const SYNC_START = Date.parse('2026-06-19T12:00:00Z');
export const syncClock = (): Clock => clockStartingAt(SYNC_START);

/** A seller with `count` closed settlements, one report each, created over the last 80 days. */
export function settlementSeller(
  count: number, linesEach: number, now = Date.now(), extra?: (i: number, orderId: string, postedAt: string) => SettlementSpec['lines'],
): { seller: SeedSeller; settlementIds: string[] } {
  const settlementIds: string[] = [];
  const reports: SeedSeller['reports'] = [];
  for (let i = 0; i < count; i++) {
    const id = String(52_000_000_000 + i);
    settlementIds.push(id);
    const end = now - 2 * DAY - Math.floor((i * 78 * DAY) / Math.max(1, count));
    const start = end - 14 * DAY;
    const lines: SettlementSpec['lines'] = [];
    for (let l = 0; l < linesEach; l++) {
      const orderId = `111-${String(i).padStart(7, '0')}-${String(l).padStart(7, '0')}`;
      lines.push({ transactionType: 'Order', orderId, marketplaceName: 'Amazon.com', amountType: 'ItemPrice', amountDescription: 'Principal', amount: `${10 + (l % 50)}.${String((i + l) % 100).padStart(2, '0')}`, postedAt: iso(start + DAY), sku: `SKU-${l % 7}`, quantity: 1, fulfillmentId: 'AFN' });
      lines.push({ transactionType: 'Order', orderId, marketplaceName: 'Amazon.com', amountType: 'ItemFees', amountDescription: 'Commission', amount: `-1.${String(l % 100).padStart(2, '0')}`, postedAt: iso(start + DAY), sku: `SKU-${l % 7}`, quantity: 1, fulfillmentId: 'AFN' });
    }
    if (extra) lines.push(...extra(i, `111-${String(i).padStart(7, '0')}-9999999`, iso(start + 2 * DAY)));
    const spec: SettlementSpec = { settlementId: id, start: iso(start), end: iso(end), deposit: iso(end + DAY), currency: 'USD', style: 'dot', lines };
    reports.push({
      reportId: String(90_000 + i),
      reportType: 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2',
      createdTime: iso(end + DAY),
      dataStartTime: spec.start,
      dataEndTime: spec.end,
      processingStatus: 'DONE',
      marketplaceIds: ['ATVPDKIKX0DER'],
      reportDocumentId: `amzn1.spdoc.1.4.na.sync-${i}`,
      content: settlementFlatFileV2(spec),
      charset: 'UTF-8',
    });
  }
  return {
    settlementIds,
    seller: { sellerId: 'A3SYNCSELLER01', refreshToken: 'Atzr|sync-test-refresh-token', storeName: 'Sync Mugs', marketplaceIds: ['ATVPDKIKX0DER'], reports, eventGroups: [], orders: [], transactions: [] },
  };
}

export interface EmulatorAccess { url: string; clientId: string; clientSecret: string; refreshToken: string }

/** An Amazon connection pointing at the emulator, its secrets in the workspace's credential store. */
export async function addAmazonConnection(ws: Workspace, amazon: EmulatorAccess): Promise<void> {
  ws.connections.upsert({ id: AMAZON_CONNECTION_ID, kind: 'amazon', name: 'Amazon (emulator)', settings: { region: 'NA', lwaClientId: amazon.clientId, marketplaceIds: [], endpointOverride: amazon.url } }, new Date(ws.clock.now()));
  await ws.credentials.set(AMAZON_CONNECTION_ID, 'clientSecret', amazon.clientSecret);
  await ws.credentials.set(AMAZON_CONNECTION_ID, 'refreshToken', amazon.refreshToken);
}

/** Per settlement id: how many versions were stored and how many times the import was recorded. */
export function importsPerSettlement(db: Db): Map<string, { versions: number; imported: number }> {
  const out = new Map<string, { versions: number; imported: number }>();
  for (const r of db.prepare('SELECT settlement_id AS id, COUNT(*) AS n FROM settlement_version GROUP BY settlement_id').all() as { id: string; n: number }[]) {
    out.set(r.id, { versions: r.n, imported: 0 });
  }
  for (const r of db.prepare(`SELECT subject_id AS id, COUNT(*) AS n FROM audit_event WHERE operation IN ('settlement.imported', 'settlement.reissued') GROUP BY subject_id`).all() as { id: string; n: number }[]) {
    const e = out.get(r.id) ?? { versions: 0, imported: 0 };
    e.imported = r.n;
    out.set(r.id, e);
  }
  return out;
}

/**
 * A fetch under which a presigned report-document URL has expired before it is used: the next `n` document
 * downloads (after `expireNextUrls(n)`) expire every link the emulator handed out, the moment it is read.
 */
export function expiringDocumentFetch(amazon: { faults: { expireDocumentUrls(): void } }): { fetch: typeof fetch; expireNextUrls(n: number): void } {
  let expire = 0;
  const expiring: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (expire > 0 && url.includes('/reports/2021-06-30/documents/') && res.status === 200) {
      expire--;
      await new Promise((r) => setTimeout(r, 2));
      amazon.faults.expireDocumentUrls();
    }
    return res;
  };
  return { fetch: expiring, expireNextUrls: (n) => { expire = n; } };
}
