// The V2 sample is from amazon-settlement-parser by xieyi138-star (CC BY 4.0), read in place from
// ../shared/reference (never copied into this repository). The other files are generated here.
import { readFileSync } from 'node:fs';
import { referencePath } from './reference';

// Found through reference.ts, so a worktree beside the main checkout reads it as the main checkout does.
export const SAMPLE = referencePath('amazon', 'samples', 'settlement-v2-synthetic.tsv');
export const sample = () => readFileSync(SAMPLE, 'utf8');

export interface GenLine { t: string; a: string; d: string; amount: string; sku?: string; currency?: string; posted?: string }

/** A small V2 settlement file: the sample's columns, one summary row, the given lines. */
export function v2File(id: string, total: string, lines: GenLine[], o: { start?: string; end?: string; deposit?: string | null; currency?: string } = {}): string {
  const header = sample().split('\n')[0]!.trim();
  const cur = o.currency ?? 'USD';
  const start = o.start ?? '2026-06-16 00:00:00 UTC';
  const end = o.end ?? '2026-06-30 23:59:59 UTC';
  const deposit = o.deposit === undefined ? '2026-07-02 00:00:00 UTC' : o.deposit ?? '';
  const rows = [header, [id, start, end, deposit, total, cur, ...Array(18).fill('')].join('\t')];
  lines.forEach((l, i) => {
    const posted = l.posted ?? '2026-06-20';
    const order = l.t === 'Order' || l.t === 'Refund' ? `114-000000${i}-0000001` : '';
    rows.push([id, '', '', '', '', l.currency ?? cur, l.t, order, '', '', '', 'amazon.com', l.a, l.d, l.amount, order ? 'AFN' : '', `${posted} 00:00:00 UTC`, `${posted} 10:00:00 UTC`, '', '', '', l.sku ?? '', order ? '1' : '', ''].join('\t'));
  });
  return rows.join('\n') + '\n';
}
