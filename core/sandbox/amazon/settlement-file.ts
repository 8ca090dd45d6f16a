/**
 * Builds GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 documents from seeded lines, the way Amazon writes them:
 * tab-delimited, the official column order (https://developer-docs.amazon.com/sp-api/docs/settlement-reports-attributes
 * plus the 24th `promotion-id` column seen in third-party samples, NOTES.md §6.3), a summary row carrying only the
 * settlement header fields (§6.4), amounts in the marketplace's own number format ("95,00 for EU instead of 95.00",
 * changelog quoted in §6.4) and dates in its own format (DESIGN.md §4: dd.MM.yyyy HH:mm:ss UTC on European marketplaces).
 */
export const V2_COLUMNS = [
  'settlement-id', 'settlement-start-date', 'settlement-end-date', 'deposit-date', 'total-amount', 'currency',
  'transaction-type', 'order-id', 'merchant-order-id', 'adjustment-id', 'shipment-id', 'marketplace-name',
  'amount-type', 'amount-description', 'amount', 'fulfillment-id', 'posted-date', 'posted-date-time',
  'order-item-code', 'merchant-order-item-id', 'merchant-adjustment-item-id', 'sku', 'quantity-purchased', 'promotion-id',
] as const;

export type NumberStyle = 'dot' | 'comma';

export interface SettlementLine {
  transactionType: string;
  orderId?: string;
  marketplaceName: string;
  amountType: string;
  amountDescription: string;
  /** Decimal string with a dot, e.g. "-1.50"; written in the marketplace's style. */
  amount: string;
  postedAt: string; // ISO-8601 UTC
  sku?: string;
  quantity?: number;
  fulfillmentId?: 'AFN' | 'MFN';
}

export interface SettlementSpec {
  settlementId: string;
  start: string;
  end: string;
  deposit: string;
  currency: string;
  style: NumberStyle;
  lines: SettlementLine[];
}

export function settlementFlatFileV2(spec: SettlementSpec): string {
  // A reduce, not Math.max(...lines): a spread of a 200,000-line settlement overflows the call stack.
  const decimals = spec.lines.reduce((d, l) => Math.max(d, (l.amount.split('.')[1] ?? '').length), 0);
  const total = spec.lines.reduce((sum, l) => sum + toMinor(l.amount, decimals), 0n);
  const num = (minor: bigint) => formatMinor(minor, decimals, spec.style);
  const date = (iso: string) => formatDate(iso, spec.style);
  const rows: string[][] = [];
  rows.push(row({
    'settlement-id': spec.settlementId,
    'settlement-start-date': date(spec.start),
    'settlement-end-date': date(spec.end),
    'deposit-date': date(spec.deposit),
    'total-amount': num(total),
    currency: spec.currency,
  }));
  for (const l of spec.lines) {
    rows.push(row({
      'settlement-id': spec.settlementId,
      'transaction-type': l.transactionType,
      'order-id': l.orderId ?? '',
      'marketplace-name': l.marketplaceName,
      'amount-type': l.amountType,
      'amount-description': l.amountDescription,
      amount: num(toMinor(l.amount, decimals)),
      'fulfillment-id': l.fulfillmentId ?? '',
      'posted-date': postedDate(l.postedAt, spec.style),
      'posted-date-time': `${l.postedAt.slice(0, 10)} ${l.postedAt.slice(11, 19)} UTC`,
      sku: l.sku ?? '',
      'quantity-purchased': l.quantity === undefined ? '' : String(l.quantity),
    }));
  }
  return [V2_COLUMNS.join('\t'), ...rows.map((r) => r.join('\t'))].join('\n') + '\n';
}

function row(values: Partial<Record<(typeof V2_COLUMNS)[number], string>>): string[] {
  return V2_COLUMNS.map((c) => values[c] ?? '');
}

function toMinor(amount: string, decimals: number): bigint {
  const negative = amount.startsWith('-');
  const [int = '0', frac = ''] = amount.replace(/^[-+]/, '').split('.');
  const v = BigInt(int + frac.padEnd(decimals, '0'));
  return negative ? -v : v;
}

function formatMinor(minor: bigint, decimals: number, style: NumberStyle): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  const int = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  const sep = style === 'comma' ? ',' : '.';
  return `${negative ? '-' : ''}${int}${decimals ? sep + frac : ''}`;
}

function formatDate(iso: string, style: NumberStyle): string {
  const [y, mo, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  const time = iso.slice(11, 19);
  return style === 'comma' ? `${d}.${mo}.${y} ${time} UTC` : `${y}-${mo}-${d} ${time} UTC`;
}

/** posted-date is MM/DD/YY on US files and DD/MM/YY elsewhere (NOTES.md §6.4: locale-dependent). */
function postedDate(iso: string, style: NumberStyle): string {
  const [y, mo, d] = [iso.slice(2, 4), iso.slice(5, 7), iso.slice(8, 10)];
  return style === 'comma' ? `${d}.${mo}.${y}` : `${mo}/${d}/${y}`;
}
