/**
 * The V2 settlement the benches read: `lines` lines of six kinds (principal, tax, commission, FBA fee,
 * refund principal and commission) over four weeks, with a summary row whose total is their exact sum.
 * Written once per size under .tmp/settlement-bench and reused.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';

const COLUMNS =
  'settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tamount-type\tamount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased\tpromotion-id';
const KINDS = [
  ['Order', 'ItemPrice', 'Principal', 1],
  ['Order', 'ItemPrice', 'Tax', 1],
  ['Order', 'ItemFees', 'Commission', -1],
  ['Order', 'ItemFees', 'FBAPerUnitFulfillmentFee', -1],
  ['Refund', 'ItemPrice', 'Principal', -1],
  ['Refund', 'ItemFees', 'RefundCommission', -1],
] as const;

export async function generate(file: string, lines: number, settlementId = '99000111'): Promise<void> {
  if (existsSync(file)) return;
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let total = 0;
  let buffer = COLUMNS + '\n';
  const body: string[] = [];
  // Amounts first, so the summary row can carry their exact total.
  const amountOf = (i: number) => KINDS[i % KINDS.length]![3] * (100 + ((i * 7919) % 90000));
  for (let i = 0; i < lines; i++) total += amountOf(i);
  const dec = (m: number) => (m < 0 ? '-' : '') + String(Math.floor(Math.abs(m) / 100)) + '.' + String(Math.abs(m) % 100).padStart(2, '0');
  buffer += `${settlementId}\t2026-06-16 00:00:00 UTC\t2026-07-14 23:59:59 UTC\t2026-07-16 00:00:00 UTC\t${dec(total)}\tUSD${'\t'.repeat(18)}\n`;
  for (let i = 0; i < lines; i++) {
    const [tt, at, ad] = KINDS[i % KINDS.length]!;
    const day = 16 + (i % 28);
    const date = `2026-${day > 30 ? '07' : '06'}-${String(day > 30 ? day - 30 : day).padStart(2, '0')}`;
    body.push(`${settlementId}\t\t\t\t\tUSD\t${tt}\t${100 + (i >> 2)}-${1000000 + i}\t\t\tDS${i}\tamazon.com\t${at}\t${ad}\t${dec(amountOf(i))}\tAFN\t${date} 00:00:00 UTC\t${date} 08:14:22 UTC\t${55000000 + i}\t\t\tSKU-${i % 5000}\t1\t`);
    if (body.length === 10000) {
      buffer += body.join('\n') + '\n';
      body.length = 0;
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  buffer += body.length ? body.join('\n') + '\n' : '';
  out.end(buffer);
  await once(out, 'finish');
}
