import type { CallOutput } from '../../../core/api';

export type Job = CallOutput<'jobs.list'>[number];
export type Run = CallOutput<'jobs.runs'>[number];

export const KIND_LABELS: Record<Job['kind'], string> = {
  'settlement-discovery': 'Find and import new settlement reports',
  'reference-refresh': 'Refresh ERP accounts, dimensions, items, customers',
  'settlement-posting': 'Auto-post approved settlements to the ERP',
  'order-invoicing': 'Invoice shipped Amazon orders in the ERP',
  listings: 'Compare ERP prices and stock with Amazon listings; send what needs no approval',
  'vendor-central': 'Vendor Central: purchase orders in, invoices out, remittances matched',
  'fba-returns': 'Read FBA customer returns and map their reasons',
  mcf: 'Send ERP orders at the Amazon location to Amazon for fulfilment; bring tracking back',
};

const COUNT_LABELS: Record<string, string> = {
  found: 'found', imported: 'imported', newVersions: 'new versions', unchanged: 'unchanged', unreadable: 'unreadable', alreadyHandled: 'already imported',
  changes: 'listing changes', held: 'held for a person', sent: 'sent to Amazon', skipped: 'skipped', withdrawn: 'withdrawn (ERP moved)',
  approved: 'approved to post', posted: 'documents posted', failed: 'documents failed', notPosted: 'documents left', heldBack: 'held back', waitingForReview: 'waiting for review',
  ordersRead: 'orders read', invoicesQueued: 'invoices queued', refused: 'orders refused', invoicesPosted: 'invoices posted', invoicesFailed: 'invoices failed',
  read: 'read', ready: 'mapped',
  creditNotesQueued: 'credit notes queued', creditNotesRefused: 'refunds refused', creditNotesPosted: 'credit notes posted', creditNotesFailed: 'credit notes failed',
  summariesCancelledInErp: 'summary invoices found cancelled in the ERP',
  submitted: 'sent to Amazon for fulfilment', tracking: 'tracking written back', waiting: 'waiting for Amazon',
};

/** "found 5 · imported 5"; zeros other than the first two are left out. */
export function countsInWords(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([k, v], i) => v !== 0 || i < 2 || k === 'imported' || k === 'posted')
    .map(([k, v]) => `${COUNT_LABELS[k] ?? k} ${v.toLocaleString()}`)
    .join(' · ');
}

/** "2 min 5 s", "850 ms". */
export function durationInWords(fromIso: string, toIso: string): string {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (ms < 1000) return `${Math.max(0, ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const TRIGGER_WORDS: Record<Run['trigger'], string> = { schedule: 'on schedule', 'catch-up': 'catch-up for a missed time', manual: 'run by hand' };
