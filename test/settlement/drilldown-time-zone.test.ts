import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MappingRules } from '../../core/settlement/journal-rules';
import { StoredLineQuery } from '../../core/settlement/journal-drilldown';
import { settlementTimeZone, storedMarketplaces } from '../../core/settlement/settlement-marketplaces';
import { importSettlement } from '../../core/settlement/settlement-store';
import { openDatabase, type Db } from '../../core/store';
import { settlementFlatFileV2 } from '../../core/sandbox/amazon/settlement-file';
import { chunked } from './settlement-fixtures';

const mapping: MappingRules = { accounts: { clearing: 'CLEARING', reserve: 'RESERVE', carriedForward: 'IN-TRANSIT' }, rules: [{ match: { category: 'principal' }, account: 'SALES' }] };

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'drilldown-tz-'));
  db = openDatabase(join(dir, 'ws.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('drill-down from a journal line cut in the company\'s time zone', () => {
  it('finds the lines of the Tokyo month a line falls in, not of its UTC month', async () => {
    const sale = (postedAt: string, amount: string) => ({ transactionType: 'Order', amountType: 'ItemPrice', amountDescription: 'Principal', amount, marketplaceName: 'Amazon.co.jp', postedAt });
    const file = settlementFlatFileV2({
      settlementId: '92000000001', currency: 'JPY', style: 'dot', start: '2026-05-20T00:00:00Z', end: '2026-06-03T00:00:00Z', deposit: '2026-06-05T00:00:00Z',
      // 14:30 UTC on 31 May is 23:30 in Tokyo (May); 16:00 UTC is 01:00 on 1 June there.
      lines: [sale('2026-05-25T03:00:00Z', '5000'), sale('2026-05-31T14:30:00Z', '700'), sale('2026-05-31T16:00:00Z', '3000')],
    });
    const { versionId } = await importSettlement(db, chunked(Buffer.from(file), 4096));
    // No time zone set on the ERP connection: the marketplace's.
    expect(settlementTimeZone({ deployment: 'online' }, storedMarketplaces(db, versionId))).toBe('Asia/Tokyo');
    const query = new StoredLineQuery(db);
    const ref = (period: string) => ({ period, currency: 'JPY', account: 'SALES', dimensions: {}, description: 'Sales' });
    expect(query.page(versionId, mapping, { journalLine: ref('2026-06'), timeZone: 'Asia/Tokyo' }, 0, 10)).toMatchObject({ total: 1, amount: 3000 });
    expect(query.page(versionId, mapping, { journalLine: ref('2026-05'), timeZone: 'Asia/Tokyo' }, 0, 10)).toMatchObject({ total: 2, amount: 5700 });
    // Without a time zone, UTC months as before.
    expect(query.page(versionId, mapping, { journalLine: ref('2026-05') }, 0, 10)).toMatchObject({ total: 3, amount: 8700 });
  });
});
