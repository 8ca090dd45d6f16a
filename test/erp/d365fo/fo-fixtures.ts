import { startFoEmulator, type FoEmulator, type FoEmulatorOptions } from '../../../core/sandbox/fo/emulator';
import { D365FoConnector, type D365FoConnectorOptions } from '../../../core/erp/d365fo/client';
import { D365FoSettingsSchema } from '../../../core/erp/d365fo/settings';
import type { JournalDocument } from '../../../core/erp/erp-connector';
import { clockStartingAt } from '../../../core/clock/clock';

export const FAST_BACKOFF = { baseMs: 5, capMs: 40, maxAttempts: 8 };
export const TODAY = Date.parse('2026-06-20T12:00:00Z');

export async function foEmulator(options: FoEmulatorOptions = {}): Promise<FoEmulator> {
  return startFoEmulator({ retryAfterSeconds: 0, ...options });
}

export function foSettings(emu: FoEmulator, overrides: Record<string, unknown> = {}) {
  return D365FoSettingsSchema.parse({
    environmentUrl: emu.url, tenantId: emu.tenantId, clientId: emu.clientId, legalEntity: 'USMF', journalName: 'GenJrn',
    dimensionFormat: 'BusinessUnit, Department', signInOverride: emu.url, ...overrides,
  });
}

export function foConnector(emu: FoEmulator, overrides: Record<string, unknown> = {}, secret = emu.clientSecret, options: Partial<D365FoConnectorOptions> = {}): D365FoConnector {
  return new D365FoConnector({ settings: foSettings(emu, overrides), secrets: { clientSecret: secret }, backoff: FAST_BACKOFF, clock: clockStartingAt(TODAY), ...options });
}

export interface SentRequest { method: string; url: string; body: string; sentAt: number; answeredAt: number; status: number | null }

/** A fetch that notes every request the connector sends and when it was answered, to check what was (re)sent and when. */
export function recordingFetch(): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const recording: typeof fetch = async (input, init) => {
    const entry: SentRequest = { method: init?.method ?? 'GET', url: String(input), body: typeof init?.body === 'string' ? init.body : '', sentAt: performance.now(), answeredAt: 0, status: null };
    sent.push(entry);
    try {
      const res = await fetch(input, init);
      entry.status = res.status;
      return res;
    } finally {
      entry.answeredAt = performance.now();
    }
  };
  return { fetch: recording, sent };
}

export function journal(key: string, lines = 4): JournalDocument {
  const out: Array<JournalDocument['lines'][number]> = [];
  for (let i = 1; i < lines; i++) out.push({ accountNumber: i % 2 ? '8410' : '6100', description: `Line ${i}`, debit: i % 2 ? 1000 + i : 0, credit: i % 2 ? 0 : 1000 + i, dimensions: { BusinessUnit: '002', Department: '022' } });
  const net = out.reduce((n, l) => n + l.debit - l.credit, 0);
  out.push({ accountNumber: '2920', description: 'Amazon clearing', debit: net < 0 ? -net : 0, credit: net > 0 ? net : 0 });
  return { externalDocumentNumber: key, documentNumber: key.slice(0, 20), postingDate: '2026-06-15', currency: 'EUR', description: `Settlement ${key}`, lines: out };
}
