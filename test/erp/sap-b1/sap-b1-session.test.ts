import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clockStartingAt } from '../../../core/clock/clock';
import { offsetClock } from '../../../core/clock/offset-clock';
import { sapB1Entry } from '../../../core/erp/sap-b1/entry';
import type { ErpConnectorContext } from '../../../core/erp/erp-kind';
import { startSapB1Emulator, type SapB1Emulator } from '../../../core/sandbox/sap-b1/emulator';
import { b1Connector, FAST } from './sap-b1-fixtures';

const START = Date.parse('2026-06-20T12:00:00Z');
let emu: SapB1Emulator;
const clock = offsetClock(clockStartingAt(START));
afterEach(async () => { await emu.stop(); });

function ctx(settings: Record<string, unknown>, password: string): ErpConnectorContext {
  return {
    connectionId: 'b1', name: 'B1 Demo', settings, secrets: { password }, clock, tuning: { backoff: FAST },
    audit: { record: () => undefined } as unknown as ErpConnectorContext['audit'],
  };
}

describe('SAP Business One sessions', () => {
  beforeEach(async () => { emu = await startSapB1Emulator({ clock, maxSessions: 2 }); });

  it('an idle session past 30 minutes is renewed before use on the shared clock, without a wasted 401', async () => {
    const c = b1Connector(emu, { clock });
    await c.readReferenceData('accounts');
    clock.advance(31 * 60_000);
    emu.advanceTime(0);
    await c.readReferenceData('accounts');
    expect(emu.stats.logins).toBe(2);
    expect(emu.stats.expiredRejections).toBe(0);
    await c.close();
  });

  it('a session the server ended answers 401 / 301 in v1 (number) and v2 (string) shapes; the connector logs in again once in both', async () => {
    for (const version of ['v1', 'v2'] as const) {
      const url = `${version === 'v1' ? emu.v1 : emu.v2}/ChartOfAccounts`;
      const raw = await fetch(url, { headers: { cookie: 'B1SESSION=nope' } });
      expect(raw.status).toBe(401);
      const body = await raw.json() as { error: { code: unknown; message: unknown } };
      expect(body.error.code).toEqual(version === 'v1' ? 301 : '301');
      expect(body.error.message).toEqual(version === 'v1' ? { lang: 'en-us', value: 'Invalid session or session already timeout.' } : 'Invalid session or session already timeout.');
      const c = b1Connector(emu, { version, clock });
      await c.readReferenceData('accounts');
      emu.faults.expireTokens();
      expect((await c.readReferenceData('accounts')).records.length).toBe(emu.seed.accounts.length);
      await c.close();
    }
    expect(emu.stats.logins).toBe(4);
  });

  it('reads the chart of accounts across pages of 20 with relative next links, flagging title, frozen and blocked accounts as not postable', async () => {
    emu.seed.accounts.push(...Array.from({ length: 30 }, (_, i) => ({ ...emu.seed.accounts[1]!, Code: `_SYS0000000${String(100 + i)}`, Name: `Extra ${i}` })));
    for (const version of ['v1', 'v2'] as const) {
      const c = b1Connector(emu, { version, clock });
      const { records } = await c.readReferenceData('accounts');
      expect(records).toHaveLength(emu.seed.accounts.length);
      expect(records.filter((r) => !r.postable).map((r) => r.code)).toEqual(['_SYS00000000001', '_SYS00000000040', '_SYS00000000041']);
      await c.close();
    }
    const dims = await b1Connector(emu, { clock }).readReferenceData('dimensions');
    expect(dims.records.map((d) => [d.code, d.name, d.values?.map((v) => v.code)])).toEqual([['1', 'Channel', ['AMZ-US', 'AMZ-EU']], ['2', 'Region', ['WEST']]]);
  });

  it('test connection logs in, reads the company and its currencies, logs out; failures are in plain words', async () => {
    const settings = { serviceLayerUrl: emu.v2, companyDb: 'SBODEMOUS', userName: 'manager' };
    const ok = await sapB1Entry.connector!.test(ctx(settings, 'B1Admin!'), new AbortController().signal);
    expect(ok).toMatchObject({ status: 'ok', message: 'Connected to OEC Computers (Amazon demo) (SBODEMOUS) as manager.' });
    expect(ok.details).toContain('Local currency: USD');
    expect(emu.openSessions()).toBe(0);

    const wrongPassword = await sapB1Entry.connector!.test(ctx(settings, 'nope'), new AbortController().signal);
    expect(wrongPassword.message).toMatch(/^SAP Business One refused the user name or password for company "SBODEMOUS"/);
    const wrongCompany = await sapB1Entry.connector!.test(ctx({ ...settings, companyDb: 'SBOXX' }, 'B1Admin!'), new AbortController().signal);
    expect(wrongCompany.message).toMatch(/^SAP Business One has no company database "SBOXX"/);

    const holders = [b1Connector(emu, { clock }), b1Connector(emu, { clock })];
    for (const h of holders) await h.testConnection();
    const full = await sapB1Entry.connector!.test(ctx(settings, 'B1Admin!'), new AbortController().signal);
    expect(full.message).toMatch(/^SAP Business One has no free licence for this user/);
    for (const h of holders) await h.close();

    const unreachable = await sapB1Entry.connector!.test(ctx({ ...settings, serviceLayerUrl: 'http://127.0.0.1:9/b1s/v2' }, 'B1Admin!'), new AbortController().signal);
    expect(unreachable.message).toMatch(/^Could not reach the Service Layer at http:\/\/127\.0\.0\.1:9\/b1s\/v2/);
  });

  it('reads its sales tax codes with their names (an inactive one or one not for sales is not usable) and its freight codes (AdditionalExpenses)', async () => {
    emu.seed.taxCodes!.push({ Code: 'OLD', Name: 'Retired', Inactive: 'tYES', ValidForAR: 'tYES' }, { Code: 'AP', Name: 'Purchases only', Inactive: 'tNO', ValidForAR: 'tNO' });
    const c = b1Connector(emu, { clock });
    const tax = await c.readReferenceData('taxCodes');
    expect(tax.records.map((r) => [r.code, r.name, r.postable])).toEqual([['EX', 'Exempt', true], ['CA', 'California', true], ['NY', 'New York', true], ['OLD', 'Retired', false], ['AP', 'Purchases only', false]]);
    const freight = await c.readReferenceData('freightCodes');
    expect(freight).toEqual({ records: [['1', 'Freight'], ['2', 'Gift wrapping'], ['3', 'Amazon promotions']].map(([code, name]) => ({ id: code, code, name, postable: true, lastModified: null })), watermark: null });
    await c.close();
  });

  it('keeps at most 2 requests in flight on its session unless raised', async () => {
    emu.seed.accounts.push(...Array.from({ length: 100 }, (_, i) => ({ ...emu.seed.accounts[1]!, Code: `X${i}` })));
    const c = b1Connector(emu, { clock });
    await Promise.all(Array.from({ length: 6 }, () => c.readReferenceData('accounts')));
    expect(emu.stats.peakInFlight).toBeLessThanOrEqual(2);
    await c.close();
  });
});

