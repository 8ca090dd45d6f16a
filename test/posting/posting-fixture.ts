import { join } from 'node:path';
import type { JournalDocument } from '../../core/erp/erp-connector';
import { BusinessCentralConnector } from '../../core/erp/business-central/client';
import { businessCentralKind } from '../../core/erp/business-central/kind';
import type { BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import { settlementNaturalKey } from '../../core/posting/natural-key';
import { AuditLog, openDatabase, type Db } from '../../core/store';

/** The connector as production builds it, pointed at the emulator, with quick retries so storms end fast. */
export function connectorFor(bc: { tenantId: string; environment: string; clientId: string; clientSecret: string; url: string }): BusinessCentralConnector {
  return new BusinessCentralConnector({
    settings: { deployment: 'online', tenantId: bc.tenantId, environment: bc.environment, clientId: bc.clientId, endpointOverride: bc.url },
    secrets: { clientSecret: bc.clientSecret },
    backoff: { baseMs: 5, capMs: 40, maxAttempts: 6 },
  });
}

export function openPostingDb(dir: string): { db: Db; audit: AuditLog } {
  const db = openDatabase(join(dir, 'ws.sqlite'));
  return { db, audit: new AuditLog(db) };
}

/** A balanced settlement journal: deposit to the clearing account against sales, fees and FBA fees. */
export function settlementJournal(settlementId: string, n: number, overrides: { feeAccount?: string } = {}): JournalDocument {
  const key = settlementNaturalKey({ settlementId, period: '2026-10', documentKind: 'JNL', version: 1 }, businessCentralKind.capabilities.lengths.naturalKey);
  const sales = 100_00 + n * 137;
  const fees = 15_00 + n;
  const fba = 3_20;
  return {
    externalDocumentNumber: key,
    documentNumber: `AMZ${settlementId.slice(-6)}${String(n).padStart(3, '0')}`,
    postingDate: '2026-10-15',
    currency: 'EUR',
    description: `Amazon settlement ${settlementId}`,
    lines: [
      { accountNumber: '2920', description: 'Deposit', debit: sales - fees - fba, credit: 0 },
      { accountNumber: '6100', description: 'Sales', debit: 0, credit: sales, dimensions: { MARKETPLACE: 'AMAZON-DE' } },
      { accountNumber: overrides.feeAccount ?? '8410', description: 'Selling fees', debit: fees, credit: 0 },
      { accountNumber: '8420', description: 'FBA fees', debit: fba, credit: 0, dimensions: { CHANNEL: 'FBA' } },
    ],
  };
}

/** Settlement ids the tests enqueue: n distinct settlements, one journal each. */
export function settlementIds(count: number, base = 24_000_000_000): string[] {
  return Array.from({ length: count }, (_, i) => String(base + i));
}

/** G/L entries per document number in the emulator: a document posted twice shows twice its lines. */
export function ledgerEntriesByDocument(bc: BusinessCentralEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of bc.rows('generalLedgerEntries')) {
    const doc = String(e.documentNumber);
    counts.set(doc, (counts.get(doc) ?? 0) + 1);
  }
  return counts;
}
