import { clockStartingAt, type Clock } from '../../../core/clock/clock';
import { AcumaticaConnector } from '../../../core/erp/acumatica/connector';
import { AcumaticaSettingsSchema, type AcumaticaSecrets } from '../../../core/erp/acumatica/settings';
import type { JournalDocument } from '../../../core/erp/erp-connector';
import { startAcumaticaEmulator, type AcumaticaEmulator, type AcumaticaEmulatorOptions } from '../../../core/sandbox/acumatica/emulator';

export const CLIENT_ID = '3F2504E0-4F89-11D3-9A0C-0305E82C3301@Company';
export const START = Date.parse('2026-07-02T09:00:00Z');

export async function emulator(o: AcumaticaEmulatorOptions = {}): Promise<AcumaticaEmulator> {
  return startAcumaticaEmulator({ clock: clockStartingAt(START), ...o });
}

export function settingsFor(emu: AcumaticaEmulator, over: Record<string, unknown> = {}) {
  return AcumaticaSettingsSchema.parse({ instanceUrl: emu.url, tenant: 'Company', endpointVersion: '24.200.001', branch: 'HEADOFFICE', signIn: 'password', clientId: CLIENT_ID, username: 'admin', ...over });
}

export const SECRETS: AcumaticaSecrets = { clientSecret: 'acu-secret', password: 'acu-password' };

export function connector(emu: AcumaticaEmulator, over: Record<string, unknown> = {}, secrets: AcumaticaSecrets = SECRETS, clock: Clock = clockStartingAt(START)): AcumaticaConnector {
  return new AcumaticaConnector({
    settings: settingsFor(emu, over), secrets, clock,
    backoff: { baseMs: 1, capMs: 5, maxAttempts: 4 }, release: { intervalMs: 2, maxWaitMs: 5_000 }, settleMs: 5,
  });
}

export function journal(key = '28471003921-202606-JNL-V1'): JournalDocument {
  return {
    externalDocumentNumber: key, documentNumber: 'AMZ2606J1', postingDate: '2026-06-30', currency: 'USD', description: 'Amazon settlement',
    lines: [
      { accountNumber: '10200', description: 'Net deposit', debit: 123_45, credit: 0 },
      { accountNumber: '60100', description: 'Selling fees', debit: 10_00, credit: 0 },
      { accountNumber: '40000', description: 'Sales', debit: 0, credit: 133_45, dimensions: { SUBACCOUNT: '100-AMZUS' } },
    ],
  };
}