describe('SAP Business One journal entry cancellation (emulator)', () => {
  beforeEach(async () => { emu = await startSapB1Emulator({ clock }); });

  it('Cancel books a reversal with swapped sides once; a second cancel is refused in B1\'s shape', async () => {
    const { b1Journal } = await import('./sap-b1-fixtures');
    const c = b1Connector(emu, { clock });
    const { documentNumber } = await c.postJournal(b1Journal('8001'));
    await c.close();
    const login = await fetch(`${emu.v1}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: emu.seed.companyDb, UserName: 'manager', Password: 'B1Admin!' }) });
    const cookie = login.headers.getSetCookie().map((h) => h.split(';')[0]).join('; ');
    const first = await fetch(`${emu.v1}/JournalEntries(${documentNumber})/Cancel`, { method: 'POST', headers: { cookie } });
    expect(first.status).toBe(204);
    const [original, reversal] = emu.journalEntries();
    expect(reversal).toMatchObject({ Original: Number(documentNumber), Reference: original!.Reference });
    expect(reversal!.JournalEntryLines[0]).toMatchObject({ Debit: original!.JournalEntryLines[0]!.Credit, Credit: original!.JournalEntryLines[0]!.Debit });
    const again = await fetch(`${emu.v1}/JournalEntries(${documentNumber})/Cancel`, { method: 'POST', headers: { cookie } });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: { code: -5002, message: { lang: 'en-us', value: expect.stringContaining('already cancelled') } } });
  });
});
