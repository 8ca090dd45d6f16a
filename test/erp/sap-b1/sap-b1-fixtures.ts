import { SapB1Connector } from '../../../core/erp/sap-b1/client';
import { sapB1Entry } from '../../../core/erp/sap-b1/entry';
import type { AuditLog } from '../../../core/store';
import type { JournalDocument } from '../../../core/erp/erp-connector';
import type { CallAuditor } from '../../../core/erp/http-client';
import type { Clock } from '../../../core/clock/clock';
import type { SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';

export const FAST = { baseMs: 1, capMs: 10, maxAttempts: 6 };

/** A connector to the emulator's demo company, over /b1s/v2 unless asked for v1. */
export function b1Connector(emu: SapB1Emulator, extra: { version?: 'v1' | 'v2'; password?: string; audit?: CallAuditor; clock?: Clock; pageSize?: number; concurrency?: string } = {}) {
  return new SapB1Connector({
    settings: { serviceLayerUrl: extra.version === 'v1' ? emu.v1 : emu.v2, companyDb: emu.seed.companyDb, userName: 'manager', ...(extra.concurrency ? { concurrency: extra.concurrency } : {}) },
    secrets: { password: extra.password ?? 'B1Admin!' },
    backoff: FAST,
    settleMs: 1,
    ...(extra.audit ? { audit: extra.audit } : {}),
    ...(extra.clock ? { clock: extra.clock } : {}),
    ...(extra.pageSize ? { pageSize: extra.pageSize } : {}),
  });
}

/** The connector as the registry builds it for a workspace's connection to the emulator's demo company. */
export function b1EntryConnector(emu: SapB1Emulator, ws: { audit: AuditLog; clock: Clock }, connectionId: string) {
  return sapB1Entry.connector!.build({
    connectionId, name: 'OEC Computers', settings: { serviceLayerUrl: emu.v2, companyDb: emu.seed.companyDb, userName: 'manager' },
    secrets: { password: 'B1Admin!' }, audit: ws.audit, clock: ws.clock, tuning: { backoff: FAST },
  });
}

/** A balanced settlement journal of n lines in `currency`: n-1 fee lines against one clearing line. */
export function b1Journal(id: string, n = 4, currency = 'USD'): JournalDocument {
  const fees = Array.from({ length: n - 1 }, (_, i) => ({
    accountNumber: i % 2 ? '_SYS00000000030' : '_SYS00000000031', description: `Fee ${i + 1}`, debit: 1000 + i, credit: 0,
    dimensions: { '1': 'AMZ-US' },
  }));
  const total = fees.reduce((s, f) => s + f.debit, 0);
  return {
    externalDocumentNumber: `${id}-202606-JNL-V1`, documentNumber: `AMZ${id}`, postingDate: '2026-06-01', currency,
    description: `Amazon settlement ${id}`,
    lines: [...fees, { accountNumber: '_SYS00000000010', description: 'Amazon clearing', debit: 0, credit: total }],
  };
}
