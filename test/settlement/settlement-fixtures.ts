import { Readable } from 'node:stream';
import { referencePath } from '../support/reference';
import { V2_COLUMNS } from '../../core/sandbox/amazon/settlement-file';
import { loadSettlement, readSettlement, type SettlementReadOptions } from '../../core/settlement';

/** The shared reference samples, read in place (their licences do not allow copying them here). */
export const SAMPLES = referencePath('amazon', 'samples');

// The V2 column order the emulator writes (one list for the emulator and the tests).
export { V2_COLUMNS };

export type V2Row = Partial<Record<(typeof V2_COLUMNS)[number] | string, string>>;

export interface V2FileOptions {
  columns?: readonly string[];
  lineEnding?: '\n' | '\r\n';
  bom?: boolean;
}

export function v2Text(rows: readonly V2Row[], options: V2FileOptions = {}): string {
  const columns = options.columns ?? V2_COLUMNS;
  const eol = options.lineEnding ?? '\n';
  const body = [columns.join('\t'), ...rows.map((r) => columns.map((c) => r[c] ?? '').join('\t'))].join(eol) + eol;
  return (options.bom ? '\ufeff' : '') + body;
}

/** Yields the bytes in chunks of `size` so tests cross every boundary a real stream would. */
export function chunked(bytes: Uint8Array, size = 7): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
    })(),
  );
}

export function load(bytes: Uint8Array | string, options: SettlementReadOptions = {}, chunkSize = 7) {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return loadSettlement(readSettlement(chunked(data, chunkSize), { fileName: 'test.txt', ...options }));
}

export async function parseError(bytes: Uint8Array | string, options: SettlementReadOptions = {}): Promise<Error> {
  try {
    await load(bytes, options);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the settlement to be refused');
}

export const summaryRow = (over: V2Row = {}): V2Row => ({
  'settlement-id': '900100',
  'settlement-start-date': '2026-06-16 00:00:00 UTC',
  'settlement-end-date': '2026-06-30 23:59:59 UTC',
  'deposit-date': '2026-07-02 00:00:00 UTC',
  'total-amount': '0.00',
  currency: 'USD',
  ...over,
});

export const lineRow = (over: V2Row = {}): V2Row => ({
  'settlement-id': '900100',
  currency: 'USD',
  'transaction-type': 'Order',
  'order-id': '111-0000000-0000001',
  'marketplace-name': 'amazon.com',
  'amount-type': 'ItemPrice',
  'amount-description': 'Principal',
  amount: '10.00',
  'posted-date-time': '2026-06-17 08:14:22 UTC',
  sku: 'SKU-1',
  'quantity-purchased': '1',
  ...over,
});
