import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../core/erp/http-client';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { b1Connector, b1Journal } from './sap-b1-fixtures';

let emu: SapB1Emulator | undefined;
afterEach(async () => { await emu?.stop(); });

/**
 * A session the server ends while journals are being posted (NOTES §3.1: HTTP 401 with code 301, a
 * number on /b1s/v1 and a string on /b1s/v2): the connector logs in again once, however many requests
 * were in flight on the dead session, and every natural key ends as one journal entry.
 */
describe('SAP Business One: a session that ends in the middle of a posting run', () => {
  for (const version of ['v1', 'v2'] as const) {
    it(`${version}: 401 with code 301 as a ${version === 'v1' ? 'number' : 'string'}; one more login, one journal entry per natural key`, async () => {
      emu = await startSapB1Emulator({ latencyMs: 5 });
      const calls: CallRecord[] = [];
      const c = b1Connector(emu, { version, audit: (call) => calls.push(call) });
      const docs = Array.from({ length: 12 }, (_, i) => b1Journal(`${version === 'v1' ? 41 : 42}${String(i).padStart(2, '0')}`));
      let done = 0;
      await Promise.all(docs.map(async (d) => {
        await c.postJournal(d);
        // Ended while the other posts are still queued or in flight on the same session.
        if (++done === 4) emu!.faults.expireTokens();
      }));
      await c.close();

      const rejected = calls.filter((call) => call.status === 401);
      expect(rejected.length).toBeGreaterThan(0);
      for (const call of rejected) {
        expect(JSON.parse(call.response!)).toEqual(version === 'v1'
          ? { error: { code: 301, message: { lang: 'en-us', value: 'Invalid session or session already timeout.' } } }
          : { error: { code: '301', message: 'Invalid session or session already timeout.' } });
      }
      expect(emu.stats.logins).toBe(2);
      const references = emu.journalEntries().map((j) => j.Reference);
      expect(references).toHaveLength(docs.length);
      expect(new Set(references)).toEqual(new Set(docs.map((d) => d.externalDocumentNumber)));
    });
  }
});
