import { BusinessCentralConnector } from '../../core/erp/business-central/client';
import type { BusinessCentralEmulator } from '../../core/sandbox/business-central/emulator';
import type { CallAuditor } from '../../core/erp/http-client';
import type { JournalDocument } from '../../core/erp/erp-connector';

export const FAST = { baseMs: 1, capMs: 10, maxAttempts: 6 };

export function onlineConnector(emu: BusinessCentralEmulator, extra: { audit?: CallAuditor; clientSecret?: string } = {}) {
  return new BusinessCentralConnector({
    settings: { deployment: 'online', tenantId: emu.tenantId, environment: emu.environment, clientId: emu.clientId, endpointOverride: emu.url },
    secrets: { clientSecret: extra.clientSecret ?? emu.clientSecret },
    backoff: FAST,
    ...(extra.audit ? { audit: extra.audit } : {}),
  });
}

/** A balanced settlement journal of n lines: n-1 fee lines against one clearing line. */
export function settlementJournal(id: string, n = 4): JournalDocument {
  const fees = Array.from({ length: n - 1 }, (_, i) => ({
    accountNumber: i % 2 ? '8410' : '8420', description: `Fee ${i + 1}`, debit: 1000 + i, credit: 0,
    dimensions: { MARKETPLACE: 'AMAZON-DE' },
  }));
  const total = fees.reduce((s, f) => s + f.debit, 0);
  return {
    externalDocumentNumber: `SETT-${id}`, documentNumber: `AMZ${id}`.slice(0, 20), postingDate: '2026-11-20', currency: 'EUR',
    description: `Settlement ${id}`,
    lines: [...fees, { accountNumber: '2920', description: 'Amazon clearing', debit: 0, credit: total }],
  };
}

export function ledgerFor(emu: BusinessCentralEmulator, documentNumber: string) {
  return emu.rows('generalLedgerEntries').filter((e) => e.documentNumber === documentNumber);
}

/**
 * The least time the emulated limits allow for what the emulator served: each request takes
 * latencyMs (+ operationLatencyMs per $batch operation), the requests that wait on each other
 * (look-ups, create, post) run one after another, and the $batch requests 5 at a time.
 */
export function leastPostingTimeMs(
  stats: { apiRequests: number; batchRequests: number; batchOperations: number },
  limits: { latencyMs: number; operationLatencyMs: number; concurrentRequests: number },
): number {
  const sequential = stats.apiRequests - stats.batchRequests;
  const opsPerBatch = stats.batchRequests ? stats.batchOperations / stats.batchRequests : 0;
  const rounds = Math.ceil(stats.batchRequests / limits.concurrentRequests);
  return sequential * limits.latencyMs + rounds * (limits.latencyMs + opsPerBatch * limits.operationLatencyMs);
}
